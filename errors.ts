/**
 * An error with a code, thrown in api/ only: the API maps `code` to an HTTP status in one table
 * (api/errors.ts). `cause` keeps the original error. Queries, the pipeline and the CLI throw the
 * domain errors below instead, which the API gives a code.
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

/**
 * The domain's refusals, thrown below api/ (db/, alerts/, browser/) and by the CLI in words of the
 * data, not of HTTP. The API maps each to its answer in api/errors.ts (`appErrorOf`); the CLI
 * prints the message and exits 1.
 */
export class DomainError extends Error {}

/** What the caller named does not exist (a document, a version, a fact id); nothing was changed. */
export class NotFoundError extends DomainError {
  override name = "NotFoundError";
}

/**
 * A change the data cannot take as given (a correction that does not fit the fact, a subscription
 * whose target or filters are not valid); nothing was changed. The message says what to fix.
 */
export class InvalidChangeError extends DomainError {
  override name = "InvalidChangeError";
}

/**
 * The data moved under the caller (a fact superseded by a newer analysis, a version's claim taken
 * by another worker); nothing was changed: read again and retry, or leave it to the other party.
 */
export class ConflictError extends DomainError {
  override name = "ConflictError";
}

/**
 * What the command needs cannot be used now (the database cannot be opened, reached or migrated;
 * its data directory is held by another process; chromium cannot be found or started). The
 * message says what to do; the API answers 503 with Retry-After.
 */
export class UnavailableError extends DomainError {
  override name = "UnavailableError";
}
