import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  AppError,
  ConflictError,
  DomainError,
  type ErrorCode,
  InvalidChangeError,
  NotFoundError,
  UnavailableError,
} from "../errors.ts";
import { createLogger } from "../crawlers/log.ts";
import type { Logger } from "../crawlers/types.ts";
import type { AppEnv } from "./env.ts";

/** The one table from error code to HTTP status. */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  config: 500,
  internal: 500,
};

/** The domain's refusals (errors.ts) as the API answers them. */
function domainCode(err: DomainError): ErrorCode {
  if (err instanceof NotFoundError) return "not_found";
  if (err instanceof InvalidChangeError) return "bad_request";
  if (err instanceof ConflictError) return "conflict";
  if (err instanceof UnavailableError) return "unavailable";
  return "internal";
}

/**
 * The error as the API answers it: a refusal of the domain becomes the AppError of its code, a
 * database that cannot be reached an "unavailable" one; anything else is left as it is.
 * @example appErrorOf(new NotFoundError("No fact with id 9.")).code // "not_found"
 */
export function appErrorOf(err: Error): Error {
  if (err instanceof DomainError) return new AppError(domainCode(err), err.message, { cause: err });
  if (!(err instanceof AppError) && isDatabaseUnavailable(err)) return unavailable(err);
  return err;
}

/**
 * The only place that writes an error body: `{code, message, requestId[, details]}`.
 * Unknown errors are logged with their cause and answered with a generic 500 (no leaked messages).
 */
export function onError(error: Error, c: Context<AppEnv>): Response {
  const requestId = c.get("requestId") ?? "-";
  const err = appErrorOf(error);
  if (err instanceof AppError && err.code === "unavailable") c.header("retry-after", "10");
  if (err instanceof AppError) {
    const body: Record<string, unknown> = { code: err.code, message: err.message, requestId };
    if (err.details !== undefined) body.details = err.details;
    if (STATUS[err.code] >= 500)
      logOf(c).error(`api: ${err.code}: ${err.message}`, { requestId, cause: errorField(err.cause) });
    return c.json(body, STATUS[err.code]);
  }
  const status = (err as { status?: number }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return c.json(
      { code: status === 404 ? "not_found" : "bad_request", message: err.message, requestId },
      status as ContentfulStatusCode,
    );
  }
  logOf(c).error("api: unhandled error", { requestId, error: errorField(err) });
  return c.json({ code: "internal", message: "Internal server error", requestId }, 500);
}

/** The app's logger; stderr when a route runs outside createApp (unit tests of one router). */
function logOf(c: Context<AppEnv>): Logger {
  return c.get("log") ?? createLogger("error", process.stderr);
}

/** An error as one log field: its message and stack (JSON.stringify drops both from an Error). */
function errorField(error: unknown): unknown {
  return error instanceof Error ? { message: error.message, stack: error.stack } : error;
}

/**
 * postgres.js connection codes, PostgreSQL classes 08 (connection) and 57P (shutdown), 53300 (too many connections).
 */
const UNREACHABLE_CODES = new RegExp(
  String.raw`^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|` +
    String.raw`CONNECT_TIMEOUT|CONNECTION_(ENDED|DESTROYED|CLOSED)|08\w{3}|57P0[1-3]|53300)$`,
);

/** The error as the client should see it: a database that cannot be reached is a 503 "unavailable". */
export function unavailable(err: Error): AppError {
  return new AppError("unavailable", "The database is unreachable; try again in a moment", { cause: err });
}

/**
 * True when an error (or any error in its cause chain: drizzle wraps the driver's) says the
 * database cannot be reached or is closed, as opposed to a bad query: that is a 503, not a 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === "string" && UNREACHABLE_CODES.test(code)) return true;
    if (typeof message === "string" && /PGlite is closed|database system is (shutting down|starting up)/i.test(message))
      return true;
    if (e instanceof AggregateError && e.errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}

/** zod-openapi's hook: a request that fails validation becomes a bad_request AppError with the issues. */
export function validationHook(result: {
  success: boolean;
  error?: { issues: Array<{ path: PropertyKey[]; message: string }> };
}): void {
  if (!result.success) {
    const issues = result.error?.issues ?? [];
    const text = issues.map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new AppError("bad_request", `Invalid request: ${text}`, {
      details: issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    });
  }
}
