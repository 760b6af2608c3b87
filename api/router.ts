import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./env.ts";
import { validationHook } from "./errors.ts";

/**
 * Every API router: the app's one env type and the one validation hook, so a request that fails
 * its schema is a 400 with each issue's path, on every route alike.
 * @example export const runRoutes = apiRouter().openapi(listRoute, handler)
 */
export function apiRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
