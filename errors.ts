/**
 * The one error type of the application. The API maps `code` to an HTTP status in one table
 * (api/errors.ts); the CLI prints `message` and exits non-zero. `cause` keeps the original error.
 */
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "too_large"
  | "rate_limited"
  | "unavailable"
  | "config"
  | "internal";

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.details = options?.details;
  }
  readonly details: unknown;
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
