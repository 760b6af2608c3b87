import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { listRuns } from "../../db/queries/runs.ts";
import type { BackgroundCrawls } from "../crawl-starter.ts";
import { requireSessionForm } from "../middleware/csrf.ts";
import { CrawlPage } from "../views/crawl-page.tsx";
import { renderPage } from "../views/layout.tsx";

const RUNS_SHOWN = 30;
const REFRESH_SECONDS = 3;

/** A signed-in analyst starts a crawl from the pages and watches it at /crawl. */
export function crawlPageRoutes(background: BackgroundCrawls) {
  return new Hono<AppEnv>()
    .post("/crawl", requireSessionForm(), async (c) => {
      const form = await c.req.parseBody();
      const source = typeof form.source === "string" && form.source ? form.source : undefined;
      const { sources } = await background.start({ db: c.get("db"), config: c.get("config"), sourceId: source });
      return c.redirect(`/crawl?started=${encodeURIComponent(sources.join(","))}`, 303);
    })
    .get("/crawl", async (c) => {
      const { items } = await listRuns(c.get("db"), { limit: RUNS_SHOWN, offset: 0 });
      if (items.some((r) => r.status === "running")) c.header("refresh", String(REFRESH_SECONDS));
      const started = (c.req.query("started") ?? "").split(",").filter(Boolean).slice(0, 50);
      return renderPage(c, "Crawls", CrawlPage({ runs: items, csrf: c.get("session")?.csrf, started }));
    });
}
