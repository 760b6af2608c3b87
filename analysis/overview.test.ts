import { describe, expect, it } from "vitest";
import { build, doc, fact, ORGS, staff, undp } from "../test/fact-fixtures.ts";
import type { OverviewDocumentInput } from "./overview-types.ts";

describe("overview aggregation", () => {
  it("counts the same amount reported by several documents once, with every piece of evidence", () => {
    const a = doc();
    const b = doc();
    const o = build(
      [
        fact(a),
        fact(b, { value: 1_004_000, quote: "US$ 1.004 million" }),
        fact(b, { value: 2_000_000, subject: "PGTF" }),
      ],
      [a, b],
    );
    const org = undp(o);
    const budget = org.fundingByBasis.find((t) => t.basis === "budget")!;
    expect(budget.usdForYear).toBe(3_000_000);
    expect(budget.figures).toBe(2);
    const merged = org.funding.find((f) => f.subject === "South-South Cooperation Unit")!;
    expect(merged.evidence.map((e) => e.documentId).sort()).toEqual([a.id, b.id]);
    expect(merged.evidence[0]).toMatchObject({ url: a.url, page: 3, quote: "$1 million", title: a.title });
  });

  it("keeps amounts more than 0.5% apart, or of another basis or period, as separate figures", () => {
    const a = doc();
    const o = build(
      [
        fact(a),
        fact(a, { value: 1_010_000 }),
        fact(a, { basis: "expenditure" }),
        fact(a, { period: "2023-2024", periodStart: 2023, periodEnd: 2024 }),
      ],
      [a],
    );
    expect(undp(o).funding).toHaveLength(4);
  });

  it(
    "never counts rejected or superseded facts; " +
      "counts corrected ones with the analyst's value, currency and period",
    () => {
      const a = doc();
      const facts = [
        fact(a, { status: "rejected", value: 9_000_000 }),
        fact(a, { status: "superseded", value: 8_000_000 }),
        fact(a, {
          status: "corrected",
          value: 5_000_000,
          correctedValue: 2_000_000,
          correctedCurrency: "EUR",
          correctedPeriod: "2024",
        }),
        fact(a, {
          status: "corrected",
          period: "2023",
          periodStart: 2023,
          periodEnd: 2023,
          value: 700_000,
          correctedPeriod: "2024",
          subject: "PGTF",
        }),
      ];
      const org = undp(build(facts, [a]));
      expect(org.funding.map((f) => [f.value, f.currency]).sort()).toEqual([
        [2_000_000, "EUR"],
        [700_000, "USD"],
      ]);
      const euro = org.funding.find((f) => f.currency === "EUR")!;
      expect(euro.status).toBe("corrected");
      expect(euro.conversion?.rateYear).toBe(2024);
      expect(euro.usd).toBe(Math.round(2_000_000 / euro.conversion!.rate));
      expect(euro.usd).toBeGreaterThan(2_100_000);
    },
  );

  it("converts other currencies with the yearly average rate of the period's first year and states the rate", () => {
    const a = doc();
    const org = undp(build([fact(a, { value: 1_000_000, currency: "CHF", period: "2024" })], [a]));
    const f = org.funding[0];
    expect(f.conversion?.label).toMatch(/^CHF [\d.]+ per USD \(2024 annual average\)$/);
    expect(f.usd).toBe(Math.round(1_000_000 / f.conversion!.rate));
    const unknown = undp(build([fact(a, { currency: "XYZ" })], [a]));
    expect(unknown.unconverted).toBe(1);
    expect(unknown.fundingByBasis).toEqual([]);
  });

  it("keeps a multi-year amount as reported and counts its even share in each year it covers", () => {
    const a = doc();
    const biennium = fact(a, {
      value: 3_500_000,
      period: "2024-2025",
      periodStart: 2024,
      periodEnd: 2025,
    });
    const f2024 = undp(build([biennium], [a])).funding[0];
    expect(f2024).toMatchObject({ value: 3_500_000, usd: 3_500_000, usdForYear: 1_750_000, years: 2 });
    expect(f2024.spread).toMatch(/evenly spread over 2 years/);
    expect(undp(build([biennium], [a], { year: 2025 })).funding[0].usdForYear).toBe(1_750_000);
    expect(build([biennium], [a], { year: 2026 }).organizations.find((x) => x.id === "undp")?.funding ?? []).toEqual(
      [],
    );
    const annual = fact(a, {
      value: 1_000_000,
      period: "2014-2017",
      periodStart: 2014,
      periodEnd: 2017,
      evidence: { perYear: true },
    });
    expect(undp(build([annual], [a], { year: 2015 })).funding[0]).toMatchObject({
      usdForYear: 1_000_000,
      spread: "reported per year",
    });
  });

  it("uses only the newest analysed version of a document: older editions are history", () => {
    const a = doc();
    const old = fact(a, { versionId: a.latestVersionId! - 1, value: 4_000_000 });
    const current = fact(a, { value: 4_100_000 });
    expect(undp(build([old, current], [a])).funding.map((f) => f.value)).toEqual([4_100_000]);
  });

  it("totals posts by grade, takes the newest count when documents disagree, and lists the other", () => {
    const a = doc();
    const b = doc({ latestVersionId: 999_999 });
    const org = undp(build([staff(a, "P-4", 2), staff(b, "P-4", 3), staff(a, "P-5", 1), staff(b, "P-5", 1)], [a, b]));
    expect(org.posts.map((p) => [p.grade, p.count])).toEqual([
      ["P-4", 3],
      ["P-5", 1],
    ]);
    expect(org.postsTotal).toBe(4);
    const p4 = org.staffing.find((s) => s.grade === "P-4")!;
    expect(p4.alternatives).toEqual([{ count: 2, evidence: [expect.objectContaining({ documentId: a.id })] }]);
    expect(org.staffing.find((s) => s.grade === "P-5")!.evidence).toHaveLength(2);
  });

  it("shows the change against the previous year", () => {
    const a = doc();
    const o = undp(
      build([fact(a, { value: 2_000_000 }), fact(a, { period: "2023", periodStart: 2023, periodEnd: 2023 })], [a]),
    );
    expect(o.change).toMatchObject({
      previousYear: 2023,
      fundingByBasis: [{ basis: "budget", current: 2_000_000, previous: 1_000_000, delta: 1_000_000, pct: 100 }],
    });
  });

  it("lists trust funds with their managing organization, pledges and receipts, and coverage per organization", () => {
    const a = doc({ organizationId: "fao" });
    const o = build(
      [
        fact(a, {
          organizationId: "fao",
          subject: "United Nations Fund for South-South Cooperation",
          basis: "pledge",
          evidence: { subjectId: "unfssc" },
        }),
        fact(a, {
          organizationId: "fao",
          subject: "United Nations Fund for South-South Cooperation",
          basis: "contribution",
          value: 400_000,
          evidence: { subjectId: "unfssc", contributor: "China" },
        }),
      ],
      [a],
      {
        sources: [
          {
            id: "fao-docs",
            organizationId: "fao",
            enabled: true,
            status: "failed",
            lastRunAt: "2026-11-28T00:00:00Z",
            lastSuccessAt: "2026-11-20T00:00:00Z",
            lastError: "HTTP 503",
          },
        ],
        runs: [{ sourceId: "fao-docs", status: "failed", startedAt: "2026-11-28T00:00:00Z", failed: 3 }],
      },
    );
    expect(o.trustFunds).toEqual([
      expect.objectContaining({
        fund: "United Nations Fund for South-South Cooperation",
        managingOrganization: "unossc",
        contributors: ["China"],
        pledgedUsd: 1_000_000,
        receivedUsd: 400_000,
        period: "2024",
      }),
    ]);
    expect(o.coverage.find((c) => c.organizationId === "fao")).toMatchObject({
      documents: 1,
      lastSuccessfulCrawl: "2026-11-20T00:00:00Z",
      failedRuns: 1,
      sources: [expect.objectContaining({ lastError: "HTTP 503" })],
    });
    expect(o.sources.map((s) => s.documentId)).toEqual([a.id]);
  });

  it("counts equal amounts within one document as distinct payments, and merges them only across documents", () => {
    const record = doc({ type: "project" });
    const other = doc();
    const payment = (d: OverviewDocumentInput, i: number) =>
      fact(d, {
        value: 250_000,
        basis: "disbursement",
        subject: "Triangular cooperation project X",
        quote: "250000",
        evidence: { recordId: "iati:XM-1", field: `transaction[${i}]/value` },
      });
    const four = [1, 2, 3, 4].map((i) => payment(record, i));
    const org = undp(build([...four, payment(other, 1)], [record, other]));
    expect(org.fundingByBasis).toEqual([
      expect.objectContaining({ basis: "disbursement", usdForYear: 1_000_000, figures: 4 }),
    ]);
    expect(org.funding.map((f) => f.evidence.map((e) => e.documentId))).toEqual([
      [record.id, other.id],
      [record.id],
      [record.id],
      [record.id],
    ]);
  });

  it("adds up posts one document lists twice for the same unit and grade; documents that agree count once", () => {
    const a = doc();
    const b = doc({ latestVersionId: 999_998 });
    const p4Posts = (d: OverviewDocumentInput, count: number, page: number) => staff(d, "P-4", count, { page });
    const org = undp(build([p4Posts(a, 1, 2), p4Posts(a, 1, 5)], [a]));
    expect(org.posts).toEqual([expect.objectContaining({ grade: "P-4", count: 2 })]);
    expect(org.staffing[0].evidence).toHaveLength(2);
    const both = undp(build([p4Posts(a, 1, 2), p4Posts(a, 1, 5), p4Posts(b, 2, 1)], [a, b]));
    expect(both.postsTotal).toBe(2);
    expect(both.staffing[0]).toMatchObject({ count: 2, alternatives: [] });
    expect(both.staffing[0].evidence).toHaveLength(3);
  });

  it("counts a contribution two organizations report once in the system totals and the trust-fund table", () => {
    const manager = doc({ organizationId: "unossc" });
    const donor = doc({ organizationId: "undp" });
    const ibsa = {
      basis: "contribution",
      subject: "India, Brazil and South Africa Facility for Poverty and Hunger Alleviation",
      evidence: { subjectId: "ibsa" },
    };
    const o = build(
      [
        fact(manager, { ...ibsa, organizationId: "unossc" }),
        fact(donor, { ...ibsa, organizationId: "undp", subject: "IBSA Fund" }),
        fact(donor, {
          organizationId: "undp",
          basis: "contribution",
          subject: "Another fund",
          value: 500_000,
        }),
      ],
      [manager, donor],
      {
        organizations: [
          ...ORGS,
          { id: "unossc", name: "UN Office for South-South Cooperation", acronym: "UNOSSC", kind: "office" },
        ],
      },
    );
    expect(o.organizations.find((x) => x.id === "unossc")!.fundingByBasis[0].usdForYear).toBe(1_000_000);
    expect(undp(o).fundingByBasis[0].usdForYear).toBe(1_500_000);
    expect(o.totals.fundingByBasis).toEqual([
      expect.objectContaining({ basis: "contribution", usdForYear: 1_500_000, figures: 2 }),
    ]);
    const fund = o.trustFunds.find((t) => /India, Brazil/.test(t.fund))!;
    expect(fund.receivedUsd).toBe(1_000_000);
    expect(fund.evidence.map((e) => e.documentId).sort()).toEqual([manager.id, donor.id].sort());
  });
});
