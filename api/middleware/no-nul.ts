import type { MiddlewareHandler } from "hono";
import { AppError } from "../../errors.ts";
import type { AppEnv } from "../env.ts";

/**
 * NUL bytes are refused at the door with a 400: PostgreSQL cannot store them in text, so one in a
 * query parameter, a form field, a JSON string or a review note used to end as a 500 deep in a
 * query. Checked on the raw URL (`%00` in any case) and on the decoded fields of form and JSON
 * bodies; both bodies are cached by Hono, so handlers read them again for free.
 */

const NUL_IN_URL = /%00|\0/i;

function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\0");
  if (depth > 64 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes("\0") || hasNul(v, depth + 1));
}

const refuse = (where: string) =>
  new AppError("bad_request", `The ${where} contains a NUL character (\\0), which is not allowed`);

export function refuseNul(): MiddlewareHandler<AppEnv> {
  return async function noNulMiddleware(c, next) {
    if (NUL_IN_URL.test(c.req.url)) throw refuse("URL");
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const type = c.req.header("content-type")?.split(";")[0].trim().toLowerCase() ?? "";
      if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") {
        if (hasNul(await c.req.parseBody({ all: true }))) throw refuse("form");
      } else if (type === "application/json" || type.endsWith("+json")) {
        const text = await c.req.text();
        if (text.includes("\0")) throw refuse("request body");
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          // Not JSON: the route's validator says so with its own 400.
        }
        if (hasNul(parsed)) throw refuse("request body");
      }
    }
    await next();
  };
}
