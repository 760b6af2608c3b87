import { createHmac } from "node:crypto";
import { RefusedTarget, type OutboundPolicy } from "../../net/outbound.ts";
import { requestPublic } from "../../net/request.ts";

/**
 * Webhook channel: one JSON POST per alert, signed so the receiver can tell it came from us.
 * The signature is HMAC-SHA256 over the raw body bytes with the subscription's secret, sent as
 * `X-SSC-Signature: sha256=<hex>`; `X-SSC-Delivery` stays the same across retries of one delivery,
 * so a receiver can drop a repeat (possible only if we crash between its 2xx and our bookkeeping).
 */

export interface WebhookRequest {
  url: string;
  secret: string | null;
  /** The exact bytes to send and sign. */
  body: string;
  deliveryId: number | string;
  /** Seconds since the epoch, sent as `X-SSC-Timestamp` (receivers may refuse stale ones). */
  timestamp: number;
  timeoutMs: number;
  /** Which addresses may be reached: public ones, plus what SSC_OUTBOUND_ALLOW names. */
  policy: OutboundPolicy;
  userAgent?: string;
}

/** What happened; `retry` says whether trying again later can help. */
export type WebhookOutcome =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; retry: boolean };

/** @example signBody("s3cret", '{"a":1}') // "sha256=..." (64 hex digits) */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** Network errors, timeouts, 408, 429 and 5xx are worth retrying; other answers will not change. */
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Posts one webhook with an explicit timeout. Never throws: the outbox turns the outcome into
 * "sent", a retry with back-off, or "failed".
 * @example await postWebhook({ url, secret, body, deliveryId: 7, timestamp: 1764400000, timeoutMs: 10_000 })
 *   // { ok: true, status: 204 }
 */
export async function postWebhook(req: WebhookRequest): Promise<WebhookOutcome> {
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "user-agent": req.userAgent ?? "ssc-monitor-webhook",
    "x-ssc-delivery": String(req.deliveryId),
    "x-ssc-timestamp": String(req.timestamp),
    "x-ssc-event": "alert",
  };
  if (req.secret) headers["x-ssc-signature"] = signBody(req.secret, req.body);
  // Webhook URLs often carry tokens in their path: messages (shown in the delivery log) name the origin only.
  const where = URL.canParse(req.url) ? `the webhook at ${new URL(req.url).origin}` : "the webhook";
  let response: { status: number; headers: { location?: string } };
  try {
    response = await requestPublic({
      url: req.url,
      method: "POST",
      headers,
      body: req.body,
      timeoutMs: req.timeoutMs,
      policy: req.policy,
    });
  } catch (cause) {
    if (cause instanceof RefusedTarget)
      return { ok: false, status: null, error: `not sent to ${where}: ${cause.reason}`, retry: false };
    const e = cause as Error & { code?: string };
    const reason =
      e.name === "TimeoutError" || e.name === "AbortError"
        ? `no answer within ${req.timeoutMs} ms`
        : (e.code ?? e.message);
    return { ok: false, status: null, error: `posting to ${where} failed: ${reason}; will retry`, retry: true };
  }
  if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
  if (response.status >= 300 && response.status < 400) {
    return {
      ok: false,
      status: response.status,
      error:
        `${where} answered a redirect (${response.headers.location ?? "no location"}); update the ` +
        `subscription's target`,
      retry: false,
    };
  }
  const retry = retryable(response.status);
  return {
    ok: false,
    status: response.status,
    error: `${where} answered ${response.status}${retry ? "; will retry" : "; not retried"}`,
    retry,
  };
}
