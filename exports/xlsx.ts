import type { Overview } from "../analysis/overview-types.ts";
import { xlsxCell } from "./escape.ts";
import { allEvidence, BASIS_LABEL, cite, methodology, pageLink } from "./format.ts";

type Row = Array<string | number | null>;

/** The sheets: one per table of the overview, plus the evidence and the methodology. */
export function overviewSheets(o: Overview): Array<{ name: string; header: string[]; rows: Row[] }> {
  const ids = (list: number[]) => list.map(cite).join(" ");
  return [
    {
      name: "Funding",
      header: [
        "Organization",
        "Acronym",
        "Basis",
        `USD counted in ${o.year}`,
        "USD as reported",
        `Change vs ${o.year - 1} (USD)`,
        "Figures",
        "Evidence",
      ],
      rows: o.organizations.flatMap((org) =>
        org.fundingByBasis.map((b) => [
          org.name,
          org.acronym,
          BASIS_LABEL[b.basis] ?? b.basis,
          Math.round(b.usdForYear),
          Math.round(b.usdAsReported),
          Math.round(org.change.fundingByBasis.find((c) => c.basis === b.basis)?.delta ?? 0),
          b.figures,
          ids(b.evidenceIds),
        ]),
      ),
    },
    {
      name: "Funding figures",
      header: [
        "Acronym",
        "Basis",
        "Subject",
        "Value",
        "Currency",
        "USD",
        "Rate used",
        "Period",
        `USD counted in ${o.year}`,
        "How counted",
        "Status",
        "Evidence",
      ],
      rows: o.organizations.flatMap((org) =>
        org.funding.map((f) => [
          org.acronym,
          f.basis,
          f.subject,
          f.value,
          f.currency,
          f.usd,
          f.conversion?.label ?? null,
          f.period,
          f.usdForYear,
          f.spread,
          f.status,
          ids(f.evidence.map((e) => e.factId)),
        ]),
      ),
    },
    {
      name: "Posts",
      header: ["Acronym", "Grade", "Posts", "Evidence"],
      rows: o.organizations.flatMap((org) => org.posts.map((p) => [org.acronym, p.grade, p.count, ids(p.evidenceIds)])),
    },
    {
      name: "Trust funds",
      header: [
        "Fund or facility",
        "Managed by",
        "Contributors",
        "Pledged (USD)",
        "Received (USD)",
        "Allocated/other (USD)",
        "Period",
        "Evidence",
      ],
      rows: o.trustFunds.map((t) => [
        t.fund,
        t.managingOrganization,
        t.contributors.join(", "),
        t.pledgedUsd,
        t.receivedUsd,
        t.allocatedUsd,
        t.period,
        ids(t.evidence.map((e) => e.factId)),
      ]),
    },
    {
      name: "Coverage",
      header: [
        "Acronym",
        "Sources",
        "Documents",
        "Analysed",
        "Last successful crawl",
        "Failed runs (90 days)",
        "Failed documents",
      ],
      rows: o.coverage.map((c) => [
        c.acronym,
        c.sources.map((s) => `${s.id} (${s.status})`).join(", "),
        c.documents,
        c.documentsAnalysed,
        c.lastSuccessfulCrawl,
        c.failedRuns,
        c.failedDocuments,
      ]),
    },
    {
      name: "Evidence",
      header: ["Id", "Fact id", "Quote", "Document", "Link", "Page", "Record", "Status"],
      rows: allEvidence(o).map((e) => [
        cite(e.factId),
        e.factId,
        e.quote,
        e.title,
        pageLink(e),
        e.page,
        e.recordId ?? null,
        e.status,
      ]),
    },
    { name: "Methodology", header: ["Topic", "Text"], rows: methodology(o).map((m) => [m.heading, m.text]) },
  ];
}

/**
 * The overview as an Excel workbook, one sheet per table (exceljs), header row bold and frozen,
 * amounts as numbers.
 * @example const bytes = await renderXlsx(overview); // reopen with new ExcelJS.Workbook().xlsx.load(bytes)
 */
export async function renderXlsx(o: Overview): Promise<Uint8Array> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "ssc-monitor";
  wb.created = new Date(o.generatedAt);
  for (const sheet of overviewSheets(o)) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.addRow(sheet.header).font = { bold: true };
    for (const row of sheet.rows) ws.addRow(row.map(xlsxCell));
    ws.columns.forEach((col, i) => {
      const longest = Math.max(sheet.header[i].length, ...sheet.rows.map((r) => String(r[i] ?? "").length));
      col.width = Math.min(60, Math.max(10, longest + 2));
    });
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
