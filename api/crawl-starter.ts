import type { Config } from "../config.ts";
import { loadCatalog, type Catalog, type CatalogEntry } from "../crawlers/catalog.ts";
import { createLogger, type LogLevel } from "../crawlers/log.ts";
import { createCrawlService } from "../crawlers/run-sources.ts";
import type { Db } from "../db/client.ts";
import { listRuns } from "../db/queries/runs.ts";
import { leaseHolder } from "../db/queries/sources.ts";
import type { CrawlRun } from "../db/schema/crawl-runs.ts";
import { AppError } from "../errors.ts";
import { createAfterCrawl } from "../pipeline/after-crawl.ts";

/** How long POST /api/crawl waits for the runs' rows to exist, so it can answer with their ids. */
const WAIT_FOR_RUN_MS = 3000;

/**
 * Crawls started from the API: queued as discovery jobs (`start`), or run in the background of the
 * server process, tracked per app so a shutdown (or a test) can wait for them instead of cutting a
 * run in half.
 */
export interface BackgroundCrawls {
  start(args: { db: Db; config: Config; sourceId?: string }): Promise<{ sources: string[]; runs: CrawlRun[] }>;
  /** Resolves when every crawl started so far has ended. */
  idle(): Promise<void>;
}

async function select(config: Config, sourceId?: string): Promise<{ catalog: Catalog; chosen: CatalogEntry[] }> {
  let catalog: Catalog;
  try {
    catalog = await loadCatalog({ config });
  } catch (cause) {
    throw new AppError("config", `The sources file cannot be read: ${(cause as Error).message}`, { cause });
  }
  if (sourceId === undefined) return { catalog, chosen: catalog.entries.filter((e) => e.settings.enabled) };
  const entry = catalog.get(sourceId);
  if (!entry)
    throw new AppError(
      "not_found",
      `No source "${sourceId}"; known sources: ${catalog.entries.map((e) => e.source.id).join(", ")}`,
    );
  return { catalog, chosen: [entry] };
}

async function isRunning(db: Db, sourceId: string): Promise<boolean> {
  const holder = await leaseHolder(db, sourceId);
  return holder.until !== null && holder.until.getTime() > Date.now();
}

async function waitForRuns(db: Db, sources: string[], afterId: number, settled: () => boolean): Promise<CrawlRun[]> {
  const deadline = Date.now() + WAIT_FOR_RUN_MS;
  for (;;) {
    const runs = (await Promise.all(sources.map((source) => listRuns(db, { source, limit: 1, offset: 0 }))))
      .flatMap((r) => r.items)
      .filter((r) => r.id > afterId);
    if (runs.length >= sources.length || settled() || Date.now() > deadline) return runs;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface BackgroundCrawlOptions {
  /** False only for a service whose workers do analysis, detection and delivery. */
  withPipeline?: boolean;
  /**
   * Hands each crawl to the job queue (a discovery job per source, run by any worker) instead of
   * running it in this process: what `start` does, so a crawl from the page is one more job.
   */
  enqueue?: (sourceId: string) => Promise<unknown>;
}

async function freeEntries(db: Db, chosen: CatalogEntry[], sourceId: string | undefined): Promise<CatalogEntry[]> {
  const free = [];
  for (const e of chosen) if (!(await isRunning(db, e.source.id))) free.push(e);
  if (sourceId !== undefined && free.length === 0)
    throw new AppError("conflict", `Source "${sourceId}" is being crawled right now; see /api/runs?source=${sourceId}`);
  return free;
}

/** Queues one discovery per free source and answers with the first run once a worker has opened it (or none yet). */
async function startQueued(
  db: Db,
  chosen: CatalogEntry[],
  sourceId: string | undefined,
  enqueue: (sourceId: string) => Promise<unknown>,
): Promise<{ sources: string[]; runs: CrawlRun[] }> {
  const free = await freeEntries(db, chosen, sourceId);
  const before = (await listRuns(db, { limit: 1, offset: 0 })).items[0]?.id ?? 0;
  const ids = free.map((e) => e.source.id);
  for (const id of ids) await enqueue(id);
  return { sources: ids, runs: ids.length ? await waitForRuns(db, ids.slice(0, 1), before, () => false) : [] };
}

/**
 * Each crawl goes on to analysis, detection and delivery (the pipeline), in this process or, with
 * `enqueue`, as jobs.
 */
export function createBackgroundCrawls(options: BackgroundCrawlOptions = {}): BackgroundCrawls {
  const pending = new Set<Promise<unknown>>();
  return {
    async start({ db, config, sourceId }) {
      const { catalog, chosen } = await select(config, sourceId);
      const { enqueue } = options;
      if (enqueue) return startQueued(db, chosen, sourceId, enqueue);
      const log = createLogger(config.logLevel as LogLevel, process.stderr);
      const service = createCrawlService({
        db,
        config,
        log,
        ...(options.withPipeline === false ? {} : { afterCrawl: createAfterCrawl({ config, log }) }),
      });
      await service.catalog(catalog);
      const free = await freeEntries(db, chosen, sourceId);
      const before = (await listRuns(db, { limit: 1, offset: 0 })).items[0]?.id ?? 0;
      let done = false;
      const job = (async () => {
        for (const e of free) await service.run(e);
      })()
        .catch((e) => log.error(`crawl started from the API failed: ${(e as Error)?.message ?? e}`))
        .finally(() => {
          done = true;
          pending.delete(job);
        });
      pending.add(job);
      const ids = free.map((e) => e.source.id);
      return { sources: ids, runs: ids.length ? await waitForRuns(db, ids.slice(0, 1), before, () => done) : [] };
    },
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
    },
  };
}
