import { crawlerUserAgent } from "../../config.ts";
import { upsertSources } from "../../db/queries/sources.ts";
import { loadAfterStore } from "../../crawlers/after-store.ts";
import { loadCatalog, type Catalog, type CatalogEntry } from "../../crawlers/catalog.ts";
import { createLogger, type LogLevel } from "../../crawlers/log.ts";
import { forEachConcurrent, runCrawl } from "../../crawlers/run.ts";
import { sourceDefinition } from "../../crawlers/source-row.ts";
import { COMMON_OPTIONS, UsageError, configFrom, parseCommand, writeLine, type Command } from "../args.ts";
import { withDb } from "../context.ts";

/** Sources crawled at once; each still has its own polite per-host limits. */
const PARALLEL_SOURCES = 3;

function select(catalog: Catalog, ids: string[]): CatalogEntry[] {
  if (ids.length === 0) return catalog.entries.filter((e) => e.settings.enabled);
  const unknown = ids.filter((id) => !catalog.get(id));
  if (unknown.length) {
    throw new UsageError(
      `unknown source ${unknown.map((id) => `"${id}"`).join(", ")}; known sources: ${catalog.entries.map((e) => e.source.id).join(", ")}`,
    );
  }
  return [...new Set(ids)].map((id) => catalog.get(id) as CatalogEntry);
}

async function* entriesOf(entries: CatalogEntry[]) {
  yield* entries;
}

export const crawlCommand: Command = {
  name: "crawl",
  summary: "run crawls now and print one JSON summary per source",
  usage:
    "ssc-monitor crawl [--source ID]... [--sources FILE] [--data DIR]\n\nWithout --source, every enabled source is crawled. One JSON line per source on stdout; logs on stderr.",
  async run(argv, io) {
    const { values } = parseCommand(argv, { ...COMMON_OPTIONS, source: { type: "string", multiple: true } });
    const config = configFrom(values);
    const catalog = await loadCatalog({ config });
    const selected = select(catalog, values.source ?? []);
    const log = createLogger(config.logLevel as LogLevel, io.stderr);
    const cancel = new AbortController();
    const onSignal = () => cancel.abort(new Error("interrupted"));
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      await withDb(config, async ({ db }) => {
        await upsertSources(
          db,
          catalog.entries.map((e) => sourceDefinition(e.source, e.settings)),
        );
        const afterStore = await loadAfterStore(log);
        const fetcherOptions = { userAgent: crawlerUserAgent(config), log };
        await forEachConcurrent(entriesOf(selected), PARALLEL_SOURCES, async (entry) => {
          const summary = await runCrawl({
            db,
            source: entry.source,
            settings: entry.settings,
            fetcherOptions,
            chromiumPath: config.chromiumPath,
            log,
            signal: cancel.signal,
            afterStore,
          });
          writeLine(io.stdout, JSON.stringify(summary));
        });
      });
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    return 0;
  },
};
