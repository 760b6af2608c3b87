import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../../errors.ts";
import type { AppEnv } from "../env.ts";

/**
 * A body limit on every route (hono/body-limit): a declared Content-Length over the limit is
 * refused before a byte is read, and a body without one is counted as it streams and dropped at
 * the limit, so an anonymous 100 MB POST /login never reaches memory. The answer closes the
 * connection, so the rest of the body is not read either.
 */
export const BODY_LIMITS = Object.freeze({
  /** Name, password, token, next: a few hundred bytes. */
  signInBytes: 8 * 1024,
  /** Review forms and the like: a note of 2,000 characters fits many times over. */
  formBytes: 64 * 1024,
  /** JSON API writes (reviews, subscriptions). */
  apiBytes: 256 * 1024,
});

const SIGN_IN = new Set(["/login", "/logout"]);

function limiter(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      // Close rather than drain: reading the rest of a 100 MB body only to discard it costs the
      // CPU that /health and everyone else need.
      c.header("connection", "close");
      throw new AppError("too_large", `The request body is over the limit of ${Math.round(maxSize / 1024)} KB`);
    },
  });
}

export function bodyLimits(limits = BODY_LIMITS): MiddlewareHandler<AppEnv> {
  const signIn = limiter(limits.signInBytes);
  const form = limiter(limits.formBytes);
  const api = limiter(limits.apiBytes);
  return function bodyLimitsMiddleware(c, next) {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const path = c.req.path;
    const chosen = SIGN_IN.has(path) ? signIn : path.startsWith("/api/") ? api : form;
    return chosen(c, next);
  };
}
