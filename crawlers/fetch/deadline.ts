import { FetchError } from "../errors.ts";

/**
 * The time limits of one HTTP attempt, as one AbortSignal for `fetch` and for reading the body:
 * `timeoutMs` for the whole exchange (headers and body), `headersTimeoutMs` until the response
 * headers arrive (it covers DNS, connect and the server's first byte; Node's global fetch takes
 * no connect timeout without an undici dispatcher, so this is the closest stand-in), and the
 * fetcher's own signal (close() or the caller's AbortSignal). `why()` tells which one fired, so a
 * failure can be classified as a retryable timeout or a deliberate abort.
 */
export interface Deadline {
  signal: AbortSignal;
  why(): "timeout" | "headers-timeout" | "aborted" | null;
  headersArrived(): void;
  clear(): void;
}

export function startDeadline(parent: AbortSignal, timeoutMs: number, headersTimeoutMs: number | undefined): Deadline {
  const controller = new AbortController();
  let why: ReturnType<Deadline["why"]> = null;
  const abort = (reason: NonNullable<typeof why>) => {
    if (controller.signal.aborted) return;
    why = reason;
    controller.abort(new Error(reason));
  };
  const bodyTimer = setTimeout(() => abort("timeout"), timeoutMs);
  let headersTimer =
    headersTimeoutMs === undefined ? undefined : setTimeout(() => abort("headers-timeout"), headersTimeoutMs);
  const onParentAbort = () => abort("aborted");
  if (parent.aborted) onParentAbort();
  else parent.addEventListener("abort", onParentAbort, { once: true });
  return {
    signal: controller.signal,
    why: () => why,
    headersArrived() {
      clearTimeout(headersTimer);
      headersTimer = undefined;
    },
    clear() {
      clearTimeout(bodyTimer);
      clearTimeout(headersTimer);
      parent.removeEventListener("abort", onParentAbort);
    },
  };
}

/**
 * Turns whatever a fetch or a body read threw into a FetchError that says what happens next:
 * a timeout or a network failure is retryable, an abort ends the work.
 */
export function classifyFailure(
  error: unknown,
  url: string,
  deadline: Deadline,
  limits: { timeoutMs: number; headersTimeoutMs?: number },
): FetchError {
  if (error instanceof FetchError) return error;
  switch (deadline.why()) {
    case "timeout":
      return new FetchError("timeout", `no complete answer from ${url} within ${limits.timeoutMs} ms`, url, {
        cause: error,
      });
    case "headers-timeout":
      return new FetchError("timeout", `no response headers from ${url} within ${limits.headersTimeoutMs} ms`, url, {
        cause: error,
      });
    case "aborted":
      return new FetchError(
        "aborted",
        `fetch of ${url} aborted (fetcher closed or run cancelled); nothing recorded`,
        url,
        { cause: error },
      );
    default: {
      const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
      const certificate = tlsCertificateProblem(cause?.code);
      if (certificate)
        return new FetchError(
          "tls-certificate",
          `TLS certificate of ${new URL(url).host} refused (${certificate}, ${cause?.code}); nothing fetched from ` +
            `${url}, recorded, tried again on the next run`,
          url,
          { cause: error },
        );
      const detail = cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
      return new FetchError("network", `network error fetching ${url}: ${detail}`, url, { cause: error });
    }
  }
}

/** OpenSSL's verification codes as Node reports them, in words; null for other errors. */
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "self-signed certificate in its chain",
  CERT_HAS_EXPIRED: "expired",
  CERT_NOT_YET_VALID: "not valid yet",
  ERR_TLS_CERT_ALTNAME_INVALID: "issued for another host name",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "issuer unknown",
  UNABLE_TO_GET_ISSUER_CERT: "issuer unknown",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "issuer unknown",
  CERT_REVOKED: "revoked",
  CERT_UNTRUSTED: "untrusted",
  CERT_SIGNATURE_FAILURE: "bad signature",
};

function tlsCertificateProblem(code: string | undefined): string | null {
  if (!code) return null;
  return CERTIFICATE_PROBLEMS[code] ?? (/CERT/.test(code) ? "not trusted" : null);
}
