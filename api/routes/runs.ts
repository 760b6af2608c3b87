import { apiRouter } from "../router.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { listRuns } from "../../db/queries/runs.ts";
import { crawlRuns, type CrawlRun } from "../../db/schema/crawl-runs.ts";
import { errors, iso, PageMeta, pageMeta, pageQuery } from "./shared.ts";

export const RunSchema = z
  .object({
    id: z.number().int(),
    source: z.string(),
    status: z.enum(crawlRuns.status.enumValues),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    fetched: z.number().int(),
    new: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    bytes: z.number().int(),
    queued: z
      .number()
      .int()
      .openapi({ description: "Documents handed to fetch jobs (job queue); their results add up above" }),
    error: z.string().nullable(),
    errors: z.array(z.object({ url: z.string(), kind: z.string(), message: z.string() })),
  })
  .openapi("CrawlRun");

export const shapeRun = (r: CrawlRun): z.infer<typeof RunSchema> => ({
  id: r.id,
  source: r.sourceId,
  status: r.status,
  startedAt: iso(r.startedAt),
  finishedAt: iso(r.finishedAt),
  durationMs: r.durationMs,
  fetched: r.fetched,
  new: r.new,
  changed: r.changed,
  unchanged: r.unchanged,
  failed: r.failed,
  skipped: r.skipped,
  bytes: r.bytes,
  queued: r.queued,
  error: r.error,
  errors: r.errors,
});

const list = createRoute({
  method: "get",
  path: "/api/runs",
  summary: "Crawl runs, newest first, with their counts and errors",
  request: {
    query: z.object({
      source: z.string().min(1).max(100).optional().openapi({ example: "jiu-reports" }),
      status: z.enum(crawlRuns.status.enumValues).optional(),
      ...pageQuery,
    }),
  },
  responses: {
    200: {
      description: "A page of runs",
      content: { "application/json": { schema: z.object({ items: z.array(RunSchema), meta: PageMeta }) } },
    },
    ...errors(400, 401),
  },
});

export const runRoutes = apiRouter().openapi(list, async (c) => {
  const q = c.req.valid("query");
  const { total, items } = await listRuns(c.get("db"), q);
  return c.json({ items: items.map(shapeRun), meta: pageMeta(total, q.limit, q.offset) }, 200);
});
