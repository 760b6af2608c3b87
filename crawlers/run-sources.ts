import { crawlerUserAgent, type Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { upsertSources } from "../db/queries/sources.ts";
import { loadCatalog, type Catalog, type CatalogEntry } from "./catalog.ts";
import { forEachConcurrent, runCrawl, type CrawlProgress, type CrawlSummary, type RunCrawlOptions } from "./run.ts";
import { sourceDefinition } from "./source-row.ts";
import type { Logger } from "./types.ts";

/**
 * The one crawl service behind the `crawl` command, the scheduler and the API's crawl start: it
 * loads the catalog, registers the sources, runs a source's crawl and then the step that follows
 * every crawl (analysis, change detection, delivery), which the composition root passes in.
 */

export interface CrawlServiceOptions {
  db: Db;
  config: Config;
  log: Logger;
  /** Runs after every crawl that was not skipped or cancelled; its failure is logged, never the crawl's. */
  afterCrawl?: (db: Db) => Promise<unknown>;
  /** Overrides of the fetcher options (tests use no delays). */
  fetcherOptions?: Partial<RunCrawlOptions["fetcherOptions"]>;
  onProgress?: (progress: CrawlProgress) => void;
}

export interface CrawlService {
  /** Reads the sources file and built-ins (unless given them), and records every source's definition. */
  catalog(loaded?: Catalog): Promise<Catalog>;
  /** One source's crawl, then the step after it. Never throws for the source's own failure. */
  run(entry: CatalogEntry, signal?: AbortSignal): Promise<CrawlSummary>;
  /** Several sources, `parallel` at a time; `onSummary` hears each as it ends. */
  runMany(
    entries: CatalogEntry[],
    args: { parallel: number; signal?: AbortSignal; onSummary?: (summary: CrawlSummary) => void },
  ): Promise<CrawlSummary[]>;
}

/** Sources crawled at once by `runMany` callers that have no better idea; each keeps its per-host limits. */
export const PARALLEL_SOURCES = 3;

/**
 * @example const service = createCrawlService({ db, config, log, afterCrawl }); await service.run((await
 *   service.catalog()).get("jiu-reports")!)
 */
export function createCrawlService(options: CrawlServiceOptions): CrawlService {
  const { db, config, log } = options;
  const fetcherOptions = {
    userAgent: crawlerUserAgent(config),
    perHostDelayMs: config.perHostDelayMs,
    log,
    ...options.fetcherOptions,
  };

  async function afterCrawl(summary: CrawlSummary): Promise<void> {
    if (!options.afterCrawl || summary.status === "skipped" || summary.status === "cancelled") return;
    try {
      await options.afterCrawl(db);
    } catch (e) {
      log.error(
        `crawl: ${summary.source}: the step after the crawl failed; what was stored stays and is picked up by the ` +
          `next crawl or worker pass: ${(e as Error)?.message ?? e}`,
      );
    }
  }

  const service: CrawlService = {
    async catalog(loaded) {
      const catalog = loaded ?? (await loadCatalog({ config }));
      await upsertSources(
        db,
        catalog.entries.map((e) => sourceDefinition(e.source, e.settings)),
      );
      return catalog;
    },
    async run(entry, signal) {
      const summary = await runCrawl({
        db,
        source: entry.source,
        settings: entry.settings,
        fetcherOptions,
        chromiumPath: config.chromiumPath,
        log,
        ...(signal ? { signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      await afterCrawl(summary);
      return summary;
    },
    async runMany(entries, args) {
      const summaries: CrawlSummary[] = [];
      async function* each() {
        yield* entries;
      }
      await forEachConcurrent(each(), args.parallel, async (entry) => {
        const summary = await service.run(entry, args.signal);
        summaries.push(summary);
        args.onSummary?.(summary);
      });
      return summaries;
    },
  };
  return service;
}
