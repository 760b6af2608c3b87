import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { buildOverview } from "../analysis/overview.ts";
import type { OverviewDocumentInput, OverviewFactInput } from "../analysis/overview-types.ts";
import { extractPdfPages } from "../crawlers/extract/pdf.ts";
import { renderOverview } from "../exports/index.ts";

const doc = (id: number, org: string, title: string): OverviewDocumentInput => ({
  id,
  title,
  url: `https://example.org/${id}.pdf`,
  organizationId: org,
  sourceId: null,
  type: "budget",
  symbol: null,
  status: "active",
  latestVersionId: id,
  passages: 40,
  relevantPassages: 5,
});
const base = {
  value: null,
  currency: null,
  usd: null,
  basis: null,
  count: null,
  grade: null,
  confidence: 0.9,
  status: "auto" as const,
  correctedValue: null,
  correctedCurrency: null,
  correctedPeriod: null,
  correctedCount: null,
  evidence: null,
  page: 4,
};
const fact = (id: number, d: OverviewDocumentInput, over: Partial<OverviewFactInput>): OverviewFactInput => ({
  ...base,
  id,
  documentId: d.id,
  versionId: d.id,
  organizationId: d.organizationId,
  kind: "funding",
  period: "2024-2025",
  periodStart: 2024,
  periodEnd: 2025,
  subject: "South-South Cooperation Unit",
  quote: "$3.5 million",
  ...over,
});

const budget = doc(1, "unctad", "Proposed programme budget for 2024-2025, section 12");
const report = doc(2, "unctad", "Annual report 2024");
const fund = doc(3, "unossc", "UNFSSC annual report <2024>");
const OVERVIEW = buildOverview({
  year: 2024,
  now: new Date("2026-11-29T08:00:00Z"),
  organizations: [
    {
      id: "unctad",
      name: "United Nations Conference on Trade and Development",
      acronym: "UNCTAD",
      kind: "secretariat",
    },
    {
      id: "unossc",
      name: "United Nations Office for South-South Cooperation",
      acronym: "UNOSSC",
      kind: "fund-programme",
    },
  ],
  documents: [budget, report, fund],
  facts: [
    fact(101, budget, { value: 3_500_000, currency: "USD", usd: 3_500_000, basis: "budget" }),
    fact(102, report, { value: 3_500_000, currency: "USD", usd: 3_500_000, basis: "budget", page: 12 }),
    fact(103, budget, { kind: "staffing", count: 2, grade: "P-4", quote: "2 P-4" }),
    fact(104, fund, {
      organizationId: "unossc",
      value: 2_000_000,
      currency: "EUR",
      basis: "contribution",
      period: "2024",
      periodStart: 2024,
      periodEnd: 2024,
      subject: "United Nations Fund for South-South Cooperation",
      quote: 'EUR 2 million <script>alert("x")</script>',
      evidence: { subjectId: "unfssc" },
    }),
  ],
  passages: [
    {
      id: 9,
      documentId: 1,
      versionId: 1,
      page: 4,
      text: "South-South cooperation is a priority of subprogramme 5, with dedicated resources.",
      score: 3,
    },
  ],
});

describe("overview exports", () => {
  it("JSON keeps amounts as plain numbers in units of their currency", async () => {
    const parsed = JSON.parse((await renderOverview(OVERVIEW, "json")) as string);
    const unctad = parsed.organizations.find((o: { id: string }) => o.id === "unctad");
    expect(unctad.fundingByBasis[0]).toMatchObject({
      basis: "budget",
      usdForYear: 1_750_000,
      usdAsReported: 3_500_000,
      evidenceIds: [101, 102],
    });
    expect(unctad.funding[0]).toMatchObject({ value: 3_500_000, currency: "USD", period: "2024-2025" });
    expect(parsed.fx.source).toMatch(/Federal Reserve/);
    expect(parsed.methodology.map((m: { heading: string }) => m.heading)).toContain("Currency conversion");
  });

  it("CSV has one row per organization and basis or grade, with the evidence fact ids", async () => {
    const lines = ((await renderOverview(OVERVIEW, "csv")) as string).trim().split("\r\n");
    expect(lines[0]).toBe(
      "year,organization_id,organization,measure,basis_or_grade,usd_for_year,usd_as_reported,posts,figures,change_vs_previous_year,evidence_fact_ids",
    );
    expect(lines).toContain(
      "2024,unctad,UNCTAD (United Nations Conference on Trade and Development),funding_usd,budget,1750000,3500000,,1,1750000,101 102",
    );
    expect(lines).toContain(
      "2024,unctad,UNCTAD (United Nations Conference on Trade and Development),posts,P-4,,,2,,,103",
    );
    expect(lines.some((l) => l.startsWith("2024,unossc,") && l.includes(",contribution,") && l.endsWith(",104"))).toBe(
      true,
    );
  });

  it("Markdown has the tables, the methodology and an anchor for every fact it cites", async () => {
    const md = (await renderOverview(OVERVIEW, "md")) as string;
    expect(md).toContain("## Methodology");
    expect(md).toContain("| UNCTAD | Budget | 1,750,000 | 3,500,000 |");
    for (const id of [101, 102, 103, 104]) {
      expect(md).toContain(`[F${id}](#f${id})`);
      expect(md).toContain(`<a id="f${id}"></a>**F${id}**`);
    }
    expect(md).toContain("(https://example.org/2.pdf#page=12)");
  });

  it("HTML is a standalone document with methodology, chart, tables, cited evidence and sources", async () => {
    const html = (await renderOverview(OVERVIEW, "html", { baseUrl: "https://ssc.example.org" })) as string;
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<h2 id="methodology">Methodology</h2>');
    expect(html).toMatch(/<svg[^>]*aria-label="SSTC funding by organization, 2024, USD"/);
    expect(html).not.toMatch(/<(link|script)[\s>]/);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain('<li id="f104" value="104">');
    expect(html).toContain('href="https://ssc.example.org/facts/104"');
    expect(html).toContain('<a href="#f101">F101</a> <a href="#f102">F102</a>');
    expect(html).toContain('<a href="https://example.org/3.pdf">UNFSSC annual report &lt;2024&gt;</a>');
    expect(html).toMatch(/EUR [\d.]+ per USD \(2024 annual average\)/);
  });

  it("XLSX reopens with one sheet per table and the figures as numbers", async () => {
    const bytes = (await renderOverview(OVERVIEW, "xlsx")) as Uint8Array;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Funding",
      "Funding figures",
      "Posts",
      "Trust funds",
      "Coverage",
      "Evidence",
      "Methodology",
    ]);
    const funding = wb.getWorksheet("Funding")!;
    const unctad = funding.getRow(2).values as unknown[];
    expect(unctad.slice(1, 8)).toEqual([
      "United Nations Conference on Trade and Development",
      "UNCTAD",
      "Budget",
      1_750_000,
      3_500_000,
      1_750_000,
      1,
    ]);
    expect(funding.getRow(2).getCell(8).value).toBe("F101 F102");
    const funds = wb.getWorksheet("Trust funds")!.getRow(2).values as unknown[];
    expect(funds[1]).toBe("United Nations Fund for South-South Cooperation");
    expect(wb.getWorksheet("Evidence")!.rowCount).toBe(5);
  });

  it("PDF printed by chromium holds the title, the tables and the evidence", async () => {
    const bytes = (await renderOverview(OVERVIEW, "pdf")) as Uint8Array;
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
    // Read back with the project's own PDF extraction (the one crawled documents go through).
    const text = (await extractPdfPages(bytes)).join("\n");
    expect(text.replace(/\s+/g, " ")).toContain("Support to South-South and triangular cooperation, 2024");
    expect(text).toContain("Methodology");
    expect(text).toMatch(/UNCTAD\s+Budget\s+1,750,000/);
    expect(text).toContain("F104");
    expect(text).toContain("United Nations Fund for South-South Cooperation");
  });
});
