import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { AppError } from "../../errors.ts";

/** Paths anyone may read even when reads are private: signing in, health checks, the API description. */
const ALWAYS_OPEN = [/^\/health$/, /^\/login$/, /^\/logout$/, /^\/openapi\.json$/, /^\/docs$/];

/**
 * Reading is open by default (SSC_PUBLIC_READS=true). When it is not, every read needs an API key
 * or a signed-in analyst: the API answers 401, pages send the browser to the sign-in form.
 */
export function readAccess(): MiddlewareHandler<AppEnv> {
  return async function readAccessMiddleware(c, next) {
    if (c.get("config").publicReads || c.get("actor") || ALWAYS_OPEN.some((re) => re.test(c.req.path))) return next();
    if (c.req.path.startsWith("/api/") || c.req.method !== "GET") {
      throw new AppError("unauthorized", "Reading needs an API key or a signed-in session on this server");
    }
    const next_ = c.req.path + new URL(c.req.url).search;
    return c.redirect(`/login?next=${encodeURIComponent(next_)}`, 303);
  };
}
