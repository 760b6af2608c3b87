import { loadCatalog, type Catalog, type CatalogEntry } from "../../crawlers/catalog.ts";
import { createLogger, type LogLevel } from "../../crawlers/log.ts";
import { createProgressReporter } from "../../crawlers/run-progress.ts";
import { createCrawlService, PARALLEL_SOURCES } from "../../crawlers/run-sources.ts";
import { openBoss } from "../../jobs/boss.ts";
import { createSender } from "../../jobs/queues.ts";
import { DEFAULT_LEASE_SECONDS } from "../../jobs/worker.ts";
import { createAfterCrawl } from "../../pipeline/after-crawl.ts";
import { COMMON_OPTIONS, UsageError, configFrom, parseCommand, writeLine, type Command } from "../args.ts";
import { withDb } from "../context.ts";

function select(catalog: Catalog, ids: string[]): CatalogEntry[] {
  if (ids.length === 0) return catalog.entries.filter((e) => e.settings.enabled);
  const unknown = ids.filter((id) => !catalog.get(id));
  if (unknown.length) {
    throw new UsageError(
      `unknown source ${unknown.map((id) => `"${id}"`).join(", ")}; known sources: ` +
        `${catalog.entries.map((e) => e.source.id).join(", ")}`,
    );
  }
  return [...new Set(ids)].map((id) => catalog.get(id) as CatalogEntry);
}

export const crawlCommand: Command = {
  name: "crawl",
  summary: "run crawls now, then analyse, detect changes and deliver alerts; one JSON summary per source",
  usage:
    "ssc-monitor crawl [--source ID]... [--enqueue] [--sources FILE] [--data DIR]\n\n" +
    "Without --source, every enabled source is crawled. Each crawl goes on to the analysis of what it " +
    "stored,\nchange detection and alert delivery. One JSON line per source on stdout; logs on stderr, with " +
    "a progress\nline per source when stderr is a terminal. --enqueue hands the crawls to the job queue " +
    'instead\n(`ssc-monitor worker` runs them) and prints {"source","enqueued"} per source.',
  async run(argv, io) {
    const { values } = parseCommand(argv, {
      ...COMMON_OPTIONS,
      source: { type: "string", multiple: true },
      enqueue: { type: "boolean" },
    });
    const config = configFrom(values);
    const catalog = await loadCatalog({ config });
    const selected = select(catalog, values.source ?? []);
    if (values.enqueue)
      return withDb(config, async (handle) => {
        const boss = await openBoss(handle, {
          databaseUrl: config.databaseUrl,
          leaseSeconds: DEFAULT_LEASE_SECONDS,
          supervise: false,
        });
        const send = createSender(boss);
        for (const entry of selected) {
          const id = await send("discover", { sourceId: entry.source.id });
          writeLine(io.stdout, JSON.stringify({ source: entry.source.id, enqueued: id !== null }));
        }
        await boss.stop({ graceful: false, close: true });
        return 0;
      });
    const progress = createProgressReporter(io.stderr as NodeJS.WriteStream);
    const log = progress.wrap(createLogger(config.logLevel as LogLevel, io.stderr));
    const cancel = new AbortController();
    const onSignal = () => cancel.abort(new Error("interrupted"));
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      await withDb(config, async ({ db }) => {
        const service = createCrawlService({
          db,
          config,
          log,
          afterCrawl: createAfterCrawl({ config, log }),
          onProgress: progress.update,
        });
        // The service's own file registers every source; a one-off --sources file only the sources
        // it crawls, so it never rewrites what a running service shows for the others.
        await service.catalog(
          values.sources ? { entries: selected, get: (id) => selected.find((e) => e.source.id === id) } : catalog,
        );
        await service.runMany(selected, {
          parallel: PARALLEL_SOURCES,
          signal: cancel.signal,
          onSummary: (summary) => progress.done(summary.source, () => writeLine(io.stdout, JSON.stringify(summary))),
        });
      });
    } finally {
      progress.close();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    return 0;
  },
};
