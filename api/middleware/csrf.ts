import { timingSafeEqual } from "node:crypto";
import type { AppEnv } from "../env.ts";
import type { Context, MiddlewareHandler } from "hono";
import { AppError } from "../../errors.ts";

/**
 * The origin forms must come from: SSC_PUBLIC_URL when set, else the one the request reached. The
 * fallback is safe here (unlike in links): a browser sends both Host and Origin itself, and another
 * site's page cannot make it send our Host with its own Origin.
 */
export function ownOrigin(c: Context<AppEnv>): string {
  return c.get("config").publicUrl ?? new URL(c.req.url).origin;
}

/**
 * Browsers send Origin on every form POST; a different one means another site's page made the
 * request. When Origin is absent (old browsers, privacy settings) the Referer is checked instead.
 */
export function assertSameOrigin(c: Context<AppEnv>): void {
  const origin = c.req.header("origin");
  const referer = c.req.header("referer");
  const seen =
    origin && origin !== "null" ? origin : referer && URL.canParse(referer) ? new URL(referer).origin : origin;
  if (seen !== undefined && seen !== ownOrigin(c))
    throw new AppError("forbidden", "This form was sent from another site; open the page here and send it again");
}

export function tokensMatch(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a),
    y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Every form POST of a signed-in analyst: same origin, and the session's CSRF token in the `csrf`
 * field. Without a session the form cannot have come from us (401: sign in first).
 */
export function requireSessionForm(): MiddlewareHandler<AppEnv> {
  return async function csrfMiddleware(c, next) {
    assertSameOrigin(c);
    const session = c.get("session");
    if (!session) throw new AppError("unauthorized", "Sign in to review facts");
    const body = await c.req.parseBody();
    if (!tokensMatch(typeof body.csrf === "string" ? body.csrf : undefined, session.csrf)) {
      throw new AppError(
        "forbidden",
        "The form has expired or did not come from this site; reload the page and try again",
      );
    }
    await next();
  };
}
