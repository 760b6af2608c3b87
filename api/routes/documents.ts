import { apiRouter } from "../router.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { getDocument, listDocuments, type DocumentListItem } from "../../db/queries/documents.ts";
import { DOCUMENT_TYPES, documents } from "../../db/schema/documents.ts";
import { documentVersions } from "../../db/schema/document-versions.ts";
import { knownOrganization } from "./known-organization.ts";
import { errors, IdParam, iso, OrganizationId, PageMeta, pageMeta, pageQuery } from "./shared.ts";

const DocumentSchema = z
  .object({
    id: z.number().int(),
    organizationId: z.string().nullable(),
    sourceId: z.string().nullable(),
    url: z.string(),
    title: z.string().nullable(),
    type: z.enum(DOCUMENT_TYPES).nullable(),
    symbol: z.string().nullable(),
    period: z.string().nullable(),
    language: z.string().nullable(),
    status: z.enum(documents.status.enumValues),
    lastError: z.string().nullable(),
    versions: z.number().int(),
    facts: z.number().int(),
    lastFetchedAt: z.string().nullable(),
  })
  .openapi("Document");

const VersionSchema = z
  .object({
    id: z.number().int(),
    sha256: z.string(),
    bytes: z.number().int(),
    mediaType: z.string(),
    url: z.string(),
    fetchedAt: z.string().nullable(),
    textStatus: z.enum(documentVersions.textStatus.enumValues),
    error: z.string().nullable(),
    pageCount: z.number().int().nullable(),
    language: z.string().nullable(),
    analysisStatus: z.enum(documentVersions.analysisStatus.enumValues),
    analysisError: z.string().nullable(),
    passages: z.number().int(),
    relevantPassages: z.number().int(),
    facts: z.number().int(),
  })
  .openapi("DocumentVersion");

const shape = (d: DocumentListItem) => ({
  id: d.id,
  organizationId: d.organizationId,
  sourceId: d.sourceId,
  url: d.url,
  title: d.title,
  type: d.type,
  symbol: d.symbol,
  period: d.period,
  language: d.language,
  status: d.status,
  lastError: d.lastError,
  versions: d.versions,
  facts: d.facts,
  lastFetchedAt: iso(d.lastFetchedAt),
});

const list = createRoute({
  method: "get",
  path: "/api/documents",
  summary: "Documents collected, newest first, with their version and fact counts",
  request: {
    query: z.object({
      organization: OrganizationId.optional().openapi({ description: "Any case: UNDP or undp", example: "undp" }),
      type: z.enum(DOCUMENT_TYPES).optional(),
      ...pageQuery,
    }),
  },
  responses: {
    200: {
      description: "A page of documents",
      content: { "application/json": { schema: z.object({ items: z.array(DocumentSchema), meta: PageMeta }) } },
    },
    ...errors(400, 401, 404),
  },
});

const one = createRoute({
  method: "get",
  path: "/api/documents/{id}",
  summary: "One document with its versions (newest first)",
  request: { params: IdParam },
  responses: {
    200: {
      description: "The document",
      content: {
        "application/json": {
          schema: DocumentSchema.omit({ versions: true, facts: true, lastFetchedAt: true }).extend({
            versions: z.array(VersionSchema),
          }),
        },
      },
    },
    ...errors(400, 401, 404),
  },
});

export const documentRoutes = apiRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid("query");
    if (q.organization) await knownOrganization(c.get("db"), q.organization);
    const { total, items } = await listDocuments(c.get("db"), q);
    return c.json({ items: items.map(shape), meta: pageMeta(total, q.limit, q.offset) }, 200);
  })
  .openapi(one, async (c) => {
    const d = await getDocument(c.get("db"), c.req.valid("param").id);
    const versions = d.versions.map((v) => ({
      id: v.id,
      sha256: v.sha256,
      bytes: v.bytes,
      mediaType: v.mediaType,
      url: v.url,
      fetchedAt: iso(v.fetchedAt),
      textStatus: v.textStatus,
      error: v.error,
      pageCount: v.pageCount,
      language: v.language,
      analysisStatus: v.analysisStatus,
      analysisError: v.analysisError,
      passages: v.passages,
      relevantPassages: v.relevantPassages,
      facts: v.facts,
    }));
    const { id, organizationId, sourceId, url, title, type, symbol, period, language, status, lastError } = d;
    return c.json(
      { id, organizationId, sourceId, url, title, type, symbol, period, language, status, lastError, versions },
      200,
    );
  });
