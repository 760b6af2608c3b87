import { Hono, type Context } from "hono";
import type { AppEnv } from "../env.ts";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { checkCredentials, endSession, SESSION_COOKIE, startSession } from "../auth/sessions.ts";
import { recordAudit } from "../../db/queries/audit.ts";
import { blockMessage, signInBlock } from "../auth/throttle.ts";
import { newToken } from "../auth/tokens.ts";
import { clientAddress } from "../client-address.ts";
import { assertSameOrigin, requireSessionForm, tokensMatch } from "../middleware/csrf.ts";
import { clearSessionCookie, isHttps, setSessionCookie } from "../middleware/session.ts";
import { renderPage } from "../views/layout.tsx";
import { LoginPage, LogoutPage } from "../views/login-page.tsx";

/** Before a session exists, the sign-in form is guarded by a double-submit cookie (plus the Origin check). */
const LOGIN_CSRF_COOKIE = "ssc_login_csrf";

/** Only local paths: a crafted `next=https://evil.example` must not turn sign-in into an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])[^\s\\]*$/.test(next) ? next : "/";
}

const LoginForm = z.object({
  name: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
  csrf: z.string().min(1),
  next: z.string().optional(),
});

function showForm(
  c: Context<AppEnv>,
  next: string,
  status: 200 | 400 | 401 | 403 | 429,
  error?: string,
  name?: string,
) {
  const csrf = getCookie(c, LOGIN_CSRF_COOKIE) ?? newToken(18);
  setCookie(c, LOGIN_CSRF_COOKIE, csrf, {
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c),
    path: "/login",
    maxAge: 3600,
  });
  return renderPage(c, "Sign in", LoginPage({ next, csrf, error, name }), status);
}

export const loginRoutes = new Hono<AppEnv>()
  .get("/login", (c) =>
    c.get("session") ? c.redirect(safeNext(c.req.query("next")), 303) : showForm(c, safeNext(c.req.query("next")), 200),
  )
  .post("/login", async (c) => {
    assertSameOrigin(c);
    const parsed = LoginForm.safeParse(await c.req.parseBody());
    const next = safeNext(parsed.data?.next);
    if (!parsed.success) return showForm(c, next, 400, "Enter your name and password.");
    if (!tokensMatch(parsed.data.csrf, getCookie(c, LOGIN_CSRF_COOKIE)))
      return showForm(c, next, 403, "The form had expired. Please sign in again.", parsed.data.name);
    const db = c.get("db");
    const name = parsed.data.name;
    const address = clientAddress(c);
    const now = new Date();
    const block = await signInBlock(db, { name, address, now });
    if (block) {
      const detail = { until: block.until.toISOString(), locked: block.locked, scope: block.scope };
      await recordAudit(db, { event: "sign-in-refused", actor: name, actorKind: "anonymous", address, detail });
      c.header("retry-after", String(Math.max(1, Math.ceil((block.until.getTime() - now.getTime()) / 1000))));
      return showForm(c, next, 429, blockMessage(block, now), name);
    }
    const user = await checkCredentials(db, name, parsed.data.password);
    if (!user) {
      await recordAudit(db, { event: "sign-in-failed", actor: name, actorKind: "anonymous", address });
      // Said at once when this failure starts a delay or a lock, not only at the next attempt.
      const after = await signInBlock(db, { name, address, now: new Date() });
      const notice = after ? ` ${blockMessage(after, new Date())}` : "";
      return showForm(c, next, 401, `Wrong name or password.${notice}`, name);
    }
    await recordAudit(db, { event: "sign-in", actor: user.name, actorKind: "user", address });
    const session = await startSession(db, user.id, new Date());
    setSessionCookie(c, session.token);
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: "/login", secure: isHttps(c) });
    return c.redirect(next, 303);
  })
  .get("/logout", (c) => {
    const session = c.get("session");
    return session ? renderPage(c, "Sign out", LogoutPage({ csrf: session.csrf })) : c.redirect("/", 303);
  })
  .post("/logout", requireSessionForm(), async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await endSession(c.get("db"), token, new Date());
    const actor = c.get("session")!.userName;
    await recordAudit(c.get("db"), { event: "sign-out", actor, actorKind: "user", address: clientAddress(c) });
    clearSessionCookie(c);
    return c.redirect("/", 303);
  });
