import { apiRouter } from "../router.ts";
import { createRoute, z } from "@hono/zod-openapi";
import type { BackgroundCrawls } from "../crawl-starter.ts";
import { requireApiKey } from "../middleware/api-key.ts";
import { RunSchema, shapeRun } from "./runs.ts";
import { apiKeySecurity, errors } from "./shared.ts";

const route = createRoute({
  method: "post",
  path: "/api/crawl",
  summary: "Start a crawl now, in the background: one source, or every enabled source when none is given",
  security: apiKeySecurity,
  middleware: [requireApiKey()] as const,
  request: {
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z
            .object({ source: z.string().min(1).max(100).optional().openapi({ example: "jiu-reports" }) })
            .strict()
            .openapi("CrawlRequest"),
        },
      },
    },
  },
  responses: {
    202: {
      description: "Started; follow the runs at /api/runs",
      content: {
        "application/json": {
          schema: z.object({ sources: z.array(z.string()), runs: z.array(RunSchema), runsUrl: z.string() }),
        },
      },
    },
    ...errors(400, 401, 404, 409),
  },
});

/** POST /api/crawl; the app passes in its tracker of background crawls. */
export function crawlRoutes(background: BackgroundCrawls) {
  return apiRouter().openapi(route, async (c) => {
    const body = c.req.header("content-length") === "0" ? {} : (c.req.valid("json") ?? {});
    const { sources, runs } = await background.start({
      db: c.get("db"),
      config: c.get("config"),
      sourceId: body.source,
    });
    const runsUrl = body.source ? `/api/runs?source=${encodeURIComponent(body.source)}` : "/api/runs";
    c.header("location", runsUrl);
    return c.json({ sources, runs: runs.map(shapeRun), runsUrl }, 202);
  });
}
