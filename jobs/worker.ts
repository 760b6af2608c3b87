import type PgBoss from "pg-boss";
import type { Config } from "../config.ts";
import { loadCatalog } from "../crawlers/catalog.ts";
import type { FetcherOptions } from "../crawlers/fetch/index.ts";
import { sourceDefinition } from "../crawlers/source-row.ts";
import type { Logger } from "../crawlers/types.ts";
import type { DbHandle } from "../db/client.ts";
import { hasDueDeliveries } from "../db/queries/alerts.ts";
import { versionsAwaitingAnalysis } from "../db/queries/documents.ts";
import { upsertSources } from "../db/queries/sources.ts";
import type { AnalyzeOptions } from "../pipeline/analyze.ts";
import { openBoss } from "./boss.ts";
import { HANDLERS, type JobContext } from "./handlers.ts";
import { createLaterSender, createSender, QUEUES, type QueueName, type SendJob } from "./queues.ts";

/**
 * A worker: pg-boss workers on the chosen queues, `concurrency` loops each, plus a sweep every
 * `sweepMs` (and at start-up) that queues the analysis of versions nobody is analysing (left by a
 * crash) and an outbox pass when deliveries are due (retries and digests fall due with time).
 * `stop()` lets running jobs finish for up to `stopTimeoutMs`, then hands the rest back (failed,
 * so retried elsewhere).
 */

export interface WorkerOptions {
  handle: DbHandle;
  config: Config;
  log: Logger;
  queues?: QueueName[];
  /** Job loops per queue in this process (default 2). */
  concurrency?: number;
  /** A job's lease in seconds: a worker killed mid-job has it retried elsewhere after this (default 120). */
  leaseSeconds?: number;
  /** First retry's delay, doubled each retry (default 5). */
  retryDelaySeconds?: number;
  sweepMs?: number;
  stopTimeoutMs?: number;
  fetcherOptions?: Partial<FetcherOptions>;
  analysis?: Omit<AnalyzeOptions, "versionIds" | "log">;
}

export interface JobWorker {
  boss: PgBoss;
  send: SendJob;
  stop(): Promise<void>;
}

export const DEFAULT_LEASE_SECONDS = 120;
/** Jobs taken per poll: pg-boss polls at most every 500 ms per loop, so short jobs come in small batches. */
const BATCH_SIZE = 4;
/** Seconds between polls of an idle loop: the busy queues often, the rare ones (discovery, delivery) less. */
const POLL_SECONDS: Record<QueueName, number> = { discover: 2, fetch: 0.5, analyze: 0.5, detect: 1, deliver: 2 };

/**
 * @example const worker = await startJobWorker({ handle, config, log, queues: ["fetch", "analyze"] }); ...; await
 *   worker.stop();
 */
export async function startJobWorker(options: WorkerOptions): Promise<JobWorker> {
  const { handle, config, log } = options;
  const leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
  const boss = await openBoss(handle, {
    databaseUrl: config.databaseUrl,
    leaseSeconds,
    ...(options.retryDelaySeconds ? { retryDelaySeconds: options.retryDelaySeconds } : {}),
  });
  const send = createSender(boss);
  const catalog = await loadCatalog({ config });
  await upsertSources(
    handle.db,
    catalog.entries.map((e) => sourceDefinition(e.source, e.settings)),
  );
  const stopping = new AbortController();
  const discovery = new AbortController();
  const ctx: JobContext = {
    db: handle.db,
    config,
    log,
    send,
    sendLater: createLaterSender(boss),
    leaseSeconds,
    catalog,
    signal: stopping.signal,
    discoverySignal: AbortSignal.any([stopping.signal, discovery.signal]),
    fetchers: new Map(),
    ...(options.fetcherOptions ? { fetcherOptions: options.fetcherOptions } : {}),
    ...(options.analysis ? { analysis: options.analysis } : {}),
    sweep: () => sweep(ctx),
  };
  const queues = options.queues ?? [...QUEUES];
  for (const queue of queues)
    for (let i = 0; i < Math.max(1, options.concurrency ?? 2); i++)
      await boss.work<object>(queue, { batchSize: BATCH_SIZE, pollingIntervalSeconds: POLL_SECONDS[queue] }, (jobs) =>
        runBatch(ctx, boss, queue, jobs),
      );
  const sweeping = startSweep(ctx, queues, options.sweepMs ?? 30_000);
  return {
    boss,
    send,
    async stop() {
      await sweeping.stop();
      // A discovery can run for an hour: it stops at once (its run is resumed by the next one);
      // fetches and analyses get the grace period, then pg-boss fails what is left (retried elsewhere).
      discovery.abort(new Error("the worker is stopping"));
      await boss.stop({ graceful: true, wait: true, timeout: options.stopTimeoutMs ?? 30_000, close: true });
      stopping.abort(new Error("the worker is stopping"));
      for (const fetcher of ctx.fetchers.values()) fetcher.close();
    },
  };
}

/**
 * Runs a batch one job at a time; a job that throws is failed on its own (pg-boss retries it with
 * back-off, then dead-letters it) and the batch goes on. pg-boss completes the others.
 */
async function runBatch(ctx: JobContext, boss: PgBoss, queue: QueueName, jobs: PgBoss.Job<object>[]): Promise<void> {
  for (const job of jobs) {
    try {
      await (HANDLERS[queue] as (c: JobContext, d: object) => Promise<unknown>)(ctx, job.data);
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      ctx.log.warn(`jobs: ${queue} job ${job.id} failed; pg-boss retries it with back-off: ${message}`);
      await boss.fail(queue, job.id, { message });
    }
  }
}

/** Queues the analysis of versions nobody is analysing; returns how many were queued. */
async function sweep(ctx: JobContext): Promise<number> {
  let queued = 0;
  for (const versionId of await versionsAwaitingAnalysis(ctx.db, { now: new Date(), limit: 5000 }))
    if (await ctx.send("analyze", { versionId })) queued += 1;
  return queued;
}

function startSweep(ctx: JobContext, queues: QueueName[], everyMs: number) {
  let running: Promise<unknown> = Promise.resolve();
  const pass = async () => {
    try {
      if (queues.includes("analyze")) await sweep(ctx);
      if (queues.includes("deliver") && (await hasDueDeliveries(ctx.db, new Date()))) await ctx.send("deliver", {});
    } catch (error) {
      ctx.log.warn(`jobs: sweep failed; next one in ${everyMs} ms: ${(error as Error)?.message ?? error}`);
    }
  };
  running = pass();
  const timer = setInterval(() => {
    running = running.then(pass);
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
