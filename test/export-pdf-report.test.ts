import { describe, expect, it } from "vitest";
import { extractPdfPages } from "../crawlers/extract/pdf.ts";
import { renderOverview } from "../exports/index.ts";
import { pdfPagesToPng } from "../exports/pdf-png.ts";
import { OVERVIEW } from "./export-fixture.ts";

const PUBLIC = "https://ssc.example.org";
const flat = (s: string) => s.replace(/\s+/g, " ");

describe("the PDF report", () => {
  it("opens with the executive summary, then charts and tables, with methodology and sources at the end", async () => {
    const pdf = (await renderOverview(OVERVIEW, "pdf", { publicUrl: PUBLIC })) as Uint8Array;
    // Read back with the project's own PDF extraction (the one crawled documents go through).
    const pages = (await extractPdfPages(pdf)).map(flat);
    const first = pages[0];
    expect(first).toContain("Support to South-South and triangular cooperation, 2024");
    expect(first).toContain("Annual overview, 7 December 2026");
    expect(first).toContain("Executive summary");
    expect(first).toMatch(/UNCTAD Budget USD 1,750,000 2 1 of 2/);
    expect(first).toMatch(/UNOSSC contribution: USD [\d,]+, \+[\d.]+% \(\+[\d,]+\) vs 2023/);
    expect(first).toContain(
      "New in 2024 (no 2023 figure to compare with): UNCTAD budget: USD 1,750,000; UNCTAD: 2 posts",
    );
    expect(first).toContain("would add USD 400,000 (allocation)");
    expect(first).toMatch(/Coverage\. \d+ documents analysed/);
    expect(first).not.toMatch(/Methodology|Evidence|Charts/);
    expect(first).not.toContain("127.0.0.1");
    expect(pages[1]).toContain("Charts");
    const all = pages.join("\n");
    const at = (s: string) => all.indexOf(s);
    expect(at("Funding by organization (USD)")).toBeGreaterThan(at("Charts"));
    expect(at("Methodology")).toBeGreaterThan(at("Five-year trend by organization"));
    expect(all.lastIndexOf("Sources")).toBeGreaterThan(at("Evidence"));
    expect(at("Evidence")).toBeGreaterThan(at("Methodology"));
    expect(all).not.toMatch(/127\.0\.0\.1|\(auto\)|totalcommamt|T\d\d:\d\d:\d\d/);
    expect(all).toContain("World Bank project P900001, total commitment");
    // Links are in the file's annotations: the public address is there, the local mirror is not.
    const raw = Buffer.from(pdf).toString("latin1");
    expect(raw).toContain(`${PUBLIC}/documents/4`);
    expect(raw).not.toContain("127.0.0.1");
  });

  it("draws its first two pages as pictures a person can look at", async () => {
    const pdf = (await renderOverview(OVERVIEW, "pdf", { publicUrl: PUBLIC })) as Uint8Array;
    const pngs = await pdfPagesToPng(pdf, 2);
    expect(pngs).toHaveLength(2);
    for (const png of pngs) {
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      // An A4 page at 1.5x: wider than 800 pixels (IHDR width, big-endian at byte 16).
      expect(png.readUInt32BE(16)).toBeGreaterThan(800);
    }
  });
});
