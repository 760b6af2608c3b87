import type { Db } from "../db/client.ts";
import {
  abandonRunningRuns,
  addRunCounts,
  finishCrawlRun,
  saveRunProgress,
  saveRunQueued,
  sourceUrlStates,
  startCrawlRun,
  type RunCounts,
} from "../db/queries/crawl.ts";
import { leaseHolder, markSourceFinished, markSourceRunning, upsertSources } from "../db/queries/sources.ts";
import { isFetchError } from "./errors.ts";
import type { PdfOptions } from "./extract/index.ts";
import { createFetcher, type FetcherOptions } from "./fetch/index.ts";
import { takeLease } from "./lease.ts";
import { createRunFetcher } from "./run-fetcher.ts";
import { createExclusive, describeFetchError, flushNotModified, handleItem, type RunState } from "./run-item.ts";
import { sourceDefinition } from "./source-row.ts";
import type { DocumentRef, Logger, Source, SourceContext, SourceSettings } from "./types.ts";
import { normalizeUrl } from "./url.ts";

/**
 * One crawl of one source: the composition root of crawlers/. It takes the source's lease (one run
 * per source across processes), records a crawl_runs row, lets the source discover documents and
 * records, fetches each document once (conditionally), stores what is new, and closes the run.
 */

export interface RunCrawlOptions {
  db: Db;
  source: Source;
  settings: SourceSettings;
  /** Fetcher options; the source's allowedHosts and the run's signal are added here. */
  fetcherOptions: Omit<FetcherOptions, "allowedHosts" | "signal">;
  log?: Logger;
  /** Stops the run (process shutdown); the next run resumes. */
  signal?: AbortSignal;
  /**
   * Hands each discovered document to a fetch job instead of fetching it here (the job queue's
   * discovery); records are still stored by the run. The summary then counts `queued`.
   */
  dispatch?: (job: {
    runId: number;
    sourceId: string;
    organizationId: string | null;
    ref: DocumentRef;
  }) => Promise<void>;
  /** Told after each discovered item what the run has counted so far (the terminal's progress line). */
  onProgress?: (progress: CrawlProgress) => void;
  /** Lease length, renewed every third of it. Default 120000. */
  leaseMs?: number;
  /** Documents fetched at once (the fetcher still limits each host). Default 2. */
  concurrency?: number;
  /** CHROMIUM_PATH, for sources with the playwright engine (browser/chromium.ts picks one when unset). */
  chromiumPath?: string;
  /** Limits of PDF text extraction (time, memory, text); defaults in crawlers/extract/pdf.ts. */
  extract?: PdfOptions;
}

/** A running crawl's counts: URLs and records seen so far, and what became of them. */
export interface CrawlProgress extends Omit<RunCounts, "bytes"> {
  source: string;
  seen: number;
}

export interface CrawlSummary extends Omit<RunCounts, "bytes"> {
  source: string;
  status: "succeeded" | "failed" | "skipped" | "cancelled";
  bytes: number;
  durationMs: number;
  runId?: number;
  error?: string;
  /** Documents handed to fetch jobs (job queue only). */
  queued?: number;
}

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const zero = (): RunCounts => ({ fetched: 0, new: 0, changed: 0, unchanged: 0, failed: 0, skipped: 0, bytes: 0 });

/**
 * Runs one crawl of `source` now and returns its summary; never throws for a source's failure
 * (status "failed" with the error), only for a database that cannot be used.
 * @example const summary = await runCrawl({ db, source, settings, fetcherOptions: { userAgent } });
 */
export async function runCrawl(options: RunCrawlOptions): Promise<CrawlSummary> {
  const started = Date.now();
  const { db, source, settings } = options;
  const log = options.log ?? SILENT;
  await upsertSources(db, [sourceDefinition(source, settings)]);
  const progress: RunScope["progress"] = { runId: null, state: null, save: null };
  const lease = await takeLease(db, {
    sourceId: source.id,
    leaseMs: options.leaseMs ?? 120_000,
    onRenew: async () => {
      await progress.save?.(true);
    },
  });
  if (!lease) return skippedSummary(db, source.id, started);
  try {
    const runId = await startCrawlRun(db, { sourceId: source.id, worker: lease.owner });
    progress.runId = runId;
    const abandoned = await abandonRunningRuns(db, { sourceId: source.id, exceptRunId: runId });
    if (abandoned)
      log.warn(`crawl: ${source.id}: ${abandoned} earlier run(s) had stopped half-way; this run resumes them`);
    await markSourceRunning(db, source.id);
    return await crawlWithLease(options, { runId, lease: lease.lost, started, log, progress });
  } finally {
    await lease.release();
  }
}

async function skippedSummary(db: Db, sourceId: string, started: number): Promise<CrawlSummary> {
  const holder = await leaseHolder(db, sourceId);
  const error =
    `source ${sourceId} is already being crawled by ${holder.owner ?? "another run"}` +
    `${holder.until ? ` (lease until ${holder.until.toISOString()})` : ""}; this run was skipped`;
  return { source: sourceId, ...zero(), status: "skipped", durationMs: Date.now() - started, error };
}

interface RunScope {
  runId: number;
  lease: AbortSignal;
  started: number;
  log: Logger;
  progress: { runId: number | null; state: RunState | null; save: ((force?: boolean) => Promise<void>) | null };
}

async function crawlWithLease(options: RunCrawlOptions, scope: RunScope): Promise<CrawlSummary> {
  const { db, source, settings } = options;
  const signal = AbortSignal.any([scope.lease, ...(options.signal ? [options.signal] : [])]);
  const urls = await sourceUrlStates(db, source.id);
  const notFound = new Set([...urls.values()].filter((u) => u.lastOutcome === "not-found").map((u) => u.url));
  const fetcher = createFetcher({
    ...options.fetcherOptions,
    allowedHosts: settings.allowedHosts,
    signal,
    log: scope.log,
  });
  const state: RunState = {
    db,
    target: {
      db,
      sourceId: source.id,
      organizationId: settings.organization ?? source.organizationId ?? null,
      extract: options.extract,
    },
    fetcher: createRunFetcher(fetcher),
    log: scope.log,
    counts: zero(),
    errors: [],
    seen: new Set(),
    urls,
    notModified: [],
    signal,
    exclusive: createExclusive(),
    stored: [],
    queued: 0,
  };
  const { dispatch } = options;
  if (dispatch)
    state.dispatch = (ref) =>
      dispatch({ runId: scope.runId, sourceId: source.id, organizationId: state.target.organizationId, ref });
  scope.progress.state = state;
  const ctx: SourceContext = {
    fetcher: state.fetcher,
    settings,
    userAgent: options.fetcherOptions.userAgent,
    log: scope.log,
    signal,
    chromiumPath: options.chromiumPath,
    isKnownNotFound: (url) => notFound.has(safeNormalize(url)),
  };
  let error: string | null = null;
  try {
    const save = createProgressSaver(db, scope.runId, state);
    scope.progress.save = save;
    const report = async () => {
      options.onProgress?.({ source: source.id, seen: state.seen.size, ...countsOf(state) });
      await save();
    };
    await forEachConcurrent(source.discover(ctx), options.concurrency ?? 2, (item) =>
      handleItem(state, item).finally(report),
    );
  } catch (e) {
    error = signal.aborted ? cancelMessage(signal) : describeSourceError(e);
  } finally {
    state.counts.bytes = fetcher.stats().bytes;
    fetcher.close();
    await flushNotModified(state);
  }
  const durationMs = Date.now() - scope.started;
  await scope.progress.save?.(true);
  await finishCrawlRun(db, {
    runId: scope.runId,
    status: error ? "failed" : "succeeded",
    // Fetch jobs add to a dispatching run's counts as they go: the discovery only adds its own.
    ...(state.dispatch ? {} : { counts: state.counts, errors: state.errors }),
    error,
    durationMs,
    queued: state.queued,
  });
  await markSourceFinished(db, { sourceId: source.id, ok: !error, error });
  const status = error ? (signal.aborted ? "cancelled" : "failed") : "succeeded";
  return {
    source: source.id,
    ...state.counts,
    status,
    durationMs,
    runId: scope.runId,
    ...(error ? { error } : {}),
    ...(dispatch ? { queued: state.queued } : {}),
  };
}

/**
 * Saves the run's counts as soon as something was stored (or failed), so a run abandoned by a
 * killed process shows what it stored; 304s and unchanged bodies, which store nothing, are saved
 * at most every few seconds (or when `force`d). One save at a time, the latest counts each time.
 * A dispatching run shares its counts with its fetch jobs, so it adds what it counted since the
 * last save instead of overwriting them.
 */
function createProgressSaver(db: Db, runId: number, state: RunState): (force?: boolean) => Promise<void> {
  let saved = "";
  let savedAt = 0;
  let chain: Promise<void> = Promise.resolve();
  const written = { counts: zero(), errors: 0 };
  const write = async () => {
    if (!state.dispatch)
      return saveRunProgress(db, { runId, counts: state.counts, errors: state.errors, queued: state.queued });
    const now = { counts: { ...state.counts }, errors: state.errors.length };
    const delta = Object.fromEntries(
      Object.entries(now.counts).map(([k, v]) => [k, v - written.counts[k as keyof RunCounts]]),
    ) as unknown as RunCounts;
    await addRunCounts(db, { runId, counts: delta, errors: state.errors.slice(written.errors, now.errors) });
    await saveRunQueued(db, { runId, queued: state.queued });
    Object.assign(written, now);
  };
  return (force = false) => {
    const stored = `${state.counts.new}/${state.counts.changed}/${state.counts.failed}/${state.queued}`;
    if (!force && stored === saved && Date.now() - savedAt < 5000) return chain;
    saved = stored;
    savedAt = Date.now();
    // A failed save is only late: the lease renewal and the end of the run save again.
    chain = chain.then(write).catch(() => undefined);
    return chain;
  };
}

function countsOf(state: RunState): Omit<RunCounts, "bytes"> {
  const { bytes: _bytes, ...counts } = state.counts;
  return counts;
}

function safeNormalize(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    return url;
  }
}

function cancelMessage(signal: AbortSignal): string {
  const reason = (signal.reason as Error)?.message;
  return (
    `cancelled${reason ? ` (${reason})` : ""}: the run stopped before the end; the next run resumes and stores ` +
    `nothing twice`
  );
}

/** Why the source's run failed, with what happens next. */
function describeSourceError(e: unknown): string {
  const detail = isFetchError(e) ? describeFetchError(e) : ((e as Error)?.message ?? String(e));
  return `source failed: ${detail}; the other sources go on and this one is tried again on its next run`;
}

/**
 * Pulls items from `items` with `concurrency` workers; the first error stops pulling, closes the
 * iterator (so a browser opened by discovery is closed) and is rethrown.
 */
export async function forEachConcurrent<T>(
  items: AsyncIterable<T>,
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.asyncIterator]();
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    try {
      while (!failure) {
        const next = await iterator.next();
        if (next.done) return;
        await fn(next.value);
      }
    } catch (error) {
      failure ??= { error };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure) {
    await iterator.return?.(undefined).catch(() => undefined);
    throw (failure as { error: unknown }).error;
  }
}
