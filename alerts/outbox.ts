import type { Db } from "../db/client.ts";
import { claimDueDeliveries, renewClaims, settleDeliveries, type ClaimedDelivery } from "../db/queries/alerts.ts";
import { listOrganizations } from "../db/queries/organizations.ts";
import { createMailer, type Mailer } from "./channels/email.ts";
import { outboundPolicy, type OutboundPolicy } from "../net/outbound.ts";
import { postWebhook } from "./channels/webhook.ts";
import { alertUrl, renderDigest } from "./digest.ts";
import { alertHtml, alertJson, alertText, alertTitle, type OrgNames } from "./render.ts";
import { emailHeader, emailText } from "../exports/escape.ts";

/**
 * One pass over the outbox: claim what is due, send it, and record the result in the database
 * right after each send. A row is claimed for `leaseMs`; if its worker dies before recording the
 * result, another worker takes it over once the claim expires. A batch can take longer than the
 * lease (50 sends of up to `timeoutMs` each), so each row's claim is renewed just before it is
 * sent, and a row whose claim another worker took over in the meantime is neither sent nor
 * settled by this one: the claim's claimed_until is its fencing token. `leaseMs` must stay well
 * above `timeoutMs`. Failures are retried with
 * exponential back-off (`baseDelayMs` doubling up to `maxDelayMs`) until `maxAttempts`, then the
 * row is "failed" and stays in the delivery log with its last error.
 */

export interface OutboxOptions {
  /** The clock; tests pass a fixed time (and a later one to let back-off or a claim expire). */
  now?: Date;
  /** A clock that moves (tests of several workers); wins over `now`. */
  clock?: () => Date;
  leaseMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  /** Immediate deliveries per pass (digests are always claimed whole). */
  batchSize?: number;
  /** Per webhook request and per SMTP stage. */
  timeoutMs?: number;
}

export const OUTBOX_DEFAULTS = Object.freeze({
  leaseMs: 5 * 60_000,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 60 * 60_000,
  maxAttempts: 8,
  batchSize: 50,
  timeoutMs: 10_000,
});

export interface OutboxConfig {
  smtpUrl?: string;
  mailFrom?: string;
  /** Public origin of the service (SSC_PUBLIC_URL), for links back to the alerts page; none without it. */
  publicUrl?: string;
  /** Internal addresses webhooks may reach all the same (SSC_OUTBOUND_ALLOW); public ones always. */
  outboundAllow?: readonly string[];
}

export interface OutboxResult {
  sent: number;
  retrying: number;
  failed: number;
  /** E-mail held back because SMTP is not configured (not counted as attempts). */
  postponed: number;
  /** Claimed rows another worker took over before this one sent them (left to that worker). */
  takenOver: number;
}

type Outcome =
  | { ok: true; status: number | null }
  | { ok: false; status: number | null; error: string; retry: boolean; postpone?: boolean };

interface Run {
  db: Db;
  config: OutboxConfig;
  o: typeof OUTBOX_DEFAULTS;
  clock: () => Date;
  orgs: OrgNames;
  policy: OutboundPolicy;
  mailer?: Mailer;
  result: OutboxResult;
}

/**
 * Delivers what is due once. Never throws for a failed delivery: it is recorded on its row.
 * @example await runOutbox(db, config, { baseDelayMs: 10 })
 *   // { sent: 2, retrying: 1, failed: 0, postponed: 0, takenOver: 0 }
 */
export async function runOutbox(db: Db, config: OutboxConfig, options: OutboxOptions = {}): Promise<OutboxResult> {
  const { now, clock: moving, ...rest } = options;
  const o = {
    ...OUTBOX_DEFAULTS,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
  } as typeof OUTBOX_DEFAULTS;
  const clock = moving ?? (() => now ?? new Date());
  const orgs = new Map((await listOrganizations(db)).map((org) => [org.id, org.acronym]));
  const run: Run = {
    db,
    config,
    o,
    clock,
    orgs,
    policy: outboundPolicy(config.outboundAllow),
    result: { sent: 0, retrying: 0, failed: 0, postponed: 0, takenOver: 0 },
  };
  try {
    for (const claim of await claimDueDeliveries(db, {
      now: clock(),
      leaseMs: o.leaseMs,
      limit: o.batchSize,
      digests: false,
    })) {
      const held = await renew(run, [claim]);
      if (held) await settle(run, held.claims, held.token, await sendOne(run, claim));
    }
    const digestRows = await claimDueDeliveries(db, {
      now: clock(),
      leaseMs: o.leaseMs,
      limit: o.batchSize,
      digests: true,
    });
    for (const group of bySubscription(digestRows)) {
      const held = await renew(run, group);
      if (held) await settle(run, held.claims, held.token, await sendDigest(run, held.claims));
    }
  } finally {
    run.mailer?.close();
  }
  return run.result;
}

function bySubscription(claims: ClaimedDelivery[]): ClaimedDelivery[][] {
  const groups = new Map<number, ClaimedDelivery[]>();
  for (const c of claims) groups.set(c.subscription.id, [...(groups.get(c.subscription.id) ?? []), c]);
  return [...groups.values()];
}

/**
 * Renews the claims just before sending: the rows still held (all claimed together, so one
 * token) and their new token, or null when another worker took them all over.
 */
async function renew(run: Run, claims: ClaimedDelivery[]): Promise<{ claims: ClaimedDelivery[]; token: Date } | null> {
  const token = claims[0].delivery.claimedUntil;
  const held = token
    ? await renewClaims(run.db, {
        ids: claims.map((c) => c.delivery.id),
        token,
        now: run.clock(),
        leaseMs: run.o.leaseMs,
      })
    : { ids: [], token: run.clock() };
  run.result.takenOver += claims.length - held.ids.length;
  if (!held.ids.length) return null;
  return { claims: claims.filter((c) => held.ids.includes(c.delivery.id)), token: held.token };
}

async function settle(run: Run, claims: ClaimedDelivery[], token: Date, outcome: Outcome): Promise<void> {
  const ids = claims.map((c) => c.delivery.id);
  const now = run.clock();
  if (outcome.ok) {
    run.result.sent += await settleDeliveries(run.db, { ids, token, status: "sent", now, lastStatus: outcome.status });
    return;
  }
  const base = { ids, token, now, lastStatus: outcome.status, lastError: outcome.error };
  if (outcome.postpone) {
    run.result.postponed += await settleDeliveries(run.db, {
      ...base,
      status: "pending",
      nextAttemptAt: new Date(now.getTime() + run.o.maxDelayMs),
      refundAttempt: true,
    });
    return;
  }
  const attempts = Math.max(...claims.map((c) => c.delivery.attempts));
  if (!outcome.retry || attempts >= run.o.maxAttempts) {
    const why = outcome.retry ? `${outcome.error} (gave up after ${attempts} attempts)` : outcome.error;
    run.result.failed += await settleDeliveries(run.db, { ...base, lastError: why, status: "failed" });
    return;
  }
  const delayMs = Math.min(run.o.maxDelayMs, run.o.baseDelayMs * 2 ** (attempts - 1));
  run.result.retrying += await settleDeliveries(run.db, {
    ...base,
    status: "pending",
    nextAttemptAt: new Date(now.getTime() + delayMs),
  });
}

function webhookBody(run: Run, type: "alert" | "digest", claims: ClaimedDelivery[]): string {
  const sub = claims[0].subscription;
  const subscription = { id: sub.id, name: sub.name };
  if (type === "alert")
    return JSON.stringify({
      type,
      delivery: claims[0].delivery.id,
      subscription,
      alert: alertJson(claims[0].alert, run.orgs),
    });
  return JSON.stringify({
    type,
    deliveries: claims.map((c) => c.delivery.id),
    subscription,
    alerts: claims.map((c) => alertJson(c.alert, run.orgs)),
  });
}

async function webhook(run: Run, claims: ClaimedDelivery[], type: "alert" | "digest"): Promise<Outcome> {
  const sub = claims[0].subscription;
  return postWebhook({
    url: sub.target,
    secret: sub.secret,
    body: webhookBody(run, type, claims),
    deliveryId: claims.map((c) => c.delivery.id).join(","),
    timestamp: Math.floor(run.clock().getTime() / 1000),
    timeoutMs: run.o.timeoutMs,
    policy: run.policy,
  });
}

async function mail(run: Run, to: string, message: { subject: string; text: string; html: string }): Promise<Outcome> {
  if (!run.config.smtpUrl) {
    return {
      ok: false,
      status: null,
      retry: true,
      postpone: true,
      error: "SMTP_URL is not set: this e-mail waits in the outbox and goes out once SMTP_URL is configured",
    };
  }
  run.mailer ??= createMailer({
    smtpUrl: run.config.smtpUrl,
    mailFrom: run.config.mailFrom ?? "ssc-monitor@localhost",
    timeoutMs: run.o.timeoutMs,
  });
  try {
    // Every e-mail passes here: a document's CR/LF cannot reach a header, nor controls the text.
    await run.mailer.send({ to, ...message, subject: emailHeader(message.subject), text: emailText(message.text) });
    return { ok: true, status: null };
  } catch (cause) {
    const e = cause as Error & { responseCode?: number };
    const permanent = typeof e.responseCode === "number" && e.responseCode >= 500;
    return {
      ok: false,
      status: e.responseCode ?? null,
      retry: !permanent,
      error:
        `sending e-mail to ${to} failed: ${e.message}` +
        `${permanent ? "; the server refused it for good" : "; will retry"}`,
    };
  }
}

async function sendOne(run: Run, claim: ClaimedDelivery): Promise<Outcome> {
  if (claim.subscription.channel === "webhook") return webhook(run, [claim], "alert");
  const url = alertUrl(run.config.publicUrl, claim.alert.id);
  return mail(run, claim.subscription.target, {
    subject: `[ssc-monitor] ${alertTitle(claim.alert, run.orgs)}`,
    text: `${alertText(claim.alert, run.orgs, url)}\n`,
    html: `<!DOCTYPE html><html><body>${alertHtml(claim.alert, run.orgs, url)}</body></html>`,
  });
}

async function sendDigest(run: Run, claims: ClaimedDelivery[]): Promise<Outcome> {
  const sub = claims[0].subscription;
  if (sub.channel === "webhook") return webhook(run, claims, "digest");
  const digest = sub.digest === "weekly" ? "weekly" : "daily";
  return mail(
    run,
    sub.target,
    renderDigest(
      claims.map((c) => c.alert),
      { digest, orgs: run.orgs, publicUrl: run.config.publicUrl },
    ),
  );
}
