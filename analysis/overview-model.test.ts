import { describe, expect, it } from "vitest";
import { build, doc, fact, staff, undp } from "../test/fact-fixtures.ts";

describe("overview figures explain themselves", () => {
  it("says how a spread figure's amount for the year comes from the document's amount", () => {
    const a = doc();
    const o = build([fact(a, { value: 6_000_000, period: "2024-2025" })], [a]);
    const f = undp(o).funding[0];
    expect(f.explanation).toBe(
      "USD 3,000,000 counted in 2024 (half of USD 6,000,000 for 2024-2025, spread evenly over 2 years)",
    );
    expect(undp(o).fundingByBasis[0].explanation).toBe(f.explanation);
    const four = undp(build([fact(a, { value: 15_000_000, period: "2024-2027" })], [a])).funding[0];
    expect(four.explanation).toContain("USD 3,750,000 counted in 2024 (a quarter of USD 15,000,000 for 2024-2027");
  });

  it("names the rate of a converted amount and the review state and confidence of each figure", () => {
    const a = doc();
    const eur = fact(a, { value: 2_000_000, currency: "EUR", period: "2024", confidence: 0.95 });
    const f = undp(build([eur], [a])).funding[0];
    expect(f.explanation).toMatch(/^USD [\d,]+ counted in 2024 \(EUR 2,000,000 \(USD [\d,]+ at .+\) for 2024\)$/);
    expect(f).toMatchObject({ review: "unreviewed", confidence: 0.95 });
    const ok = undp(build([fact(a, { status: "confirmed", confidence: 0.5 })], [a])).funding[0];
    expect(ok).toMatchObject({ review: "confirmed", confidence: 0.5 });
  });

  it("describes a record's field in words, not as a record key and field code", () => {
    const a = doc();
    const rec = fact(a, { page: 1, evidence: { recordId: "wb-project:P900001", field: "totalcommamt" } });
    const ev = undp(build([rec], [a])).funding[0].evidence[0];
    expect(ev.location).toBe("World Bank project P900001, total commitment");
    expect(undp(build([fact(a, { page: 7 })], [a])).funding[0].evidence[0].location).toBe("page 7");
  });

  it("carries the methodology and the glossary, with the threshold in use", () => {
    const o = build([], [], { reviewThreshold: 0.8 });
    expect(o.methodology.map((m) => m.heading)).toContain("Periods and spreading");
    expect(o.glossary.map((g) => g.heading)).toEqual(
      expect.arrayContaining(["Budget", "Confirmed", "Corrected", "Pending"]),
    );
    expect(o.glossary.find((g) => g.heading === "Pending")!.text).toContain("0.8");
  });
});

describe("pending figures below the review threshold", () => {
  it("leaves unreviewed facts below the threshold out of the totals and says what they would add", () => {
    const a = doc();
    const b = doc();
    const o = build(
      [
        fact(a, { value: 2_000_000, confidence: 0.95 }),
        fact(a, { value: 500_000, confidence: 0.74, subject: "Triangular cooperation programme" }),
        staff(a, "P-4", 2, { confidence: 0.72 }),
        staff(b, "P-3", 1, { confidence: 0.72, status: "confirmed" }),
      ],
      [a, b],
    );
    const org = undp(o);
    expect(org.fundingByBasis).toMatchObject([{ basis: "budget", usdForYear: 2_000_000, figures: 1 }]);
    expect(org.postsTotal).toBe(1);
    expect(org.pending.funding).toHaveLength(1);
    expect(org.pending.funding[0]).toMatchObject({ value: 500_000, wouldAdd: 500_000, confidence: 0.74 });
    expect(org.pending.funding[0].explanation).toContain("would add USD 500,000");
    expect(org.pending.staffing).toMatchObject([{ grade: "P-4", count: 2, wouldAdd: 2 }]);
    expect(org.pending.wouldAdd).toEqual({ fundingByBasis: [{ basis: "budget", usdForYear: 500_000 }], posts: 2 });
    expect(o.totals.fundingByBasis[0].usdForYear).toBe(2_000_000);
    expect(o.totals.pending).toMatchObject({ figures: 2, posts: 2 });
    expect(o.totals.review).toEqual({ confirmed: 1, corrected: 0, unreviewed: 1 });
  });

  it("counts a below-threshold fact once an analyst confirms it, and everything at threshold 0", () => {
    const a = doc();
    const low = fact(a, { confidence: 0.5 });
    expect(undp(build([low], [a])).fundingByBasis).toEqual([]);
    expect(undp(build([{ ...low, status: "confirmed" }], [a])).fundingByBasis[0].usdForYear).toBe(1_000_000);
    expect(undp(build([low], [a], { reviewThreshold: 0 })).fundingByBasis[0].usdForYear).toBe(1_000_000);
  });

  it("would add nothing when the same amount already counts through another document", () => {
    const a = doc();
    const b = doc();
    const org = undp(build([fact(a, { confidence: 0.95 }), fact(b, { confidence: 0.6 })], [a, b]));
    expect(org.pending.funding[0].wouldAdd).toBe(0);
    expect(org.pending.wouldAdd.fundingByBasis).toEqual([]);
  });
});

describe("honest comparisons and the trend", () => {
  it("marks a figure new when the previous year has none, never a change from zero", () => {
    const a = doc();
    const org = undp(build([fact(a, { value: 6_000_000, period: "2024-2025" })], [a]));
    expect(org.change.previousHasData).toBe(false);
    expect(org.change.fundingByBasis).toEqual([
      { basis: "budget", current: 3_000_000, previous: null, delta: null, pct: null, text: "new: no 2023 figure" },
    ]);
    expect(org.change.posts).toMatchObject({ current: null, previous: null, delta: null, text: "" });
  });

  it("computes a change only where both years have a figure, per basis, and says when this year has none", () => {
    const a = doc();
    const org = undp(
      build(
        [
          fact(a, { value: 2_000_000 }),
          fact(a, { period: "2023" }),
          fact(a, { basis: "expenditure", period: "2023", value: 400_000 }),
          fact(a, { basis: "allocation", value: 300_000 }),
          staff(a, "P-4", 2, { period: "2023" }),
          staff(a, "P-4", 3),
        ],
        [a],
      ),
    );
    const by = Object.fromEntries(org.change.fundingByBasis.map((c) => [c.basis, c]));
    expect(by.budget).toMatchObject({ delta: 1_000_000, pct: 100, text: "+100.0% (+1,000,000) vs 2023" });
    expect(by.allocation).toMatchObject({ previous: null, delta: null, text: "new: no 2023 figure" });
    expect(by.expenditure).toMatchObject({ current: null, delta: null, text: "no 2024 figure (2023: 400,000)" });
    expect(org.change.posts).toMatchObject({ current: 3, previous: 2, delta: 1 });
  });

  it("gives five years per organization, by basis and grade, blank where a year has no figure", () => {
    const a = doc();
    const o = build(
      [
        fact(a, { value: 4_000_000, period: "2021-2022" }),
        fact(a, { value: 3_000_000, period: "2024" }),
        staff(a, "P-4", 2, { period: "2023-2024" }),
        staff(a, "P-3", 1, { period: "2024", confidence: 0.5 }),
      ],
      [a],
    );
    const t = undp(o).trend;
    expect(t.years).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(t.fundingByBasis).toEqual([{ basis: "budget", usd: [null, 2_000_000, 2_000_000, null, 3_000_000] }]);
    expect(t.postsByGrade).toEqual([{ grade: "P-4", posts: [null, null, null, 2, 2] }]);
    expect(t.postsTotal).toEqual([null, null, null, 2, 2]);
    expect(o.trend.fundingByBasis).toEqual(t.fundingByBasis);
  });

  it("sums the summary's largest changes only where both years have figures, and lists new ones apart", () => {
    const a = doc();
    const f = doc({ organizationId: "fao" });
    const o = build(
      [fact(a, { value: 2_000_000 }), fact(a, { period: "2023" }), fact(f, { value: 6_000_000, period: "2024-2025" })],
      [a, f],
    );
    expect(o.summary.largestChanges.map((c) => [c.acronym, c.measure, c.line.delta])).toEqual([
      ["UNDP", "budget", 1_000_000],
    ]);
    expect(o.summary.newFigures.map((c) => [c.acronym, c.measure])).toEqual([["FAO", "budget"]]);
    expect(o.summary.coverage).toMatch(/documents? analysed/);
  });
});
