import cron, { type ScheduledTask } from "node-cron";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { CatalogEntry } from "./catalog.ts";
import { createLogger, type LogLevel } from "./log.ts";
import { createCrawlService, type CrawlServiceOptions } from "./run-sources.ts";
import type { Logger } from "./types.ts";

/**
 * Runs each enabled source on its cron schedule while the service is up, through the crawl
 * service (so each crawl goes on to analysis, detection and delivery). A source never runs twice
 * at once: within this process a busy source's tick is skipped, and across processes the lease
 * taken by runCrawl skips the second run.
 */

export interface SchedulerOptions {
  db: Db;
  config: Config;
  log?: Logger;
  /**
   * When given, a tick only enqueues the source's discovery (the job workers do the crawl and the
   * rest of the pipeline); else the crawl runs here, followed by `afterCrawl`.
   */
  enqueue?: (entry: CatalogEntry) => Promise<unknown>;
  /** The step after each crawl (the composition root passes the pipeline). */
  afterCrawl?: CrawlServiceOptions["afterCrawl"];
  /** Overrides of the fetcher options (tests use no delays). */
  fetcherOptions?: CrawlServiceOptions["fetcherOptions"];
}

function scheduled(entry: CatalogEntry): entry is CatalogEntry & { settings: { schedule: string } } {
  return (
    entry.settings.enabled && typeof entry.settings.schedule === "string" && cron.validate(entry.settings.schedule)
  );
}

/**
 * Starts the cron tasks and returns `stop()`, which stops them, cancels running crawls (they
 * resume on their next run) and waits for them to close.
 * @example const stop = await startScheduler({ db, config, afterCrawl }); ...; await stop();
 */
export async function startScheduler(options: SchedulerOptions): Promise<() => Promise<void>> {
  const log = options.log ?? createLogger(options.config.logLevel as LogLevel, process.stderr);
  const service = createCrawlService({ ...options, log });
  const catalog = await service.catalog();
  const cancel = new AbortController();
  const running = new Map<string, Promise<void>>();
  const tick = (entry: CatalogEntry) => {
    const id = entry.source.id;
    const { enqueue } = options;
    if (enqueue)
      return void enqueue(entry).catch((e) =>
        log.error(`schedule: ${id} could not be queued: ${(e as Error)?.message ?? e}; tried again at its next time`),
      );
    if (running.has(id) || cancel.signal.aborted)
      return log.info(`schedule: ${id} is still running; this tick is skipped`);
    const run = service
      .run(entry, cancel.signal)
      .then((summary) => log.info(`schedule: ${id} ${summary.status}`, { ...summary }))
      .catch((e) =>
        log.error(`schedule: ${id} could not run: ${(e as Error)?.message ?? e}; it is tried again at its next time`),
      )
      .finally(() => running.delete(id));
    running.set(id, run);
  };
  const tasks: ScheduledTask[] = catalog.entries
    .filter(scheduled)
    .map((entry) =>
      cron.schedule(entry.settings.schedule, () => tick(entry), { name: `crawl:${entry.source.id}`, noOverlap: true }),
    );
  log.info(`schedule: ${tasks.length} source(s) scheduled`);
  return async function stopScheduler() {
    for (const task of tasks) await task.destroy();
    cancel.abort(new Error("the service is shutting down"));
    await Promise.allSettled([...running.values()]);
  };
}
