import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { analyzeDocument, ANALYZER_VERSION } from "../analysis/index.ts";
import type { Db } from "../db/client.ts";
import {
  claimVersionsForAnalysis,
  loadVersionForAnalysis,
  markVersionFailed,
  renewVersionClaims,
  requeueVersions,
} from "../db/queries/documents.ts";
import { saveVersionAnalysis, type SaveAnalysisResult } from "../db/queries/version-analysis.ts";
import { toRows } from "./facts-input.ts";

export interface AnalyzeOptions {
  /** Who claims the versions (shown in claimed_by); defaults to host:pid and a suffix unique to this call. */
  workerId?: string;
  /** At most this many versions in this call (default: all that are waiting). */
  limit?: number;
  /** The clock: a fixed time or a function (tests); default the system clock. */
  now?: Date | (() => Date);
  /**
   * How long a claim lasts unless renewed; it is renewed every third of it while this call works,
   * so a crashed worker's versions are taken over within this time (default 15 seconds).
   */
  leaseMs?: number;
  /** Versions claimed per round trip (default 20). */
  batchSize?: number;
  onVersion?: (event: { versionId: number; ok: boolean; error?: string; result?: SaveAnalysisResult }) => void;
  /** Told about each failed version (the crawl run passes its logger). */
  log?: { warn(msg: string, data?: Record<string, unknown>): void };
  /** Only these versions (an analysis job's one version); default: every version waiting. */
  versionIds?: number[];
  /** The analyzer (default `analyzeDocument`); the bench and failure tests pass their own. */
  analyze?: typeof analyzeDocument;
}

export interface AnalyzeSummary {
  analyzed: number;
  failed: number;
  inserted: number;
  superseded: number;
  kept: number;
  /** New facts that took over an analyst's review from the document's previous edition. */
  carried: number;
}

/**
 * Analyses every stored version whose text is extracted and whose analysis is pending, failed
 * (retried once per run) or abandoned by a dead worker. Claims are taken with
 * `FOR UPDATE SKIP LOCKED`, so several processes sharing one PostgreSQL server each analyse
 * different versions. A version's passages and facts are written in one transaction with its
 * status; an exception is recorded on that version and the others go on.
 * Structured records are marked analyzed with their passages but keep the facts from the record.
 * A version read for the first time takes over the analyst's reviews of the document's previous
 * edition (`carried` counts them).
 * @example await analyzePendingVersions(db) // { analyzed: 12, failed: 1, ... }
 */
export async function analyzePendingVersions(db: Db, options: AnalyzeOptions = {}): Promise<AnalyzeSummary> {
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const fixed = options.now;
  const now = typeof fixed === "function" ? fixed : fixed ? () => fixed : () => new Date();
  const limit = options.limit ?? Infinity;
  const leaseMs = options.leaseMs ?? ANALYSIS_LEASE_MS;
  const summary: AnalyzeSummary = { analyzed: 0, failed: 0, inserted: 0, superseded: 0, kept: 0, carried: 0 };
  const keeper = keepClaims(db, { workerId, leaseMs, now });
  let afterId = 0;
  try {
    while (summary.analyzed + summary.failed < limit) {
      const want = Math.min(options.batchSize ?? 5, limit - summary.analyzed - summary.failed);
      const ids = await claimVersionsForAnalysis(db, {
        workerId,
        limit: want,
        now: now(),
        leaseMs,
        afterId,
        ...(options.versionIds ? { onlyIds: options.versionIds } : {}),
      });
      if (!ids.length) break;
      keeper.held.push(...ids);
      afterId = ids[ids.length - 1];
      for (const versionId of ids) {
        await analyzeOne(db, versionId, { ...options, workerId, now }, summary);
        keeper.held.splice(keeper.held.indexOf(versionId), 1);
      }
    }
  } finally {
    await keeper.stop();
  }
  return summary;
}

/** Claims on versions are short; the worker holding them renews them while it is alive. */
export const ANALYSIS_LEASE_MS = 15_000;

/**
 * Renews the claims in `held` every third of the lease until stopped. A renewal that fails (the
 * database is briefly away) is tried again at the next tick; the claim outlives two missed ticks.
 */
function keepClaims(db: Db, args: { workerId: string; leaseMs: number; now: () => Date }) {
  const held: number[] = [];
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      renewing = renewVersionClaims(db, {
        workerId: args.workerId,
        versionIds: [...held],
        until: new Date(args.now().getTime() + args.leaseMs),
      }).catch(() => undefined);
    },
    Math.max(20, Math.floor(args.leaseMs / 3)),
  );
  timer.unref();
  return {
    held,
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
}

async function analyzeOne(
  db: Db,
  versionId: number,
  options: Omit<AnalyzeOptions, "now"> & { workerId: string; now: () => Date },
  summary: AnalyzeSummary,
): Promise<void> {
  const { workerId, now, onVersion } = options;
  try {
    const v = await loadVersionForAnalysis(db, versionId);
    const analysis = (options.analyze ?? analyzeDocument)({
      pages: v.pages,
      ...(v.language ? { lang: v.language } : {}),
    });
    const rows = toRows(analysis, v.documentPeriod);
    const result = await saveVersionAnalysis(db, {
      versionId,
      documentId: v.documentId,
      organizationId: v.organizationId,
      workerId,
      analyzerVersion: ANALYZER_VERSION,
      language: analysis.lang,
      now: now(),
      passages: rows.passages,
      facts: v.structured ? null : rows.facts,
    });
    summary.analyzed++;
    summary.inserted += result.inserted;
    summary.superseded += result.superseded;
    summary.kept += result.kept;
    summary.carried += result.carried;
    onVersion?.({ versionId, ok: true, result });
  } catch (e) {
    const error = `${(e as Error)?.name ?? "Error"}: ${(e as Error)?.message ?? String(e)}`;
    summary.failed++;
    await markVersionFailed(db, { versionId, workerId, error }).catch(() => {});
    options.log?.warn(`analysis of version ${versionId} failed; it is retried on the next run: ${error}`, {
      versionId,
    });
    onVersion?.({ versionId, ok: false, error });
  }
}

/**
 * Re-runs the analyzer over stored versions (after the analyzer improved) without losing any
 * analyst review: a confirmed or corrected fact stays as the analyst left it, a rejected one stays
 * rejected, an automatic fact the analyzer no longer finds is marked superseded (kept, with its
 * trail), new facts are added and passages replaced. `all: false` only takes versions analysed by
 * another analyzer version (and those never analysed).
 * @example await reanalyzeVersions(db, { all: true }) // { requeued: 40, analyzed: 40, failed: 0, ... }
 */
export async function reanalyzeVersions(
  db: Db,
  options: AnalyzeOptions & { all?: boolean; versionIds?: number[] } = {},
): Promise<AnalyzeSummary & { requeued: number }> {
  const requeued = await requeueVersions(db, {
    all: options.all ?? false,
    analyzerVersion: ANALYZER_VERSION,
    ...(options.versionIds ? { versionIds: options.versionIds } : {}),
  });
  const summary = await analyzePendingVersions(db, options);
  return { requeued, ...summary };
}
