import { OpenAPIHono } from "@hono/zod-openapi";
import { randomUUID } from "node:crypto";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { VERSION } from "../version.ts";
import type { AppEnv } from "./env.ts";
import { notFound, onError, validationHook } from "./errors.ts";
import { healthRoutes } from "./routes/health.ts";
import { organizationRoutes } from "./routes/organizations.ts";

export interface AppDeps {
  db: Db;
  config: Config;
}

/**
 * The Hono application: a composition root. The db and config are passed in and put on the context.
 * @example const app = createApp({ db, config }); await app.request("/health")
 */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });
  app.use("*", async function context(c, next) {
    c.set("db", deps.db);
    c.set("config", deps.config);
    c.set("requestId", c.req.header("x-request-id") ?? randomUUID());
    await next();
    c.header("x-request-id", c.get("requestId"));
  });
  app.route("/", healthRoutes);
  app.route("/", organizationRoutes);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "ssc-monitor API", version: VERSION, description: "Support of the UN system and development banks to South-South and triangular cooperation, with evidence." },
  });
  app.onError(onError);
  app.notFound(notFound);
  return app;
}
