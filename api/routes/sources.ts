import { apiRouter } from "../router.ts";
import { createRoute, z } from "@hono/zod-openapi";
import { listSourceStatus } from "../../db/queries/sources.ts";
import { sources } from "../../db/schema/sources.ts";
import { deadJobsBySource } from "../../jobs/status.ts";
import { RunSchema, shapeRun } from "./runs.ts";
import { failureReason, scheduleInWords } from "../plain-words.ts";
import { errors, iso, PageMeta, wholeList } from "./shared.ts";

const SourceSchema = z
  .object({
    id: z.string(),
    organizationId: z.string().nullable(),
    kind: z.string(),
    enabled: z.boolean(),
    schedule: z.string().nullable(),
    scheduleText: z.string().openapi({ example: "Saturdays at 06:00 UTC" }),
    status: z.enum(sources.status.enumValues),
    lastRunAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastError: z.string().nullable(),
    failureReason: z
      .string()
      .nullable()
      .openapi({ description: "The last error in a few words", example: "host unreachable" }),
    lastRun: RunSchema.nullable(),
    deadJobs: z
      .number()
      .int()
      .openapi({ description: "This source's discovery and fetch jobs that failed every retry (`ssc-monitor jobs`)" }),
  })
  .openapi("Source");

const list = createRoute({
  method: "get",
  path: "/api/sources",
  summary: "Every source with its status, last run, last error and last success",
  responses: {
    200: {
      description: "All sources",
      content: { "application/json": { schema: z.object({ items: z.array(SourceSchema), meta: PageMeta }) } },
    },
    ...errors(401),
  },
});

export const sourceRoutes = apiRouter().openapi(list, async (c) => {
  const rows = await listSourceStatus(c.get("db"));
  const dead = await deadJobsBySource(c.get("db"));
  const items = rows.map(({ source: s, lastRun }) => ({
    id: s.id,
    organizationId: s.organizationId,
    kind: s.kind,
    enabled: s.enabled,
    schedule: s.schedule,
    scheduleText: scheduleInWords(s.schedule),
    status: s.status,
    lastRunAt: iso(s.lastRunAt),
    lastSuccessAt: iso(s.lastSuccessAt),
    lastError: s.lastError,
    failureReason: failureReason(s.lastError),
    lastRun: lastRun ? shapeRun(lastRun) : null,
    deadJobs: dead.get(s.id) ?? 0,
  }));
  return c.json({ items, meta: wholeList(items.length) }, 200);
});
