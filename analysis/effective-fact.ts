import { type Conversion, toUsd } from "./currency.ts";
import { parsePeriod, type YearRange } from "./periods.ts";
import type { StoredFact } from "./stored-fact.ts";

/**
 * The one rule for what a fact says once an analyst has reviewed it: a corrected fact's value,
 * currency, period, count, basis and subject replace the analyzer's reading field by field, and its
 * USD is derived from the value, currency and first year that count (USD is never stored). Used by
 * the overview, the fact API, the version diff and alerts alike, so they can never show different
 * numbers for one fact; db/queries/fact-usd.ts is the same rule in SQL. Pure.
 */

/** The fields of a stored fact that a review may change, with the analyzer's reading beside them. */
export type ReviewedFact = Pick<
  StoredFact,
  | "status"
  | "value"
  | "currency"
  | "period"
  | "periodStart"
  | "periodEnd"
  | "basis"
  | "subject"
  | "count"
  | "correctedValue"
  | "correctedCurrency"
  | "correctedPeriod"
  | "correctedCount"
  | "correctedBasis"
  | "correctedSubject"
>;

/** What a fact counts as. */
export interface EffectiveValues {
  value: number | null;
  currency: string | null;
  /** The value in USD at the average rate of the first year of `range`; null when no rate is known. */
  usd: number | null;
  /** The rate `usd` took; null for dollars. */
  conversion: Conversion | null;
  /** The period as written (the analyst's when corrected). */
  period: string | null;
  /** The years of the period: the analyst's period when corrected, else the stored years or the text's. */
  range: YearRange | null;
  count: number | null;
  basis: string | null;
  subject: string | null;
}

/**
 * The values that count for a fact. USD is converted from the effective value and currency (a
 * value without a currency is in dollars) at the average rate of the first year of the effective
 * period; null when no rate is known. `effectiveUsdSql` (db/queries/fact-usd.ts) is this rule in SQL.
 * @example
 * effectiveValues({ ...fact, status: "corrected", correctedValue: 2_000_000, correctedPeriod: "2023-2024" }).usd
 *   // 2_000_000 EUR at the 2023 rate
 */
export function effectiveValues(f: ReviewedFact): EffectiveValues {
  const corrected = f.status === "corrected";
  const pick = <T>(mine: T | null, analyzer: T | null): T | null => (corrected && mine !== null ? mine : analyzer);
  const value = pick(f.correctedValue, f.value);
  const currency = pick(f.correctedCurrency, f.currency);
  const range = (corrected ? parsePeriod(f.correctedPeriod) : null) ?? storedRange(f);
  const converted = value === null ? null : toUsd(value, currency ?? "USD", range?.start ?? null);
  return {
    value,
    currency,
    usd: converted?.usd ?? null,
    conversion: converted && converted.currency !== "USD" ? converted : null,
    period: pick(f.correctedPeriod, f.period),
    range,
    count: pick(f.correctedCount, f.count),
    basis: pick(f.correctedBasis, f.basis),
    subject: pick(f.correctedSubject, f.subject),
  };
}

function storedRange(f: Pick<StoredFact, "period" | "periodStart" | "periodEnd">): YearRange | null {
  if (f.periodStart !== null) return { start: f.periodStart, end: f.periodEnd ?? f.periodStart };
  return parsePeriod(f.period);
}

/**
 * What the analyzer read, before any review: the fact's own value, currency and period, and the
 * USD they convert to by the same rule.
 * @example readingValues({ ...fact, status: "corrected", correctedValue: 1 }).value // the analyzer's value
 */
export function readingValues(f: ReviewedFact): EffectiveValues {
  return effectiveValues({ ...f, status: "auto" });
}
