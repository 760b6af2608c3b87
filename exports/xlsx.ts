import type { Overview } from "../analysis/overview-types.ts";
import { xlsxCell } from "./escape.ts";
import type { ExportOptions } from "./format.ts";
import { overviewSheets } from "./xlsx-sheets.ts";

export { overviewSheets };

/**
 * The overview as an Excel workbook, one sheet per table (exceljs): header row bold, frozen and
 * with filters; amounts as numbers with thousands separators, posts as whole numbers, confidence
 * with two decimals; a blank cell where a year has no figure (never 0).
 * @example const bytes = await renderXlsx(overview); // reopen with new ExcelJS.Workbook().xlsx.load(bytes)
 */
export async function renderXlsx(o: Overview, options: ExportOptions = {}): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "ssc-monitor";
  wb.created = new Date(o.generatedAt);
  for (const sheet of overviewSheets(o, options)) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: "frozen", ySplit: 1 }] });
    const header = ws.addRow(sheet.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { vertical: "top", wrapText: true };
    // Text from documents goes through xlsxCell: shown, never run as a formula, no characters XML forbids.
    for (const row of sheet.rows) ws.addRow(row.map(xlsxCell));
    sheet.columns.forEach((c, i) => {
      const column = ws.getColumn(i + 1);
      const longest = Math.max(c.header.length, ...sheet.rows.map((r) => String(r[i] ?? "").length));
      column.width = Math.min(c.wrap ? 60 : 40, Math.max(10, longest + 2));
      if (c.numFmt) column.numFmt = c.numFmt;
      if (c.wrap) column.alignment = { vertical: "top", wrapText: true };
    });
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + sheet.rows.length, column: sheet.columns.length } };
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
