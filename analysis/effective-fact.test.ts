import { describe, expect, it } from "vitest";
import { toUsd } from "./currency.ts";
import { effectiveValues, type ReviewedFact } from "./effective-fact.ts";
import { UNCORRECTED } from "../test/fact-fixtures.ts";

const fact = (over: Partial<ReviewedFact> = {}): ReviewedFact => ({
  status: "auto",
  value: 2_000_000,
  currency: "EUR",
  period: "2023",
  periodStart: 2023,
  periodEnd: 2023,
  basis: null,
  subject: "PGTF",
  count: null,
  ...UNCORRECTED,
  ...over,
});

describe("effectiveValues", () => {
  it("reads the analyzer's fact as stored, USD converted at its first year's rate", () => {
    const e = effectiveValues(fact());
    expect(e).toMatchObject({ value: 2_000_000, currency: "EUR", period: "2023", range: { start: 2023, end: 2023 } });
    expect(e.usd).toBe(toUsd(2_000_000, "EUR", 2023)?.usd);
    expect(e.conversion?.rateYear).toBe(2023);
  });

  it("applies every corrected field and converts the corrected amount for the corrected period", () => {
    const e = effectiveValues(
      fact({
        status: "corrected",
        correctedValue: 3_000_000,
        correctedPeriod: "2024-2025",
        correctedBasis: "allocation",
        correctedSubject: "South-South cooperation",
      }),
    );
    expect(e).toMatchObject({
      value: 3_000_000,
      currency: "EUR",
      period: "2024-2025",
      range: { start: 2024, end: 2025 },
      basis: "allocation",
      subject: "South-South cooperation",
      usd: toUsd(3_000_000, "EUR", 2024)?.usd,
    });
  });

  it("ignores corrected fields unless the status is corrected", () => {
    expect(effectiveValues(fact({ status: "rejected", correctedValue: 9 })).value).toBe(2_000_000);
  });

  it("gives no USD for a currency without a rate, corrected or not", () => {
    expect(effectiveValues(fact({ status: "corrected", correctedCurrency: "XOF" })).usd).toBeNull();
    expect(effectiveValues(fact({ currency: "XOF" })).usd).toBeNull();
  });
});
