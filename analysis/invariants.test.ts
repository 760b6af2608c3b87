import { describe, expect, it } from "vitest";
import { analyzeDocument } from "./document.ts";

// Written for this test: PDF-like pages with running headers, hyphenation, NBSP, glued words,
// footnote markers and tables, in four languages.
const PAGES = [
  "A/80/6 (Sect. 9)\n\n9.12 The SouthSouth Coopera-\ntion Section² will receive US$\u00a01\u202f250\u202f000 in 2026 " +
    "and\nprovide for two P-4 posts.\n\n9.13 Other work continues.\n17",
  "A/80/6 (Sect. 9)\n\nTable 9.3\nResource requirements: South-South cooperation\n" +
    "(Thousands of United States dollars)\n2025 2026\nPost 1 102.5 1 250.0\n\n" +
    "Le Groupe de la coopération Sud-Sud dispose de 2 postes [1 P-4 et 1 G(AC)] et de 310 000 dollars.\n18",
  "A/80/6 (Sect. 9)\n\nLa Dependencia de Cooperación Sur-Sur recibió 1.250.000 dólares.\n\n" +
    "A Unidade de Cooperação Sul-Sul conta com US$ 2,5 milhões.\n19",
];

describe("analyzeDocument invariants", () => {
  const doc = analyzeDocument({ pages: PAGES });

  it("quotes every fact, passage and unit at its offsets in the original page", () => {
    for (const f of doc.facts) expect(PAGES[f.page - 1].slice(f.start, f.end)).toBe(f.quote);
    for (const p of doc.passages) expect(PAGES[p.page - 1].slice(p.start, p.end)).toBe(p.text);
    for (const u of doc.units) expect(PAGES[u.page - 1].slice(u.start, u.end)).toBe(u.quote);
  });

  it("keeps passages in order and apart, and each fact inside its passage", () => {
    doc.passages.forEach((p, k) => {
      const next = doc.passages[k + 1];
      if (next && next.page === p.page) expect(next.start).toBeGreaterThanOrEqual(p.end);
    });
    for (const f of doc.facts) {
      const p = doc.passages[f.passageIndex];
      expect([p.page, f.start >= p.start, f.end <= p.end]).toEqual([f.page, true, true]);
    }
  });

  it("finds the facts through the artefacts and never takes headers or page numbers", () => {
    const got = doc.facts.map((f) => (f.kind === "funding" ? `${f.value} ${f.currency}` : `${f.count} ${f.grade}`));
    expect(got).toEqual([
      "1250000 USD",
      "2 P-4",
      "1102500 USD",
      "1250000 USD",
      "310000 USD",
      "1 P-4",
      "1 GS (OL)",
      "1250000 USD",
      "2500000 USD",
    ]);
    expect(doc.facts.every((f) => f.confidence > 0 && f.confidence <= 1)).toBe(true);
  });
});
