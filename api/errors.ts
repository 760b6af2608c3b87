import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type ErrorCode } from "../errors.ts";
import type { AppEnv } from "./env.ts";

/** The one table from error code to HTTP status. */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  config: 500,
  internal: 500,
};

/**
 * The only place that writes an error body: `{code, message, requestId[, details]}`.
 * Unknown errors are logged with their cause and answered with a generic 500 (no leaked messages).
 */
export function onError(err: Error, c: Context<AppEnv>): Response {
  const requestId = c.get("requestId") ?? "-";
  if (err instanceof AppError) {
    const body: Record<string, unknown> = { code: err.code, message: err.message, requestId };
    if (err.details !== undefined) body.details = err.details;
    if (STATUS[err.code] >= 500) console.error(`[${requestId}] ${err.code}: ${err.message}`, err.cause ?? "");
    return c.json(body, STATUS[err.code]);
  }
  const status = (err as { status?: number }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return c.json(
      { code: status === 404 ? "not_found" : "bad_request", message: err.message, requestId },
      status as ContentfulStatusCode,
    );
  }
  console.error(`[${requestId}] unhandled error`, err);
  return c.json({ code: "internal", message: "Internal server error", requestId }, 500);
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
