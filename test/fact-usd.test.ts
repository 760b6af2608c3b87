import { eq, inArray } from "drizzle-orm";
import { expect, it } from "vitest";
import { FX, RATE_YEARS, toUsd } from "../analysis/currency.ts";
import { effectiveValues } from "../analysis/effective-fact.ts";
import { migrate } from "../db/migrate.ts";
import { effectiveUsdSql, FX_RATE_JOIN } from "../db/queries/fact-usd.ts";
import { reviewQueue } from "../db/queries/review-queue.ts";
import { facts, fxRates } from "../db/schema/index.ts";
import { describeEachDb } from "./db-harness.ts";
import { type SeedFact, seedDocument, seedFacts } from "./seed-facts.ts";

/**
 * Issue 12, "USD either stored or derived, not both": no fact stores a USD figure. Every layer
 * derives it with `effectiveValues`; the review queue, which sorts in SQL, derives it with
 * `effectiveUsdSql` from `fx_rates`, a copy of the code's own rate table made at each migration.
 * These tests hold the two sides equal, fact by fact, over the cases where a copy would drift.
 */

const shipped = Object.entries(FX.rates).flatMap(([year, rates]) =>
  Object.entries(rates).map(([currency, rate]) => ({ currency, year: Number(year), rate })),
);
const byKey = (rows: Array<{ currency: string; year: number; rate: number }>) =>
  rows.map((r) => `${r.currency}:${r.year}:${r.rate}`).sort();

describeEachDb("USD derived from the value, currency and period, in JavaScript and SQL alike", (t) => {
  it("holds exactly the shipped rates after migrating, and puts back a rate edited or added by hand", async () => {
    const db = t().db;
    expect(byKey(await db.select().from(fxRates))).toEqual(byKey(shipped));
    await db.update(fxRates).set({ rate: 99 }).where(eq(fxRates.currency, "EUR"));
    await db.insert(fxRates).values({ currency: "XOF", year: 2024, rate: 600 });
    await migrate(t().handle);
    expect(byKey(await db.select().from(fxRates))).toEqual(byKey(shipped));
  });

  it("gives each fact the USD effectiveValues gives it, corrected or not, rate known or not", async () => {
    const db = t().db;
    const { documentId, versionId } = await seedDocument(db, { analysisStatus: "analyzed" });
    const on = { documentId, versionId };
    const cases: SeedFact[] = [
      { ...on, value: 2_500_000, currency: "USD", period: "2024-2025" },
      { ...on, value: 2_000_000, currency: "EUR", period: "2019" },
      { ...on, value: 1_234_567, currency: "chf", period: "2016-2017" },
      { ...on, value: 3_000_000, currency: "EUR", period: "2004" }, // before the table: its first year
      { ...on, value: 3_000_000, currency: "EUR", period: "2031-2032" }, // after it: its last year
      { ...on, value: 3_000_000, currency: "GBP", period: null }, // no period: the last year
      { ...on, value: 5_000_000, currency: "XOF", period: "2024" }, // no rate: no USD
      { ...on, value: 700_000, currency: null, period: "2024" }, // no currency: dollars
      { ...on, value: 1_000_000, currency: "EUR", period: "2023", status: "corrected", correctedValue: 4_000_000 },
      { ...on, value: 1_000_000, currency: "EUR", period: "2023", status: "corrected", correctedPeriod: "2012-2013" },
      { ...on, value: 1_000_000, currency: "EUR", period: "2023", status: "corrected", correctedCurrency: "JPY" },
      { ...on, value: 1_000_000, currency: "EUR", period: "2023", status: "corrected", correctedCurrency: "XOF" },
      { ...on, value: 1_000_000, currency: "EUR", period: "2023", status: "rejected", correctedValue: 9 },
      { ...on, value: 1_000_000, currency: "USD", period: "2023", status: "corrected", correctedCurrency: "BRL" },
      { ...on, kind: "staffing", count: 3, grade: "P-4" },
    ];
    const ids = await seedFacts(db, cases);
    const rows = await db
      .select({ row: facts, usd: effectiveUsdSql() })
      .from(facts)
      .leftJoin(fxRates, FX_RATE_JOIN)
      .where(inArray(facts.id, ids));
    expect(rows).toHaveLength(cases.length);
    const derived = rows.map(({ row }) => [row.id, effectiveValues(row).usd]);
    expect(rows.map((r) => [r.row.id, r.usd === null ? null : Number(r.usd)])).toEqual(derived);
    // The cases do reach every branch: converted, clamped to both ends, unknown, and plain dollars.
    const usdOf = (i: number) => derived[i][1];
    expect(usdOf(1)).toBe(toUsd(2_000_000, "EUR", 2019)!.usd);
    expect(usdOf(3)).toBe(toUsd(3_000_000, "EUR", RATE_YEARS.first)!.usd);
    expect(usdOf(4)).toBe(toUsd(3_000_000, "EUR", RATE_YEARS.last)!.usd);
    expect(usdOf(6)).toBeNull();
    expect(usdOf(7)).toBe(700_000);
    expect(usdOf(9)).toBe(toUsd(1_000_000, "EUR", 2012)!.usd);
    expect(usdOf(11)).toBeNull();
  });

  it("ranks the review queue by the derived USD per year of each fact, the analyst's where corrected", async () => {
    const db = t().db;
    const { documentId, versionId } = await seedDocument(db, { organizationId: "fao", analysisStatus: "analyzed" });
    const on = { documentId, versionId, organizationId: "fao" };
    // In dollars per year: 1,000,000; the yen figure about 90,000 at the 2024 rate; the pounds above a million.
    const [dollars, yen, pounds] = await seedFacts(db, [
      { ...on, value: 2_000_000, currency: "USD", period: "2024-2025" },
      { ...on, value: 13_000_000, currency: "JPY", period: "2024" },
      { ...on, value: 1_000_000, currency: "GBP", period: "2024" },
    ]);
    const queue = async () =>
      (await reviewQueue(db, { organization: "fao", status: "any", kind: "funding" })).items.map((i) => i.id);
    expect(await queue()).toEqual([pounds, dollars, yen]);
    // The pounds were misread: the analyst makes them yen. They now weigh least.
    await db.update(facts).set({ status: "corrected", correctedCurrency: "JPY" }).where(eq(facts.id, pounds));
    expect(await queue()).toEqual([dollars, yen, pounds]);
    const { items } = await reviewQueue(db, { organization: "fao", status: "any", kind: "funding" });
    const perYear = (id: number) => {
      const f = items.find((i) => i.id === id)!;
      const e = effectiveValues(f);
      return e.usd! / (e.range!.end - e.range!.start + 1);
    };
    const total = [dollars, yen, pounds].reduce((s, id) => s + perYear(id), 0);
    for (const item of items) expect(item.share).toBeCloseTo(perYear(item.id) / total, 9);
    // Pages of the queue: the count is of every listed fact, past the last page too.
    const page = (offset: number) =>
      reviewQueue(db, { organization: "fao", status: "any", kind: "funding", limit: 1, offset });
    expect(await page(1)).toMatchObject({ total: 3, items: [{ id: yen }] });
    expect(await page(5)).toEqual({ total: 3, items: [] });
  });

  it("filters by the period that counts: the correction's while it stands, the reading's once rejected", async () => {
    const db = t().db;
    const { documentId, versionId } = await seedDocument(db, { organizationId: "ilo", analysisStatus: "analyzed" });
    const [id] = await seedFacts(db, [{ documentId, versionId, organizationId: "ilo", period: "2024" }]);
    const listed = async (year: number) =>
      (await reviewQueue(db, { organization: "ilo", status: "any", year })).items.map((i) => i.id);
    await db.update(facts).set({ status: "corrected", correctedPeriod: "2019" }).where(eq(facts.id, id));
    expect([await listed(2019), await listed(2024)]).toEqual([[id], []]);
    // Rejected, the fact keeps the correction it had, which no longer counts (`effectiveValues`).
    await db.update(facts).set({ status: "rejected" }).where(eq(facts.id, id));
    const [row] = await db.select().from(facts).where(eq(facts.id, id));
    expect(effectiveValues(row).range).toEqual({ start: 2024, end: 2024 });
    expect([await listed(2019), await listed(2024)]).toEqual([[], [id]]);
  });
});
