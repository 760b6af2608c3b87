import { detectChanges, type AlertCandidate, type ChangeThresholds } from "../analysis/changes.ts";
import type { Db } from "../db/client.ts";
import { insertAlerts, queueDeliveries, versionsToCheck, type AlertRow } from "../db/queries/alerts.ts";
import { loadChangeInput } from "../db/queries/change-input.ts";
import { listActiveSubscriptions } from "../db/queries/subscriptions.ts";
import { nextDigestAt, subscriptionMatches } from "./match.ts";

export interface DetectOptions {
  /** The versions to check; else those analysed since `since`; else every analysed version. */
  versionIds?: number[];
  since?: Date;
  thresholds?: Partial<ChangeThresholds>;
  /** The alerts' creation time, and the clock for digest schedules. */
  now: Date;
}

export interface DetectResult {
  versions: number;
  /** Alerts raised by this run (already known fingerprints are not counted). */
  alerts: AlertRow[];
  /** Outbox rows queued for them. */
  deliveries: number;
}

const toRow = (c: AlertCandidate, now: Date) => ({
  fingerprint: c.fingerprint,
  organizationId: c.organizationId,
  subject: c.subject,
  metric: c.metric,
  change: c.change,
  period: c.period,
  oldValue: c.oldValue,
  newValue: c.newValue,
  absChange: c.absChange,
  relChange: c.relChange,
  unit: c.unit,
  oldFactId: c.oldFactId,
  newFactId: c.newFactId,
  evidence: { ...c.evidence, subjectKey: c.subjectKey },
  createdAt: now,
});

/**
 * Runs change detection over analysed versions and stores what it finds: each new alert, and in
 * the same transaction one outbox row per matching active subscription (digest subscriptions get
 * theirs scheduled for the next digest). Safe to run again over the same versions: a known
 * fingerprint raises nothing.
 * @example await detectAlerts(db, { versionIds: [42], now: new Date() })
 *   // { versions: 1, alerts: [...], deliveries: 2 }
 */
export async function detectAlerts(db: Db, options: DetectOptions): Promise<DetectResult> {
  const ids = await versionsToCheck(db, options);
  const result: DetectResult = { versions: ids.length, alerts: [], deliveries: 0 };
  for (const id of ids) {
    const input = await loadChangeInput(db, id);
    if (!input) continue;
    const candidates = detectChanges({ ...input, thresholds: options.thresholds });
    if (!candidates.length) continue;
    await db.transaction(async (tx) => {
      const inserted = await insertAlerts(
        tx,
        candidates.map((c) => toRow(c, options.now)),
      );
      if (!inserted.length) return;
      const subs = await listActiveSubscriptions(tx);
      const rows = inserted.flatMap((alert) =>
        subs
          .filter((s) => subscriptionMatches(s, alert))
          .map((s) => ({
            alertId: alert.id,
            subscriptionId: s.id,
            nextAttemptAt: s.digest === "none" ? options.now : nextDigestAt(s.digest, options.now),
          })),
      );
      result.deliveries += await queueDeliveries(tx, rows);
      result.alerts.push(...inserted);
    });
  }
  return result;
}
