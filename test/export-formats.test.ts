import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { renderOverview } from "../exports/index.ts";
import { MIRROR_URL, OVERVIEW } from "./export-fixture.ts";

const PUBLIC = "https://ssc.example.org";
const SPREAD = "USD 3,000,000 counted in 2024 (half of USD 6,000,000 for 2024-2025, spread evenly over 2 years)";
const text = async (format: "csv" | "md" | "html") =>
  (await renderOverview(OVERVIEW, format, { publicUrl: PUBLIC })) as string;
const workbook = async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(
    Buffer.from((await renderOverview(OVERVIEW, "xlsx", { publicUrl: PUBLIC })) as Uint8Array) as never,
  );
  return wb;
};
const rowsOf = (ws: ExcelJS.Worksheet) =>
  ws
    .getSheetValues()
    .slice(2)
    .map((r) => (r as unknown[]).slice(1));

describe("overview exports: honest changes", () => {
  it("never shows a change against a year without a figure, in any format", async () => {
    const unctad = OVERVIEW.organizations.find((o) => o.id === "unctad")!;
    expect(unctad.change.previousHasData).toBe(false);
    const md = await text("md");
    expect(md).toMatch(/\| UNCTAD \| Budget \| 1,750,000 \| 3,500,000 \| new: no 2023 figure \|/);
    expect(md).not.toMatch(/\+1,750,000/);
    const html = await text("html");
    expect(html).toContain("new: no 2023 figure");
    expect(html).not.toMatch(/\+1,750,000|\+3,000,000/);
    const csv = (await text("csv")).split("\r\n");
    const budgetRow = csv.find((l) => l.startsWith("2024,unctad,") && l.includes(",funding_usd,budget,"))!;
    expect(budgetRow).toContain(",1750000,3500000,,1,,new: no 2023 figure,");
    const posts = csv.find((l) => l.includes(",posts_total,"))!;
    expect(posts).toContain(",2,1,,new: no 2023 figure,");
    const funding = rowsOf((await workbook()).getWorksheet("Funding")!);
    const unctadRow = funding.find((r) => r[1] === "UNCTAD")!;
    // Blank cells, never 0: a year without a figure has no change.
    expect(unctadRow.slice(3, 8)).toEqual([1_750_000, 3_500_000, undefined, undefined, "new: no 2023 figure"]);
  });

  it("shows the change where the previous year has a figure, in every format", async () => {
    const c = OVERVIEW.organizations.find((o) => o.id === "unossc")!.change.fundingByBasis[0];
    expect(c.previous).toBe(1_000_000);
    expect(c.delta).toBeGreaterThan(0);
    expect(c.text).toMatch(/^\+\d+\.\d% \(\+[\d,]+\) vs 2023$/);
    for (const format of ["md", "html"] as const) expect(await text(format)).toContain(c.text);
    expect((await text("csv")).split("\r\n").find((l) => l.startsWith("2024,unossc,"))).toContain(
      `,${Math.round(c.delta!)},`,
    );
    const row = rowsOf((await workbook()).getWorksheet("Funding")!).find((r) => r[1] === "UNOSSC")!;
    expect(row.slice(5, 8)).toEqual([1_000_000, Math.round(c.delta!), c.text]);
  });
});

describe("overview exports: numbers that explain themselves", () => {
  it("says how a spread figure was counted, in every format", async () => {
    for (const format of ["md", "html", "csv"] as const) expect(await text(format)).toContain(SPREAD);
    const figures = rowsOf((await workbook()).getWorksheet("Funding figures")!);
    expect(figures.find((r) => r[0] === "FAO")![9]).toBe(SPREAD);
    expect(figures.find((r) => r[0] === "UNCTAD")![10]).toBe("Confirmed by an analyst");
  });

  it("describes evidence in words and numbers it plainly: no record jargon, no status codes", async () => {
    for (const format of ["md", "html"] as const) {
      const out = await text(format);
      expect(out).toContain("World Bank project P900001, total commitment");
      expect(out).not.toMatch(/totalcommamt|wb-project:|\(auto\)|\bF10\d\b/);
      expect(out).toContain("Not yet reviewed (confidence 0.95)");
    }
    const html = await text("html");
    expect(html).toMatch(/<li id="e1" value="1">“\$3\.5 million”/);
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toMatch(/<(link|script)[\s>]/);
  });

  it("keeps pending figures out of the totals and lists them with what they would add", async () => {
    const unctad = OVERVIEW.organizations.find((o) => o.id === "unctad")!;
    expect(unctad.fundingByBasis.map((b) => b.basis)).toEqual(["budget"]);
    const md = await text("md");
    expect(md).toContain("## Figures waiting for review");
    expect(md).toMatch(
      /UNCTAD, Allocation, Triangular cooperation pilot: USD 400,000 would count in 2024 .*would add USD 400,000\./,
    );
    expect(md).toContain(
      "1 figure below the review threshold (0.9) is not counted until an analyst confirms it; together they would " +
        "add USD 400,000 (allocation).",
    );
    const csv = (await text("csv")).split("\r\n");
    expect(csv.some((l) => l.includes(",funding_usd,allocation,"))).toBe(false);
    expect(csv.find((l) => l.includes(",pending_funding_usd,allocation,"))).toContain(",400000,400000,");
    const pending = rowsOf((await workbook()).getWorksheet("Waiting for review")!);
    expect(pending).toEqual([
      [
        "UNCTAD",
        "Funding (USD)",
        "Allocation",
        expect.stringContaining("would add USD 400,000"),
        400_000,
        0.74,
        expect.any(String),
      ],
    ]);
  });

  it("links only to public addresses: the service's public URL, never a local mirror", async () => {
    for (const format of ["md", "html"] as const) {
      const out = await text(format);
      expect(out).not.toContain("127.0.0.1");
      expect(out).toContain(`${PUBLIC}/documents/4`);
      expect(out).toContain(`${PUBLIC}/?year=2024`);
      expect(out).not.toContain(`${PUBLIC}/facts/`);
    }
    const bare = (await renderOverview(OVERVIEW, "html")) as string;
    expect(bare).not.toContain(MIRROR_URL);
    expect(bare).toContain("https://example.org/2.pdf#page=12");
  });
});

describe("overview exports: files for further work", () => {
  it("JSON is the model: plain numbers, explanations, trend, pending, methodology and glossary", async () => {
    const parsed = JSON.parse((await renderOverview(OVERVIEW, "json")) as string);
    const unctad = parsed.organizations.find((o: { id: string }) => o.id === "unctad");
    expect(unctad.fundingByBasis[0]).toMatchObject({ basis: "budget", usdForYear: 1_750_000, evidenceIds: [101, 102] });
    expect(unctad.trend.years).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(unctad.pending.funding[0].wouldAdd).toBe(400_000);
    expect(parsed.methodology.map((m: { heading: string }) => m.heading)).toContain("Currency conversion");
    expect(parsed.glossary.map((m: { heading: string }) => m.heading)).toContain("Pending");
  });

  it("XLSX has number formats, frozen header rows and filters on every sheet", async () => {
    const wb = await workbook();
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Funding",
      "Funding figures",
      "Posts",
      "Trend",
      "Waiting for review",
      "Trust funds",
      "Coverage",
      "Evidence",
      "Sources",
      "Methodology",
    ]);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.getRow(1).font?.bold).toBe(true);
    }
    const funding = wb.getWorksheet("Funding")!;
    expect(funding.autoFilter).toBe("A1:K4");
    expect(funding.getRow(2).getCell(4)).toMatchObject({ value: 1_750_000, numFmt: "#,##0" });
    expect(wb.getWorksheet("Funding figures")!.getRow(2).getCell(12).numFmt).toBe("0.00");
    const trend = rowsOf(wb.getWorksheet("Trend")!);
    expect(trend).toContainEqual([
      "UNOSSC",
      "Contribution (USD)",
      undefined,
      undefined,
      undefined,
      1_000_000,
      expect.any(Number),
    ]);
  });
});
