import type { Overview } from "../analysis/overview-types.ts";
import { renderCsv } from "./csv.ts";
import type { ExportOptions } from "./format.ts";
import { renderHtml, type HtmlOptions } from "./html.ts";
import { renderJson } from "./json.ts";
import { renderMarkdown } from "./markdown.ts";

export const FORMATS = ["json", "csv", "md", "html", "xlsx", "pdf"] as const;
export type OverviewFormat = (typeof FORMATS)[number];

/** Media types for HTTP answers and file extensions for downloads. */
export const FORMAT_INFO: Record<OverviewFormat, { contentType: string; extension: string; binary: boolean }> = {
  json: { contentType: "application/json; charset=utf-8", extension: "json", binary: false },
  csv: { contentType: "text/csv; charset=utf-8", extension: "csv", binary: false },
  md: { contentType: "text/markdown; charset=utf-8", extension: "md", binary: false },
  html: { contentType: "text/html; charset=utf-8", extension: "html", binary: false },
  xlsx: {
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extension: "xlsx",
    binary: true,
  },
  pdf: { contentType: "application/pdf", extension: "pdf", binary: true },
};

/**
 * The public origin (config.publicUrl) for links, plus CHROMIUM_PATH for the PDF (unset: browser/chromium.ts
 * finds one).
 */
export type RenderOptions = ExportOptions & { chromiumPath?: string };

export const isOverviewFormat = (f: string): f is OverviewFormat => (FORMATS as readonly string[]).includes(f);

/**
 * The annual overview in one of the export formats: text formats as a string, XLSX and PDF as
 * bytes. XLSX loads exceljs and PDF launches chromium only when asked for.
 * @example await renderOverview(overview, "csv") // "year,organization_id,..."
 * @example await renderOverview(overview, "pdf", { publicUrl: "https://ssc.example.org" }) // Uint8Array %PDF-
 */
export async function renderOverview(
  overview: Overview,
  format: OverviewFormat,
  options: RenderOptions = {},
): Promise<string | Uint8Array> {
  switch (format) {
    case "json":
      return renderJson(overview);
    case "csv":
      return renderCsv(overview);
    case "md":
      return renderMarkdown(overview, options);
    case "html":
      return renderHtml(overview, options);
    case "xlsx":
      return (await import("./xlsx.ts")).renderXlsx(overview, options);
    case "pdf":
      return (await import("./pdf.ts")).htmlToPdf(renderHtml(overview, options), {
        chromiumPath: options.chromiumPath,
      });
    default:
      throw new Error(`Unknown overview format "${String(format)}": use ${FORMATS.join(", ")}.`);
  }
}

export { renderCsv, renderHtml, renderJson, renderMarkdown };
export type { HtmlOptions };
