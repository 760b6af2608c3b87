import type { z } from "zod";
import { endsTheSource } from "../errors.ts";
import type { Discovered, Source, SourceContext } from "../types.ts";
import { parseActivityStream } from "./iati-parse.ts";
import { baseUrl, defineSource, hostsOf, positiveInt, settingsSchema, urlList } from "./settings.ts";

/**
 * IATI activity files from a configured list of URLs, streamed and parsed activity by activity.
 * One failing file is reported as a problem and the others still run.
 */

/**
 * Publisher files, one or two per publisher, as listed on the IATI Registry / bulk-data
 * `datasets-minimal` [inferred: check against datasets-minimal before relying on them]. Replace
 * them with the `files` setting; a `baseUrl` setting rewrites their origin (a mirror or a test
 * server) and keeps the paths.
 */
export const DEFAULT_FILES = [
  "https://api.open.undp.org/api/iati/undp-global.xml",
  "https://www.adb.org/iati/iati-activities-regional.xml",
  "https://www.afdb.org/fileadmin/uploads/afdb/Documents/IATI/afdb-activities.xml",
  "https://www.iadb.org/iati/iadb-activities.xml",
  "https://www.jica.go.jp/english/about/disc/iati/jica-activities.xml",
  "https://www.bmz.de/iati/bmz-activities.xml",
  "https://iati.fcdo.gov.uk/iati_files/solr/FCDO-set-1.xml",
];

/** Large files are the norm (UNDP's run to hundreds of MB): allow them, streamed (setting `maxFileBytes`). */
const MAX_FILE_BYTES = 500 * 1024 * 1024;
const FILE_TIMEOUT_MS = 15 * 60 * 1000;

/** `files` (activity file URLs), `baseUrl` (moves the default files to another origin), `maxFileBytes`. */
const settings = settingsSchema(
  { kind: "iati-files", schedule: "0 5 * * 0", hosts: (s) => hostsOf([s.baseUrl, ...s.files]) },
  {
    baseUrl: baseUrl.optional(),
    files: urlList.default(DEFAULT_FILES),
    maxFileBytes: positiveInt("bytes per file").default(MAX_FILE_BYTES),
  },
);

export type IatiFilesSettings = z.output<typeof settings>;

/** The configured file URLs, with their origin swapped for `baseUrl` when one is set. */
export function fileUrls(settings: Pick<IatiFilesSettings, "files" | "baseUrl">): string[] {
  const { files, baseUrl: base } = settings;
  const overridden = files.length !== DEFAULT_FILES.length || files.some((f, i) => f !== DEFAULT_FILES[i]);
  if (!base || overridden) return files;
  return files.map((f) => new URL(new URL(f).pathname, base).toString());
}

async function* readFile(ctx: SourceContext<IatiFilesSettings>, url: string): AsyncGenerator<Discovered> {
  const response = await ctx.fetcher.stream({
    url,
    expect: "xml",
    maxBytes: ctx.settings.maxFileBytes,
    timeoutMs: FILE_TIMEOUT_MS,
  });
  const parsing = parseActivityStream(response.body, url);
  let step = await parsing.next();
  while (!step.done) {
    yield step.value;
    step = await parsing.next();
  }
  ctx.log.info("iati file parsed", { url, ...step.value.stats() });
}

export const iatiFiles: Source<IatiFilesSettings> = defineSource({
  id: "iati-files",
  kind: "iati-files",
  description:
    "IATI activity files of UNDP, development banks and bilateral donors: triangular (collaboration-type 8) and " +
    "South-South activities with budgets and transactions",
  settings,
  async *discover(ctx) {
    for (const url of fileUrls(ctx.settings)) {
      if (ctx.signal.aborted) return;
      try {
        yield* readFile(ctx, url);
      } catch (error) {
        // Stop on a broken source or an abort; a missing or bad file is that file's problem only.
        if (endsTheSource(error, ctx.signal)) throw error;
        yield { kind: "problem", url, outcome: "failed", message: `file not read: ${(error as Error).message}` };
      }
    }
  },
});
