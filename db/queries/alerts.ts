import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { alertDeliveries, type AlertDelivery } from "../schema/alert-deliveries.ts";
import { alerts, type AlertRow, type NewAlertRow } from "../schema/alerts.ts";
import { documentVersions } from "../schema/document-versions.ts";
import { subscriptions, type Subscription } from "../schema/subscriptions.ts";

export type { AlertRow };

/**
 * The analysed versions to look at: the given ids, or those analysed since a time, or all.
 * @example await versionsToCheck(db, { since: new Date(Date.now() - 864e5) }) // [41, 42]
 */
export async function versionsToCheck(db: Db, args: { versionIds?: number[]; since?: Date }): Promise<number[]> {
  const conditions: SQL[] = [eq(documentVersions.analysisStatus, "analyzed")];
  if (args.versionIds) conditions.push(inArray(documentVersions.id, args.versionIds.length ? args.versionIds : [-1]));
  if (args.since) conditions.push(gte(documentVersions.analyzedAt, args.since));
  const rows = await db
    .select({ id: documentVersions.id })
    .from(documentVersions)
    .where(and(...conditions))
    .orderBy(asc(documentVersions.fetchedAt), asc(documentVersions.id));
  return rows.map((r) => r.id);
}

/**
 * Inserts alerts; one whose fingerprint is already stored is skipped. Returns only the new rows.
 * @example const fresh = await insertAlerts(tx, candidates.map(toAlertRow)) // [] on a second run
 */
export async function insertAlerts(db: Db, rows: NewAlertRow[]): Promise<AlertRow[]> {
  if (!rows.length) return [];
  return db.insert(alerts).values(rows).onConflictDoNothing({ target: alerts.fingerprint }).returning();
}

/**
 * Queues outbox rows (one per alert and subscription; an existing pair is left alone).
 * @example await queueDeliveries(tx, [{ alertId: 1, subscriptionId: 2, nextAttemptAt: now }])
 */
export async function queueDeliveries(
  db: Db,
  rows: Array<{ alertId: number; subscriptionId: number; nextAttemptAt: Date }>,
): Promise<number> {
  if (!rows.length) return 0;
  const inserted = await db
    .insert(alertDeliveries)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: alertDeliveries.id });
  return inserted.length;
}

export interface AlertFilter {
  limit?: number;
  organizationId?: string;
  metric?: string;
  acknowledged?: boolean;
  /** Only alerts with an id below this one: the next page of a newest-first listing. */
  beforeId?: number;
}

/**
 * Alerts, newest first.
 * @example (await listAlerts(db, { limit: 20, organizationId: "undp" })).map((a) => a.metric) // ["funding:budget"]
 */
export async function listAlerts(db: Db, filter: AlertFilter = {}): Promise<AlertRow[]> {
  return (await pageAlerts(db, { ...filter, counted: false })).items;
}

function alertWhere(filter: AlertFilter): SQL | undefined {
  return and(
    filter.organizationId ? eq(alerts.organizationId, filter.organizationId) : undefined,
    filter.metric
      ? or(
          eq(alerts.metric, filter.metric),
          sql`${alerts.metric} like ${`${filter.metric.replace(/[\\%_]/g, "\\$&")}:%`}`,
        )
      : undefined,
    filter.acknowledged === undefined
      ? undefined
      : filter.acknowledged
        ? isNotNull(alerts.acknowledgedAt)
        : isNull(alerts.acknowledgedAt),
    filter.beforeId ? lt(alerts.id, filter.beforeId) : undefined,
  );
}

/**
 * A page of alerts, newest first, with how many match in all (the `{items, meta}` of every list).
 * @example await pageAlerts(db, { organizationId: "undp", limit: 20, offset: 20 }) // { total: 41, items: [...] }
 */
export async function pageAlerts(
  db: Db,
  filter: AlertFilter & { offset?: number; counted?: boolean } = {},
): Promise<{ total: number; items: AlertRow[] }> {
  const where = alertWhere(filter);
  const items = await db
    .select()
    .from(alerts)
    .where(where)
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(filter.limit ?? 50)
    .offset(filter.offset ?? 0);
  if (filter.counted === false) return { total: items.length, items };
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(alerts).where(where);
  return { total, items };
}

/** One alert, or undefined. @example await getAlert(db, 7) */
export async function getAlert(db: Db, id: number): Promise<AlertRow | undefined> {
  const [row] = await db.select().from(alerts).where(eq(alerts.id, id));
  return row;
}

/**
 * Records who acknowledged an alert and when; a second acknowledgement keeps the first one.
 * Undefined when there is no such alert.
 * @example await acknowledgeAlert(db, { id: 7, by: "amina", now: new Date() })
 */
export async function acknowledgeAlert(
  db: Db,
  args: { id: number; by: string; now: Date },
): Promise<AlertRow | undefined> {
  const [row] = await db
    .update(alerts)
    .set({ acknowledgedBy: args.by, acknowledgedAt: args.now })
    .where(and(eq(alerts.id, args.id), isNull(alerts.acknowledgedAt)))
    .returning();
  return row ?? getAlert(db, args.id);
}

export interface DeliveryLogLine {
  id: number;
  alertId: number;
  subscriptionId: number;
  subscriptionName: string;
  channel: "webhook" | "email";
  target: string;
  status: "pending" | "sending" | "sent" | "failed";
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  lastStatus: number | null;
  deliveredAt: Date | null;
}

/**
 * The delivery log: outbox rows with their subscription, newest first.
 * @example (await listDeliveries(db, { alertIds: [7] })).map((d) => d.status) // ["sent", "pending"]
 */
export async function listDeliveries(
  db: Db,
  args: { alertIds?: number[]; limit?: number } = {},
): Promise<DeliveryLogLine[]> {
  return db
    .select({
      id: alertDeliveries.id,
      alertId: alertDeliveries.alertId,
      subscriptionId: alertDeliveries.subscriptionId,
      subscriptionName: subscriptions.name,
      channel: subscriptions.channel,
      target: subscriptions.target,
      status: alertDeliveries.status,
      attempts: alertDeliveries.attempts,
      nextAttemptAt: alertDeliveries.nextAttemptAt,
      lastError: alertDeliveries.lastError,
      lastStatus: alertDeliveries.lastStatus,
      deliveredAt: alertDeliveries.deliveredAt,
    })
    .from(alertDeliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, alertDeliveries.subscriptionId))
    .where(args.alertIds ? inArray(alertDeliveries.alertId, args.alertIds.length ? args.alertIds : [-1]) : undefined)
    .orderBy(desc(alertDeliveries.id))
    .limit(args.limit ?? 200);
}

export interface ClaimedDelivery {
  delivery: AlertDelivery;
  alert: AlertRow;
  subscription: Subscription;
}

/** Outbox rows whose time has come: pending and due, or claimed by a worker whose claim ran out. */
function dueDeliveries(now: Date) {
  const d = alertDeliveries;
  return or(
    and(eq(d.status, "pending"), lte(d.nextAttemptAt, now)),
    and(eq(d.status, "sending"), lte(d.claimedUntil, now)),
  );
}

/**
 * Whether an outbox pass has anything to do now (the job workers' sweep queues one only then).
 * @example await hasDueDeliveries(db, new Date()) // true
 */
export async function hasDueDeliveries(db: Db, now: Date): Promise<boolean> {
  const rows = await db
    .select({ id: alertDeliveries.id })
    .from(alertDeliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, alertDeliveries.subscriptionId))
    .where(and(dueDeliveries(now), eq(subscriptions.active, true)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Claims due outbox rows for this worker: pending ones whose time has come, and "sending" ones
 * whose claim expired (their worker died between claim and send). Rows another transaction holds
 * are skipped (FOR UPDATE SKIP LOCKED), so two workers never claim the same row. A claim counts as
 * an attempt. Rows of a paused (inactive) subscription wait until it is active again. `digests` picks the rows of
 * digest subscriptions (claimed whole, without a limit) or
 * the others.
 * @example await claimDueDeliveries(db, { now, leaseMs: 300_000, limit: 50, digests: false })
 */
export async function claimDueDeliveries(
  db: Db,
  args: { now: Date; leaseMs: number; limit: number; digests: boolean },
): Promise<ClaimedDelivery[]> {
  const d = alertDeliveries;
  const due = dueDeliveries(args.now);
  const pick = db
    .select({ id: d.id })
    .from(d)
    .innerJoin(subscriptions, eq(subscriptions.id, d.subscriptionId))
    .where(
      and(
        due,
        eq(subscriptions.active, true),
        args.digests ? ne(subscriptions.digest, "none") : eq(subscriptions.digest, "none"),
      ),
    )
    .orderBy(asc(d.nextAttemptAt), asc(d.id))
    .limit(args.digests ? 10_000 : args.limit)
    .for("update", { of: d, skipLocked: true });
  const claimed = await db
    .update(d)
    .set({
      status: "sending",
      claimedUntil: new Date(args.now.getTime() + args.leaseMs),
      attempts: sql`${d.attempts} + 1`,
    })
    .where(inArray(d.id, pick))
    .returning();
  if (!claimed.length) return [];
  const alertRows = await db
    .select()
    .from(alerts)
    .where(inArray(alerts.id, [...new Set(claimed.map((c) => c.alertId))]));
  const subRows = await db
    .select()
    .from(subscriptions)
    .where(inArray(subscriptions.id, [...new Set(claimed.map((c) => c.subscriptionId))]));
  return claimed
    .sort((a, b) => a.id - b.id)
    .map((delivery) => ({
      delivery,
      alert: alertRows.find((a) => a.id === delivery.alertId)!,
      subscription: subRows.find((s) => s.id === delivery.subscriptionId)!,
    }));
}

/**
 * Renews a worker's claim on rows just before it sends them, so a claim cannot run out while its
 * row waits behind slower sends. `token` is the claimed_until this worker last wrote on them (a
 * claim's fencing token): a row another worker has taken over since, or settled, has another
 * value and is not renewed. Returns the ids still held and the new token.
 * @example await renewClaims(db, { ids: [4], token: claim.delivery.claimedUntil!, now, leaseMs: 300_000 })
 *   // { ids: [4], token: <now + lease> }
 */
export async function renewClaims(
  db: Db,
  args: { ids: number[]; token: Date; now: Date; leaseMs: number },
): Promise<{ ids: number[]; token: Date }> {
  const token = new Date(args.now.getTime() + args.leaseMs);
  if (!args.ids.length) return { ids: [], token };
  const d = alertDeliveries;
  const rows = await db
    .update(d)
    .set({ claimedUntil: token })
    .where(and(inArray(d.id, args.ids), eq(d.status, "sending"), eq(d.claimedUntil, args.token)))
    .returning({ id: d.id });
  return { ids: rows.map((r) => r.id).sort((a, b) => a - b), token };
}

/**
 * Settles claimed rows: "sent" (with the time), "pending" again for a retry at `nextAttemptAt`,
 * or "failed" for good. Only rows still "sending" under this worker's claim (`token`, the
 * claimed_until it last wrote) change: a worker whose claim was taken over settles nothing.
 * Returns how many rows were settled.
 * @example await settleDeliveries(db, { ids: [4], token, status: "sent", now, lastStatus: 200 }) // 1
 */
export async function settleDeliveries(
  db: Db,
  args: {
    ids: number[];
    token: Date;
    status: "sent" | "pending" | "failed";
    now: Date;
    nextAttemptAt?: Date;
    lastStatus?: number | null;
    lastError?: string | null;
    refundAttempt?: boolean;
  },
): Promise<number> {
  if (!args.ids.length) return 0;
  const d = alertDeliveries;
  const rows = await db
    .update(d)
    .set({
      status: args.status,
      claimedUntil: null,
      lastStatus: args.lastStatus ?? null,
      lastError: args.status === "sent" ? null : (args.lastError ?? null),
      ...(args.status === "sent" ? { deliveredAt: args.now } : {}),
      ...(args.nextAttemptAt ? { nextAttemptAt: args.nextAttemptAt } : {}),
      ...(args.refundAttempt ? { attempts: sql`greatest(${d.attempts} - 1, 0)` } : {}),
    })
    .where(and(inArray(d.id, args.ids), eq(d.status, "sending"), eq(d.claimedUntil, args.token)))
    .returning({ id: d.id });
  return rows.length;
}
