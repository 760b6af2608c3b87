import { apiRouter } from "./router.ts";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { createOverviewStore, type OverviewStore } from "../db/queries/overview-store.ts";
import { VERSION } from "../version.ts";
import type { AppEnv } from "./env.ts";
import { createLogger, type LogLevel } from "../crawlers/log.ts";
import type { Logger } from "../crawlers/types.ts";
import { createBackgroundCrawls, type BackgroundCrawls } from "./crawl-starter.ts";
import { loadApiKey } from "./middleware/api-key.ts";
import { bodyLimits } from "./middleware/body-limits.ts";
import { limitHeavyReads } from "./middleware/heavy-reads.ts";
import { refuseNul } from "./middleware/no-nul.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { readAccess } from "./middleware/read-access.ts";
import { loadSession } from "./middleware/session.ts";
import { pageNotFound, pageOnError } from "./page-errors.ts";
import { alertsApp } from "./routes/alerts.ts";
import { auditRoutes } from "./routes/audit.ts";
import { documentPageRoutes } from "./routes/document-pages.ts";
import { documentRoutes } from "./routes/documents.ts";
import { crawlRoutes } from "./routes/crawl.ts";
import { crawlPageRoutes } from "./routes/crawl-pages.ts";
import { docsRoutes } from "./routes/docs.ts";
import { factPageRoutes } from "./routes/fact-pages.ts";
import { factRoutes } from "./routes/facts.ts";
import { healthRoutes } from "./routes/health.ts";
import { loginRoutes } from "./routes/login.ts";
import { organizationRoutes } from "./routes/organizations.ts";
import { overviewPageRoutes } from "./routes/overview-pages.ts";
import { overviewRoutes } from "./routes/overview.ts";
import { runRoutes } from "./routes/runs.ts";
import { sourceRoutes } from "./routes/sources.ts";
import { workbenchPageRoutes } from "./routes/workbench-pages.ts";

export interface AppDeps {
  db: Db;
  config: Config;
  /** Crawls started by POST /api/crawl; pass one in to wait for them (tests, shutdown). */
  crawls?: BackgroundCrawls;
  /** The kept overview; one per app unless passed in. */
  overviews?: OverviewStore;
  /** Where server errors are logged; default: stderr at the configured LOG_LEVEL. */
  log?: Logger;
}

const OPENAPI = {
  openapi: "3.1.0",
  info: {
    title: "ssc-monitor API",
    version: VERSION,
    description:
      "Support of the UN system and development banks to South-South and triangular cooperation, with evidence.",
  },
};

/**
 * The Hono application: a composition root. The db and config are passed in and put on the context.
 * Order matters: who is asking (API key, session) is known before the read gate and the routes.
 * @example const app = createApp({ db, config }); await app.request("/health")
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = apiRouter();
  const overviews = deps.overviews ?? createOverviewStore();
  const log = deps.log ?? createLogger(deps.config.logLevel as LogLevel, process.stderr);
  app.use("*", async function context(c, next) {
    c.set("db", deps.db);
    c.set("config", deps.config);
    c.set("overviews", overviews);
    c.set("log", log);
    await next();
  });
  // A client's X-Request-Id is kept only if short and plain (it ends up in the log), else replaced.
  app.use("*", requestId({ limitLength: 128 }));
  // Before anyone is looked up: headers on every answer, then bodies bounded and free of NUL bytes.
  app.use("*", securityHeaders(), bodyLimits(), refuseNul());
  app.use("*", loadApiKey(), loadSession(), readAccess(), limitHeavyReads());
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API key from `ssc-monitor keys create NAME`",
  });
  const crawls = deps.crawls ?? createBackgroundCrawls();
  for (const routes of [
    healthRoutes,
    organizationRoutes,
    overviewRoutes,
    factRoutes,
    documentRoutes,
    runRoutes,
    sourceRoutes,
    crawlRoutes(crawls),
    alertsApp,
    auditRoutes,
  ])
    app.route("/", routes);
  for (const pages of [
    loginRoutes,
    overviewPageRoutes,
    factPageRoutes,
    documentPageRoutes,
    workbenchPageRoutes,
    crawlPageRoutes(crawls),
  ])
    app.route("/", pages);
  app.doc31("/openapi.json", OPENAPI);
  app.route(
    "/",
    docsRoutes(() => app.getOpenAPI31Document(OPENAPI)),
  );
  app.onError(pageOnError);
  app.notFound(pageNotFound);
  return app;
}
