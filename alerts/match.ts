import { subjectIdentity } from "../analysis/changes.ts";
import type { AlertRow } from "../db/queries/alerts.ts";
import type { Subscription } from "../db/queries/subscriptions.ts";

/**
 * Does a subscription want this alert? Null filters match everything; the subject matches through
 * the vocabulary (an alias or the former name of a unit matches the unit); a metric matches itself
 * and its finer metrics ("funding" matches "funding:budget", "posts" matches "posts:P-4").
 * @example subscriptionMatches({ organizationId: "undp", subject: null, metric: "posts" }, alert)
 *   // true for a UNDP posts alert
 */
export function subscriptionMatches(
  sub: Pick<Subscription, "organizationId" | "subject" | "metric">,
  alert: Pick<AlertRow, "organizationId" | "subject" | "metric">,
): boolean {
  if (sub.organizationId && sub.organizationId !== alert.organizationId) return false;
  if (sub.metric && alert.metric !== sub.metric && !alert.metric.startsWith(`${sub.metric}:`)) return false;
  if (sub.subject && subjectIdentity(sub.subject).key !== subjectIdentity(alert.subject).key) return false;
  return true;
}

/** Digests go out at 06:00 UTC: before the working day in Europe and Africa, after it in Asia. */
export const DIGEST_HOUR_UTC = 6;

/**
 * When a digest that collects an alert raised at `now` is due: daily digests at the next 06:00
 * UTC, weekly ones at the next Monday 06:00 UTC (strictly after `now`). Every alert raised
 * before that instant waits for it, so they all go out in one message.
 * @example nextDigestAt("daily", new Date("2026-11-29T07:00:00Z")) // 2026-11-30T06:00:00Z
 */
export function nextDigestAt(digest: "daily" | "weekly", now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  if (digest === "weekly") at.setUTCDate(at.getUTCDate() + ((8 - at.getUTCDay()) % 7));
  return at;
}
