import { apiRouter } from "../router.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { getFact, listFacts } from "../../db/queries/facts.ts";
import { reviewFact } from "../../db/queries/reviews.ts";
import { facts } from "../../db/schema/facts.ts";
import { auditRequest } from "../audit.ts";
import { ReviewBody } from "../review-input.ts";
import { requireApiKey } from "../middleware/api-key.ts";
import { FactDetailSchema, FactSchema, shapeDetail, shapeListItem } from "./fact-schemas.ts";
import { knownOrganization } from "./known-organization.ts";
import { apiKeySecurity, errors, IdParam, OrganizationId, PageMeta, pageMeta, pageQuery, YearValue } from "./shared.ts";

const list = createRoute({
  method: "get",
  path: "/api/facts",
  summary: "Facts with their evidence links, filtered and paginated (newest first)",
  request: {
    query: z.object({
      organization: OrganizationId.optional().openapi({ description: "Any case: UNDP or undp", example: "undp" }),
      year: YearValue.optional().openapi({ description: "Facts whose period covers this year", example: 2024 }),
      kind: z.enum(facts.kind.enumValues).optional(),
      status: z.enum(facts.status.enumValues).optional(),
      ...pageQuery,
    }),
  },
  responses: {
    200: {
      description: "A page of facts",
      content: { "application/json": { schema: z.object({ items: z.array(FactSchema), meta: PageMeta }) } },
    },
    ...errors(400, 401, 404),
  },
});

const one = createRoute({
  method: "get",
  path: "/api/facts/{id}",
  summary: "One fact with its evidence: quote in its passage, page, document link at that page, review history",
  request: { params: IdParam },
  responses: {
    200: { description: "The fact", content: { "application/json": { schema: FactDetailSchema } } },
    ...errors(400, 401, 404),
  },
});

const review = createRoute({
  method: "patch",
  path: "/api/facts/{id}",
  summary:
    "Review a fact: confirm, correct (value, currency, period, count, basis, subject), reject or reset; recorded " +
    "with the key's name",
  security: apiKeySecurity,
  middleware: [requireApiKey()] as const,
  request: { params: IdParam, body: { required: true, content: { "application/json": { schema: ReviewBody } } } },
  responses: {
    200: { description: "The fact after review", content: { "application/json": { schema: FactDetailSchema } } },
    ...errors(400, 401, 404, 409),
  },
});

export const factRoutes = apiRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid("query");
    if (q.organization) await knownOrganization(c.get("db"), q.organization);
    const { total, items } = await listFacts(c.get("db"), q);
    return c.json({ items: items.map(shapeListItem), meta: pageMeta(total, q.limit, q.offset) }, 200);
  })
  .openapi(one, async (c) => c.json(shapeDetail(await getFact(c.get("db"), c.req.valid("param").id)), 200))
  .openapi(review, async (c) => {
    const { id } = c.req.valid("param");
    const actor = c.get("actor")!;
    const review = c.req.valid("json");
    await reviewFact(c.get("db"), { id, ...review, actor: actor.name, actorKind: "api-key" });
    await auditRequest(c, "review", { factId: id, action: review.action });
    return c.json(shapeDetail(await getFact(c.get("db"), id)), 200);
  });
