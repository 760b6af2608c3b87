import type { Context } from "hono";
import { AppError } from "../errors.ts";
import type { AppEnv } from "./env.ts";
import { appErrorOf, onError } from "./errors.ts";
import { ErrorPage } from "./views/error-page.tsx";
import { renderPage } from "./views/layout.tsx";

type PageStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503;

/** JSON clients get api/errors.ts's body; people in a browser get a page that says what to do next. */
function wantsHtml(c: Context<AppEnv>): boolean {
  const path = c.req.path;
  if (path.startsWith("/api/") || path === "/openapi.json" || path === "/health" || path.endsWith(".atom"))
    return false;
  const accept = c.req.header("accept") ?? "";
  return accept.includes("text/html") || !accept.includes("application/json");
}

/** A local path to go back to, from the Referer of the failed request. */
function backLink(c: Context<AppEnv>): string | undefined {
  const referer = c.req.header("referer");
  if (!referer || !URL.canParse(referer)) return undefined;
  const u = new URL(referer);
  return u.host === new URL(c.req.url).host ? u.pathname + u.search : undefined;
}

/**
 * The app's error handler: api/errors.ts writes (and logs) every error; for pages its status and,
 * for errors the user can act on, its message are shown as a page instead of JSON. Server errors
 * keep their message private, as in the JSON answer.
 */
export async function pageOnError(error: Error, c: Context<AppEnv>): Promise<Response> {
  const err = appErrorOf(error);
  const json = onError(err, c);
  if (!wantsHtml(c)) return json;
  const status = json.status as PageStatus;
  const shown = err instanceof AppError && (status < 500 || err.code === "unavailable");
  const message = shown
    ? err.message
    : `Something went wrong on the server. It was logged with request id ${c.get("requestId")}.`;
  const back = backLink(c);
  const signIn = status === 401 ? `/login?next=${encodeURIComponent(back ?? "/")}` : undefined;
  return renderPage(c, "Error", ErrorPage({ status, message, signIn, back }), status);
}

export function pageNotFound(c: Context<AppEnv>): Response | Promise<Response> {
  return pageOnError(new AppError("not_found", `There is no page at ${c.req.path}`), c);
}
