import { FetchError } from "../errors.ts";

/**
 * Exponential back-off with "equal jitter": half the delay is fixed so retries never bunch at
 * zero, half is random so many crawlers failing together do not return in lockstep.
 * @example backoffDelayMs(2, 500) // between 1000 and 2000
 */
export function backoffDelayMs(attempt: number, baseDelayMs: number, random: () => number = Math.random): number {
  const ceilingMs = baseDelayMs * 2 ** attempt;
  return Math.round(ceilingMs / 2 + random() * (ceilingMs / 2));
}

/**
 * Reads Retry-After, given either as seconds ("120") or as an HTTP-date; undefined when absent
 * or unreadable (the caller then backs off on its own schedule).
 * @example parseRetryAfterMs("3") // 3000
 */
export function parseRetryAfterMs(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const dateMs = Date.parse(trimmed);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

export interface RetryPolicy {
  retries: number;
  baseDelayMs: number;
  maxRetryAfterMs: number;
  signal: AbortSignal;
  onRetry(error: FetchError, attempt: number, delayMs: number): void;
}

function sleep(delayMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, delayMs);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** The error to give up with: the last one, saying how many attempts were made. */
function givingUp(error: FetchError, attempts: number, why: string): FetchError {
  return new FetchError(
    error.reason,
    `${error.message} (${why} after ${attempts} attempt${attempts === 1 ? "" : "s"}; retry on a later run)`,
    error.url,
    {
      status: error.status,
      cause: error.cause ?? error,
      retryAfterMs: error.retryAfterMs,
    },
  );
}

/**
 * Runs `attempt` until it succeeds, a non-retryable error occurs, or the retries are spent.
 * A Retry-After longer than `maxRetryAfterMs` ends the attempts at once: the host asked for
 * more patience than one run should spend, so the URL is retried on a later run.
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof FetchError) || error.kind !== "retryable" || error.reason === "aborted") throw error;
      if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryAfterMs) {
        throw givingUp(error, n + 1, `the host asks to wait ${Math.ceil(error.retryAfterMs / 1000)} s`);
      }
      if (n >= policy.retries) throw givingUp(error, n + 1, "gave up");
      const delayMs = error.retryAfterMs ?? Math.min(backoffDelayMs(n, policy.baseDelayMs), policy.maxRetryAfterMs);
      policy.onRetry(error, n + 1, delayMs);
      await sleep(delayMs, policy.signal);
    }
  }
}
