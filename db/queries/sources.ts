import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { crawlRuns, type CrawlRun } from "../schema/crawl-runs.ts";
import { sources, type SourceRow } from "../schema/sources.ts";
import { fromExcluded } from "./upsert.ts";

/** What the catalog knows about a source; mirrored into its row so the API and `sources` can show it. */
export interface SourceDefinition {
  id: string;
  kind: string;
  organizationId: string | null;
  enabled: boolean;
  schedule: string | null;
  config: Record<string, unknown>;
}

/**
 * Inserts or refreshes source rows from the catalog; status, last run and lease are left alone.
 * @example await upsertSources(db, [{ id: "jiu-reports", kind: "site", organizationId: "jiu", enabled: true, schedule:
 *   "0 4 * * 2", config: {} }])
 */
export async function upsertSources(db: Db, definitions: SourceDefinition[]): Promise<void> {
  if (definitions.length === 0) return;
  await db
    .insert(sources)
    .values(definitions)
    .onConflictDoUpdate({
      target: sources.id,
      set: {
        ...fromExcluded(sources, ["kind", "organizationId", "enabled", "schedule", "config"]),
        updatedAt: sql`now()`,
      },
    });
}

/** A source row with its latest crawl run (if any), for `ssc-monitor sources` and the API. */
export interface SourceStatus {
  source: SourceRow;
  lastRun: CrawlRun | null;
}

/**
 * Every source row with its most recent crawl run.
 * @example (await listSourceStatus(db)).map((s) => [s.source.id, s.lastRun?.status])
 */
export async function listSourceStatus(db: Db): Promise<SourceStatus[]> {
  const rows = await db.select().from(sources).orderBy(sources.id);
  const latest = await db
    .selectDistinctOn([crawlRuns.sourceId])
    .from(crawlRuns)
    .orderBy(crawlRuns.sourceId, desc(crawlRuns.startedAt), desc(crawlRuns.id));
  const bySource = new Map(latest.map((r) => [r.sourceId, r]));
  return rows.map((source) => ({ source, lastRun: bySource.get(source.id) ?? null }));
}

/**
 * Takes the source's lease for `leaseMs` when it is free, expired, or already `owner`'s (a renewal).
 * Uses the database clock, so processes on several machines agree. Returns false when another
 * owner holds a live lease: that run must be skipped.
 * @example if (!(await acquireLease(db, { sourceId: "jiu-reports", owner: "host:123:uuid", leaseMs: 60_000 }))) skip()
 */
export async function acquireLease(
  db: Db,
  args: { sourceId: string; owner: string; leaseMs: number },
): Promise<boolean> {
  const rows = await db
    .update(sources)
    .set({ leaseOwner: args.owner, leaseUntil: sql`now() + ${`${Math.ceil(args.leaseMs)} milliseconds`}::interval` })
    .where(
      and(
        eq(sources.id, args.sourceId),
        or(isNull(sources.leaseUntil), lt(sources.leaseUntil, sql`now()`), eq(sources.leaseOwner, args.owner)),
      ),
    )
    .returning({ id: sources.id });
  return rows.length === 1;
}

/** Who holds the source's lease and until when (for the "skipped" message). */
export async function leaseHolder(db: Db, sourceId: string): Promise<{ owner: string | null; until: Date | null }> {
  const [row] = await db
    .select({ owner: sources.leaseOwner, until: sources.leaseUntil })
    .from(sources)
    .where(eq(sources.id, sourceId));
  return { owner: row?.owner ?? null, until: row?.until ?? null };
}

/** Gives the lease up (only `owner`'s), so the next run need not wait for it to expire. */
export async function releaseLease(db: Db, args: { sourceId: string; owner: string }): Promise<void> {
  await db
    .update(sources)
    .set({ leaseOwner: null, leaseUntil: null })
    .where(and(eq(sources.id, args.sourceId), eq(sources.leaseOwner, args.owner)));
}

/** Marks the source as running now (status and last run time). */
export async function markSourceRunning(db: Db, sourceId: string): Promise<void> {
  await db
    .update(sources)
    .set({ status: "running", lastRunAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(sources.id, sourceId));
}

/** Records how the source's run ended: ok (last success now, error cleared) or failed with its error. */
export async function markSourceFinished(
  db: Db,
  args: { sourceId: string; ok: boolean; error?: string | null },
): Promise<void> {
  await db
    .update(sources)
    .set(
      args.ok
        ? { status: "ok", lastSuccessAt: sql`now()`, lastError: null, updatedAt: sql`now()` }
        : { status: "failed", lastError: args.error ?? "failed", updatedAt: sql`now()` },
    )
    .where(eq(sources.id, args.sourceId));
}
