import cron, { type ScheduledTask } from "node-cron";
import type { Config } from "../config.ts";
import { crawlerUserAgent } from "../config.ts";
import type { Db } from "../db/client.ts";
import { upsertSources } from "../db/queries/sources.ts";
import { loadAfterStore } from "./after-store.ts";
import { loadCatalog, type CatalogEntry } from "./catalog.ts";
import { createLogger, type LogLevel } from "./log.ts";
import { runCrawl, type RunCrawlOptions } from "./run.ts";
import { sourceDefinition } from "./source-row.ts";
import type { Logger } from "./types.ts";

/**
 * Runs each enabled source on its cron schedule while the service is up. A source never runs
 * twice at once: within this process a busy source's tick is skipped, and across processes the
 * lease taken by runCrawl skips the second run.
 */

export interface SchedulerOptions {
  db: Db;
  config: Config;
  log?: Logger;
  /** Overrides of the fetcher options (tests use no delays). */
  fetcherOptions?: Partial<RunCrawlOptions["fetcherOptions"]>;
}

function scheduled(entry: CatalogEntry): entry is CatalogEntry & { settings: { schedule: string } } {
  return (
    entry.settings.enabled && typeof entry.settings.schedule === "string" && cron.validate(entry.settings.schedule)
  );
}

/**
 * Starts the cron tasks and returns `stop()`, which stops them, cancels running crawls (they
 * resume on their next run) and waits for them to close.
 * @example const stop = await startScheduler({ db, config }); ...; await stop();
 */
export async function startScheduler(options: SchedulerOptions): Promise<() => Promise<void>> {
  const log = options.log ?? createLogger(options.config.logLevel as LogLevel, process.stderr);
  const catalog = await loadCatalog({ config: options.config });
  await upsertSources(
    options.db,
    catalog.entries.map((e) => sourceDefinition(e.source, e.settings)),
  );
  const afterStore = await loadAfterStore(log);
  const cancel = new AbortController();
  const running = new Map<string, Promise<void>>();
  const fetcherOptions = { userAgent: crawlerUserAgent(options.config), log, ...options.fetcherOptions };
  const tick = (entry: CatalogEntry) => {
    const id = entry.source.id;
    if (running.has(id) || cancel.signal.aborted)
      return log.info(`schedule: ${id} is still running; this tick is skipped`);
    const run = runCrawl({
      db: options.db,
      source: entry.source,
      settings: entry.settings,
      fetcherOptions,
      chromiumPath: options.config.chromiumPath,
      log,
      signal: cancel.signal,
      afterStore,
    })
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
