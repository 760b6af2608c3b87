import type { FetchErrorKind } from "./types.ts";

/**
 * Why a fetch failed. The kind (what happens next) follows from the reason; see `kindOf`.
 * - retryable: "timeout", "network", "http-429", "http-5xx", "robots-unavailable", "aborted"
 * - permanent: "not-found", "http-4xx", "robots-disallowed", "host-not-allowed", "bad-url",
 *   "too-large", "too-many-redirects", "redirect-loop", "empty-body", "bad-content",
 *   "tls-certificate" (the server's certificate is self-signed, expired, for another name...: not
 *   retried in this run, recorded on the document, tried again on the next run)
 * - source-broken: "unauthorized" (401/407: the source's credentials are wrong for every URL)
 */
export type FetchErrorReason =
  | "timeout"
  | "network"
  | "http-429"
  | "http-5xx"
  | "robots-unavailable"
  | "aborted"
  | "not-found"
  | "http-4xx"
  | "robots-disallowed"
  | "host-not-allowed"
  | "bad-url"
  | "too-large"
  | "too-many-redirects"
  | "redirect-loop"
  | "empty-body"
  | "bad-content"
  | "tls-certificate"
  | "unauthorized";

const RETRYABLE = new Set<FetchErrorReason>([
  "timeout",
  "network",
  "http-429",
  "http-5xx",
  "robots-unavailable",
  "aborted",
]);
const SOURCE_BROKEN = new Set<FetchErrorReason>(["unauthorized"]);

/** The kind that a reason implies, so callers and the fetcher never disagree about it. */
export function kindOf(reason: FetchErrorReason): FetchErrorKind {
  if (RETRYABLE.has(reason)) return "retryable";
  if (SOURCE_BROKEN.has(reason)) return "source-broken";
  return "permanent";
}

/**
 * Thrown by the fetcher (crawlers/fetch) for every failed request; `kind` says what follows:
 * - "retryable": the fetcher already retried as configured (network error, timeout, 429, 5xx,
 *   robots.txt unreachable); the crawl run counts the document as failed and tries it again on
 *   its next run. Nothing is stored.
 * - "permanent": the answer is final for this URL (404/410, other 4xx, disallowed by robots.txt,
 *   host not allowed, too large, redirect loop, empty body, not the expected content). The run
 *   records the reason on the document and goes on with the others.
 * - "source-broken": every URL of this source will fail the same way (credentials refused);
 *   the run stops this source, surfaces the error in its status, and the other sources go on.
 */
export class FetchError extends Error {
  readonly kind: FetchErrorKind;
  constructor(
    readonly reason: FetchErrorReason,
    message: string,
    readonly url: string,
    options: { status?: number; cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "FetchError";
    this.kind = kindOf(reason);
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
  /** HTTP status of the answer that failed, when there was one. */
  readonly status: number | undefined;
  /** How long the server asked us to wait (Retry-After), when it did. */
  readonly retryAfterMs: number | undefined;
}

export const isFetchError = (e: unknown): e is FetchError => e instanceof FetchError;

/**
 * Why text could not be extracted from a fetched body:
 * "malformed-pdf", "encrypted-pdf", "timeout" (the parser took too long), "too-large" (the reader
 * needed more memory, or the document gave more text, than allowed), "unsupported-media-type".
 */
export type ExtractErrorReason = "malformed-pdf" | "encrypted-pdf" | "timeout" | "too-large" | "unsupported-media-type";

/**
 * Thrown by crawlers/extract when a body cannot be turned into text. It is always final for that
 * content: the crawl run records `message` (e.g. "malformed PDF: Invalid PDF structure.",
 * "encrypted PDF") on the stored version and goes on; the same bytes are not parsed again, a new
 * version of the document is.
 */
export class ExtractError extends Error {
  constructor(
    readonly reason: ExtractErrorReason,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ExtractError";
  }
}

export const isExtractError = (e: unknown): e is ExtractError => e instanceof ExtractError;

/**
 * True when an error met on one part of a source (a file, a listing or project page, a document)
 * must end the source's run instead of being recorded as that part's problem: the source is
 * broken (credentials refused) or the run was stopped.
 * @example endsTheSource(new FetchError("unauthorized", "401", url)) // true
 */
export function endsTheSource(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  return isFetchError(error) && (error.kind === "source-broken" || error.reason === "aborted");
}
