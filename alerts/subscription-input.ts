import { randomBytes } from "node:crypto";
import { InvalidChangeError } from "../errors.ts";
import type { Subscription } from "../db/queries/subscriptions.ts";
import { checkResolved, checkUrl, outboundPolicy, RefusedTarget } from "../net/outbound.ts";
import { maskTarget } from "./mask.ts";

/**
 * Checks what a person asks to subscribe to, the same from the API and from the command line,
 * and says what to fix. Webhooks always get a secret (generated when none is given, and shown
 * once) so every delivery can be signed.
 */

export interface SubscriptionInput {
  name?: string;
  channel: "webhook" | "email";
  target: string;
  secret?: string | null;
  organization?: string | null;
  subject?: string | null;
  metric?: string | null;
  digest?: "none" | "daily" | "weekly";
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
/** "funding", "funding:budget", "posts", "posts:P-4", "posts:total", "presence". */
export const METRIC = /^(?:presence|(?:funding|posts)(?::[A-Za-z0-9() .-]{1,30})?)$/;

/**
 * The target as written: an e-mail address, or an http(s) webhook URL without credentials whose
 * host, if an IP literal in any spelling, is public (or allowed by SSC_OUTBOUND_ALLOW).
 */
export function checkTarget(channel: "webhook" | "email", target: string, policy = outboundPolicy()): void {
  if (channel === "email" && !EMAIL.test(target)) throw new InvalidChangeError(`"${target}" is not an e-mail address`);
  if (channel === "webhook") {
    try {
      checkUrl(target, policy);
    } catch (e) {
      if (e instanceof RefusedTarget) throw new InvalidChangeError(`Webhook target refused: ${e.reason}`);
      throw e;
    }
  }
}

/**
 * checkTarget, then a webhook's host name resolved now: a name that points at an internal
 * address is refused when subscribing, not only at delivery (which checks again, at connect time).
 */
export async function checkTargetResolves(
  channel: "webhook" | "email",
  target: string,
  policy = outboundPolicy(),
): Promise<void> {
  checkTarget(channel, target, policy);
  if (channel !== "webhook") return;
  try {
    await checkResolved(new URL(target), policy);
  } catch (e) {
    if (e instanceof RefusedTarget) throw new InvalidChangeError(`Webhook target refused: ${e.reason}`);
    throw e;
  }
}

export function checkFilters(
  input: Pick<SubscriptionInput, "metric" | "digest" | "secret">,
  channel: "webhook" | "email",
): void {
  if (input.metric && !METRIC.test(input.metric)) {
    throw new InvalidChangeError(
      `Unknown metric "${input.metric}": use funding, funding:<basis>, posts, posts:<grade>, posts:total or presence`,
    );
  }
  if (channel === "webhook" && input.digest && input.digest !== "none") {
    throw new InvalidChangeError("Digests are for e-mail; a webhook receives each alert as it is raised");
  }
  if (input.secret !== undefined && input.secret !== null && input.secret.length < 16) {
    throw new InvalidChangeError("A webhook secret needs at least 16 characters; leave it out to have one generated");
  }
}

/**
 * The row to store, and the secret to show once (webhooks only).
 * @example toNewSubscription({ channel: "webhook", target: "https://hooks.example.org/ssc" }, "cli")
 *   // { values: {..., secret: "<64 hex>"}, secret: "<64 hex>" }
 */
export function toNewSubscription(
  input: SubscriptionInput,
  createdBy: string,
  policy = outboundPolicy(),
): { values: Omit<Subscription, "id" | "createdAt" | "active">; secret: string | null } {
  const target = input.target.trim();
  checkTarget(input.channel, target, policy);
  checkFilters(input, input.channel);
  const secret = input.channel === "webhook" ? (input.secret ?? randomBytes(32).toString("hex")) : null;
  const filters = [input.organization, input.subject, input.metric].filter(Boolean).join(" / ");
  return {
    values: {
      // The name is shown on public pages: never the whole address or URL (a token may be in it).
      name:
        input.name?.trim() || `${input.channel} ${maskTarget(input.channel, target)}${filters ? ` (${filters})` : ""}`,
      channel: input.channel,
      target,
      secret,
      organizationId: input.organization || null,
      subject: input.subject?.trim() || null,
      metric: input.metric || null,
      digest: input.channel === "email" ? (input.digest ?? "none") : "none",
      createdBy,
    },
    secret,
  };
}

/**
 * An e-mail subscription needs a mail server to send through: refused at once while SMTP_URL is
 * unset, rather than accepted and failing at every delivery.
 * @example checkChannelConfigured("email", undefined) // throws InvalidChangeError "... SMTP_URL ..."
 */
export function checkChannelConfigured(channel: "webhook" | "email", smtpUrl: string | undefined): void {
  if (channel === "email" && !smtpUrl)
    throw new InvalidChangeError(
      "E-mail alerts cannot be sent: this server has no mail server configured (SMTP_URL). Ask its maintainer to set " +
        "one, or subscribe a webhook or follow the Atom feed.",
    );
}
