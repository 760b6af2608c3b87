import { createRoute, z } from "@hono/zod-openapi";
import { apiRouter } from "../router.ts";
import { sql } from "drizzle-orm";
import { jobsStatus } from "../../jobs/status.ts";
import { VERSION } from "../../version.ts";

const Jobs = z
  .object({
    queued: z.number().int(),
    retrying: z.number().int(),
    active: z.number().int(),
    failed: z.number().int(),
    dead: z.number().int(),
  })
  .openapi("JobCounts", { description: "Job queue totals; dead jobs failed every retry and wait for a person" });

const Health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: z.enum(["ok", "unreachable"]),
    version: z.string(),
    jobs: Jobs.optional(),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  summary: "Is the service up and its database reachable?",
  responses: {
    200: { description: "Healthy", content: { "application/json": { schema: Health } } },
    503: { description: "Database unreachable", content: { "application/json": { schema: Health } } },
  },
});

export const healthRoutes = apiRouter().openapi(route, async (c) => {
  try {
    await c.get("db").execute(sql`select 1`);
    const { installed, totals } = await jobsStatus(c.get("db"));
    const jobs = installed
      ? {
          queued: totals.queued,
          retrying: totals.retrying,
          active: totals.active,
          failed: totals.failed,
          dead: totals.dead,
        }
      : undefined;
    return c.json({ status: "ok" as const, database: "ok" as const, version: VERSION, ...(jobs ? { jobs } : {}) }, 200);
  } catch {
    return c.json({ status: "degraded" as const, database: "unreachable" as const, version: VERSION }, 503);
  }
});
