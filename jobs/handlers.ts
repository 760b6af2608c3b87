import { detectAlerts } from "../alerts/detect.ts";
import { runOutbox } from "../alerts/outbox.ts";
import { crawlerUserAgent, type Config } from "../config.ts";
import type { Catalog, CatalogEntry } from "../crawlers/catalog.ts";
import { createFetcher, type FetcherOptions } from "../crawlers/fetch/index.ts";
import { runCrawl } from "../crawlers/run.ts";
import { createRunFetcher } from "../crawlers/run-fetcher.ts";
import { createExclusive, flushNotModified, handleItem, type RunState } from "../crawlers/run-item.ts";
import type { Fetcher, Logger } from "../crawlers/types.ts";
import type { Db } from "../db/client.ts";
import { addRunCounts } from "../db/queries/crawl.ts";
import { versionAnalysisStatus } from "../db/queries/documents.ts";
import { analyzePendingVersions, type AnalyzeOptions } from "../pipeline/analyze.ts";
import { createDbHostGate, HostBusyError } from "./host-gate.ts";
import type { DiscoverJob, FetchJob, JobData, QueueName, SendJob, VersionJob } from "./queues.ts";

/**
 * What each job does. Each handler is the pipeline's existing step for one unit (one source's
 * discovery, one document's fetch, one version's analysis or change detection, one outbox pass)
 * and ends by queueing the next step; a thrown error makes pg-boss retry the job with back-off and,
 * after the last retry, move it to the queue's dead-letter queue.
 */

export interface JobContext {
  db: Db;
  config: Config;
  log: Logger;
  send: SendJob;
  catalog: Catalog;
  /** Aborted when the worker stops: a discovery ends its run (the next one resumes). */
  signal: AbortSignal;
  /** Aborted first when the worker stops. */
  discoverySignal: AbortSignal;
  /** Overrides of the fetcher options (tests and the bench: no delays). */
  fetcherOptions?: Partial<FetcherOptions>;
  /** Options of the analysis (the bench and tests pass their own analyzer or lease). */
  analysis?: Omit<AnalyzeOptions, "versionIds" | "log">;
  /** A job's lease: a fetch never waits for its host longer than a third of it. */
  leaseSeconds: number;
  /** Puts a job back in its queue to start at `startAfter` (a fetch whose host is busy). */
  sendLater: <Q extends QueueName>(queue: Q, data: JobData[Q], startAfter: Date) => Promise<string | null>;
  /** Enqueues the analysis of every version nobody is analysing (see sweep.ts). */
  sweep(): Promise<number>;
  /** One fetcher per source in this process, so robots.txt is read once, not once per document. */
  fetchers: Map<string, Fetcher & { close(): void }>;
}

function entryOf(ctx: JobContext, sourceId: string): CatalogEntry {
  const entry = ctx.catalog.get(sourceId);
  if (!entry) throw new Error(`no source "${sourceId}" in this worker's catalog (is its sources file the same?)`);
  return entry;
}

/** A fetch job waits for its host at most a third of its lease; a discovery (long lease) waits its turn. */
function fetcherOptions(ctx: JobContext, maxWaitMs = (ctx.leaseSeconds * 1000) / 3): FetcherOptions {
  return {
    userAgent: crawlerUserAgent(ctx.config),
    perHostDelayMs: ctx.config.perHostDelayMs,
    log: ctx.log,
    hostGate: createDbHostGate(ctx.db, { maxWaitMs }),
    signal: ctx.signal,
    ...ctx.fetcherOptions,
  };
}

function fetcherFor(ctx: JobContext, entry: CatalogEntry): Fetcher {
  let fetcher = ctx.fetchers.get(entry.source.id);
  if (!fetcher) {
    fetcher = createFetcher({ ...fetcherOptions(ctx), allowedHosts: entry.settings.allowedHosts });
    ctx.fetchers.set(entry.source.id, fetcher);
  }
  return fetcher;
}

async function discover(ctx: JobContext, job: DiscoverJob): Promise<unknown> {
  const entry = entryOf(ctx, job.sourceId);
  const summary = await runCrawl({
    db: ctx.db,
    source: entry.source,
    settings: entry.settings,
    fetcherOptions: fetcherOptions(ctx, 10 * 60_000),
    chromiumPath: ctx.config.chromiumPath,
    log: ctx.log,
    signal: ctx.discoverySignal,
    dispatch: async (fetch) => {
      await ctx.send("fetch", fetch);
    },
  });
  ctx.log.info(`jobs: discovery of ${job.sourceId} ${summary.status}`, { ...summary });
  // Records are stored by the discovery itself; their versions wait for analysis like any other.
  if (summary.new + summary.changed > 0) await ctx.sweep();
  return summary;
}

async function fetch(ctx: JobContext, job: FetchJob): Promise<unknown> {
  const entry = entryOf(ctx, job.sourceId);
  const state: RunState = {
    db: ctx.db,
    target: { db: ctx.db, sourceId: job.sourceId, organizationId: job.organizationId },
    fetcher: createRunFetcher(fetcherFor(ctx, entry)),
    log: ctx.log,
    counts: { fetched: 0, new: 0, changed: 0, unchanged: 0, failed: 0, skipped: 0, bytes: 0 },
    errors: [],
    seen: new Set(),
    urls: new Map(),
    notModified: [],
    signal: ctx.signal,
    exclusive: createExclusive(),
    stored: [],
    queued: 0,
  };
  try {
    await handleItem(state, { kind: "document", ref: job.ref });
  } catch (error) {
    // The fetcher reports a wait it gave up as "aborted", with the gate's error as its cause.
    const cause = (error as { cause?: unknown })?.cause;
    const busy = error instanceof HostBusyError ? error : cause instanceof HostBusyError ? cause : null;
    if (!busy) throw error;
    await ctx.sendLater("fetch", job, busy.retryAt);
    return { deferred: busy.retryAt.toISOString() };
  }
  await flushNotModified(state);
  await addRunCounts(ctx.db, { runId: job.runId, counts: state.counts, errors: state.errors });
  for (const versionId of state.stored) await ctx.send("analyze", { versionId });
  return state.counts;
}

async function analyze(ctx: JobContext, job: VersionJob): Promise<unknown> {
  let error: string | undefined;
  const summary = await analyzePendingVersions(ctx.db, {
    ...ctx.analysis,
    versionIds: [job.versionId],
    onVersion: (v) => {
      error = v.error;
    },
  });
  // A failed analysis is recorded on the version; throwing lets pg-boss retry it with back-off.
  if (summary.failed) throw new Error(`analysis of version ${job.versionId} failed: ${error}`);
  // Detection follows whenever the version stands analysed, not only when this job analysed it:
  // a retry of a job whose worker died between saving the analysis and queueing the detection
  // finds nothing to analyse, and must still queue it (detection is idempotent).
  if (summary.analyzed || (await versionAnalysisStatus(ctx.db, job.versionId)) === "analyzed")
    await ctx.send("detect", job);
  return summary;
}

async function detect(ctx: JobContext, job: VersionJob): Promise<unknown> {
  const result = await detectAlerts(ctx.db, { versionIds: [job.versionId], now: new Date() });
  if (result.deliveries > 0) await ctx.send("deliver", {});
  return { alerts: result.alerts.length, deliveries: result.deliveries };
}

async function deliver(ctx: JobContext): Promise<unknown> {
  return runOutbox(ctx.db, ctx.config);
}

export const HANDLERS: { [Q in QueueName]: (ctx: JobContext, data: JobData[Q]) => Promise<unknown> } = {
  discover,
  fetch,
  analyze,
  detect,
  deliver,
};
