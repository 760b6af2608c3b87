import type { Overview } from "../analysis/overview-types.ts";
import { FORMAT_INFO, FORMATS, renderOverview, type OverviewFormat, type RenderOptions } from "../exports/index.ts";

/** The overview's export formats, as served at /overview/:year.<format> and /api/overview/:year.csv. */
export const EXPORT_FORMATS = FORMATS;
export type ExportFormat = OverviewFormat;

/**
 * The overview in one export format with its content type. `publicUrl` (config.publicUrl, never
 * the request's Host) is the only origin the exports link back to.
 * @example const { body, contentType } = await renderExport(overview, "csv", { publicUrl: "https://ssc.example.org" })
 */
export async function renderExport(
  o: Overview,
  format: ExportFormat,
  options: RenderOptions = {},
): Promise<{ body: string | Uint8Array; contentType: string }> {
  const body = await renderOverview(o, format, options);
  return { body, contentType: FORMAT_INFO[format].contentType };
}

/** "ssc-overview-2024.csv": the name a download is saved under. */
export const exportFilename = (year: number, format: ExportFormat) =>
  `ssc-overview-${year}.${FORMAT_INFO[format].extension}`;
