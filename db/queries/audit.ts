import { and, desc, eq, gt, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, type AuditEntry, type NewAuditEntry } from "../schema/audit-log.ts";

/**
 * Appends one entry.
 * @example await recordAudit(db, { event: "sign-in", actor: "amina", actorKind: "user", address: "203.0.113.9" })
 */
export async function recordAudit(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}

/**
 * Failed sign-ins since `since` for one account name or one address, not counting those before
 * that account's (or address's) latest successful sign-in: what the throttle counts.
 * @example await recentSignInFailures(db, { actor: "amina", since }) // { count: 4, lastAt: Date }
 */
export async function recentSignInFailures(
  db: Db,
  who: { actor: string; since: Date } | { address: string; since: Date },
): Promise<{ count: number; lastAt: Date | null }> {
  const column = "actor" in who ? auditLog.actor : auditLog.address;
  const value = "actor" in who ? who.actor : who.address;
  const lastSuccess = db
    .select({ at: sql`max(${auditLog.at})` })
    .from(auditLog)
    .where(and(eq(auditLog.event, "sign-in"), eq(column, value)));
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, lastAt: sql<string | null>`max(${auditLog.at})` })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.event, "sign-in-failed"),
        eq(column, value),
        gt(auditLog.at, who.since),
        sql`${auditLog.at} > coalesce((${lastSuccess}), '-infinity'::timestamptz)`,
      ),
    );
  return { count: row?.count ?? 0, lastAt: row?.lastAt ? new Date(row.lastAt) : null };
}

export interface AuditFilter {
  since?: Date;
  event?: AuditEntry["event"];
  actor?: string;
  address?: string;
  /** Only entries with a smaller id: the next page. */
  beforeId?: number;
  limit: number;
}

/** Newest first. @example await listAudit(db, { event: "sign-in-failed", limit: 50 }) */
export async function listAudit(db: Db, f: AuditFilter): Promise<AuditEntry[]> {
  const where: SQL[] = [];
  if (f.since) where.push(gt(auditLog.at, f.since));
  if (f.event) where.push(eq(auditLog.event, f.event));
  if (f.actor) where.push(eq(auditLog.actor, f.actor));
  if (f.address) where.push(eq(auditLog.address, f.address));
  if (f.beforeId) where.push(lt(auditLog.id, f.beforeId));
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit);
}
