import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { resolveSession, SESSION_COOKIE, SESSION_TTL_MS } from "../auth/sessions.ts";

/** True when the browser reached us over https (directly, behind a proxy, or by configuration). */
export function isHttps(c: Context<AppEnv>): boolean {
  if (c.get("config").publicUrl?.startsWith("https:")) return true;
  if (c.req.header("x-forwarded-proto")?.split(",")[0]?.trim() === "https") return true;
  return new URL(c.req.url).protocol === "https:";
}

/** HttpOnly keeps scripts away from the token; SameSite=Lax keeps other sites' forms from sending it. */
export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: isHttps(c),
    path: "/",
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c) });
}

/**
 * Puts the signed-in analyst (if any) on the context as `session` and `actor`. An expired or
 * unknown cookie is cleared and the request continues as anonymous.
 */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async function sessionMiddleware(c, next) {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const session = await resolveSession(c.get("db"), token, new Date());
      if (session) {
        c.set("session", session);
        // An API key sent alongside a cookie stays the actor: the API's write routes need the key.
        if (!c.get("actor")) c.set("actor", { name: session.userName, kind: "user" });
      } else {
        clearSessionCookie(c);
      }
    }
    await next();
  };
}
