import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { z } from "zod";
import { getDocument, listDocuments } from "../../db/queries/documents.ts";
import { listFacts } from "../../db/queries/facts.ts";
import { getOrganization, listOrganizations } from "../../db/queries/organizations.ts";
import { listSourceStatus } from "../../db/queries/sources.ts";
import { AppError } from "../../errors.ts";
import { DocumentPage, DocumentsPage } from "../views/documents-page.tsx";
import { DOCUMENT_TYPES } from "../../db/schema/documents.ts";
import { renderPage } from "../views/layout.tsx";
import { SourcesPage } from "../views/sources-page.tsx";
import { DbId } from "./shared.ts";

const PAGE = 50;
const Query = z.object({
  organization: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional()
    .catch(undefined),
  type: z.enum(DOCUMENT_TYPES).optional().catch(undefined),
  offset: z.coerce.number().int().min(0).catch(0),
});

/** Pages are forgiving where the API is strict: a bad filter in a URL is ignored, not an error page. */
export const documentPageRoutes = new Hono<AppEnv>()
  .get("/documents", async (c) => {
    const q = Query.parse({
      ...c.req.query(),
      organization: c.req.query("organization") || undefined,
      type: c.req.query("type") || undefined,
    });
    const db = c.get("db");
    const [{ total, items }, orgs] = await Promise.all([
      listDocuments(db, { ...q, limit: PAGE }),
      listOrganizations(db),
    ]);
    return renderPage(
      c,
      "Documents",
      DocumentsPage({ items, total, limit: PAGE, offset: q.offset, organization: q.organization, type: q.type, orgs }),
    );
  })
  .get("/documents/:id", async (c) => {
    const id = DbId.safeParse(c.req.param("id"));
    if (!id.success) throw new AppError("not_found", `There is no document "${c.req.param("id")}"`);
    const db = c.get("db");
    const doc = await getDocument(db, id.data);
    const { items } = await listFacts(db, { documentId: doc.id, limit: 500 });
    const org = doc.organizationId ? await getOrganization(db, doc.organizationId) : undefined;
    return renderPage(
      c,
      doc.title ?? `Document ${doc.id}`,
      DocumentPage({ doc, facts: items.filter((f) => f.status !== "superseded"), orgName: org?.name ?? null }),
    );
  })
  .get("/sources", async (c) =>
    renderPage(c, "Sources", SourcesPage({ items: await listSourceStatus(c.get("db")), csrf: c.get("session")?.csrf })),
  );
