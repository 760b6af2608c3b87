import { writeFile } from "node:fs/promises";
import { loadOverview } from "../../db/queries/overview.ts";
import { FORMAT_INFO, FORMATS, isOverviewFormat, renderOverview } from "../../exports/index.ts";
import { COMMON_OPTIONS, configFrom, parseCommand, UsageError, writeLine, type Command } from "../args.ts";
import { withDb } from "../context.ts";

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

/** A four-digit year in range, or a UsageError that says what was wrong. */
export function parseYear(raw: string | undefined): number {
  if (raw === undefined) throw new UsageError("--year is required, e.g. --year 2024");
  if (!/^\d{4}$/.test(raw) || Number(raw) < MIN_YEAR || Number(raw) > MAX_YEAR) {
    throw new UsageError(`--year must be a year between ${MIN_YEAR} and ${MAX_YEAR}, not "${raw}"`);
  }
  return Number(raw);
}

export const overviewCommand: Command = {
  name: "overview",
  summary: "export the annual overview (json, csv, md, html, xlsx, pdf)",
  usage: `ssc-monitor overview --year Y [--format ${FORMATS.join("|")}] [--out FILE] [--public-url URL] [--data DIR]

Writes the year's agency-by-agency overview with its evidence. Text formats go to stdout unless
--out is given; xlsx and pdf need --out, or stdout piped to a file or program.
--public-url (default SSC_PUBLIC_URL) is the service's public address, the only origin the
exports link back to (documents without a public address of their own are linked there).
SSC_REVIEW_THRESHOLD (default 0.9): unreviewed figures below it are listed apart, not counted.`,
  async run(argv, io) {
    const { values } = parseCommand(argv, {
      ...COMMON_OPTIONS,
      year: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      "public-url": { type: "string" },
    });
    const year = parseYear(values.year);
    const format = values.format ?? "json";
    if (!isOverviewFormat(format))
      throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${format}"`);
    if (FORMAT_INFO[format].binary && !values.out && (io.stdout as NodeJS.WriteStream).isTTY) {
      throw new UsageError(`${format} is a binary format: give --out FILE or pipe the output to a file`);
    }
    const config = configFrom(values, values["public-url"] ? { publicUrl: values["public-url"] } : {});
    const overview = await withDb(config, (handle) =>
      loadOverview(handle.db, year, new Date(), { reviewThreshold: config.reviewThreshold }),
    );
    const body = await renderOverview(overview, format, {
      publicUrl: config.publicUrl,
      chromiumPath: config.chromiumPath,
    });
    if (values.out) {
      await writeFile(values.out, body);
      writeLine(
        io.stderr,
        `wrote the ${year} overview (${format}, ${overview.organizations.length} organizations) to ${values.out}`,
      );
    } else {
      await new Promise<void>((resolve, reject) => io.stdout.write(body, (e) => (e ? reject(e) : resolve())));
    }
    return 0;
  },
};
