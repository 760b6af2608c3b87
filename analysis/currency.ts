import table from "./fx-rates.json" with { type: "json" };
import { parsePeriod } from "./periods.ts";

/**
 * Conversion of amounts to US dollars with the yearly average rates shipped in fx-rates.json
 * (its `source` field names the publication). A rate is applied for the year in which the
 * amount's period starts; every conversion says which rate and year it used, so a reader can
 * check or redo it. Pure: no network, no clock.
 */

export interface FxTable {
  source: string;
  unit: string;
  basis: string;
  provisionalYears: number[];
  unverifiedYears: number[];
  rates: Record<string, Record<string, number>>;
}

export interface Conversion {
  usd: number;
  /** Units of `currency` per USD (1 for USD). */
  rate: number;
  currency: string;
  /** The year whose average rate was used (may differ from the one asked for: see `note`). */
  rateYear: number | null;
  /** Human wording of the rate, e.g. "EUR 0.9245 per USD (2023 annual average)". */
  label: string;
  note?: string;
}

export const FX: FxTable = table as unknown as FxTable;
const YEARS = Object.keys(FX.rates)
  .map(Number)
  .sort((a, b) => a - b);
/** The first and last years of the table: a year outside takes the nearest of these (SQL needs them too). */
export const RATE_YEARS = { first: YEARS[0], last: YEARS[YEARS.length - 1] } as const;

/** Currencies the table knows (plus USD). @example knownCurrencies().includes("EUR") // => true */
export function knownCurrencies(): string[] {
  return ["USD", ...Object.keys(FX.rates[String(RATE_YEARS.last)])].sort();
}

/**
 * Converts `value` in `currency` to USD with the average rate of `year`; null when the table has
 * no rate for the currency. Years outside the table use the nearest year and say so in `note`.
 * @example toUsd(1_000_000, "EUR", 2023)?.usd // => 1081700 (rounded to the dollar)
 * @example toUsd(5, "XYZ", 2023) // => null
 */
export function toUsd(value: number, currency: string, year: number | null): Conversion | null {
  const code = currency.toUpperCase();
  if (code === "USD") return { usd: value, rate: 1, currency: "USD", rateYear: year, label: "USD (no conversion)" };
  const wanted = year ?? RATE_YEARS.last;
  const used = Math.min(Math.max(wanted, RATE_YEARS.first), RATE_YEARS.last);
  const rate = FX.rates[String(used)]?.[code];
  if (!rate) return null;
  const notes: string[] = [];
  if (year === null) notes.push(`period unknown: ${used} rate used`);
  else if (used !== year) notes.push(`no ${year} rate in the table: ${used} rate used (nearest available)`);
  if (FX.provisionalYears.includes(used)) notes.push(`${used} rate is provisional`);
  return {
    usd: Math.round(value / rate),
    rate,
    currency: code,
    rateYear: used,
    label: `${code} ${rate} per USD (${used} annual average)`,
    ...(notes.length ? { note: notes.join("; ") } : {}),
  };
}

/**
 * The USD value of an amount read from a text and the rate it took: the average rate of the year
 * its period (or the document's) starts; for dollars, the amount itself. The same rule as
 * `effectiveValues`, for the CLI's printed facts.
 * @example factUsd({value: 4_000_000, currency: "EUR", period: "2019"})
 *   // => {usd: 4478..., usdRate: "EUR 0.893 per USD (2019 annual average)"}
 */
export function factUsd(
  fact: { value: number; currency: string; period: string | null },
  period: string | null = fact.period,
): { usd: number | null; usdRate?: string } {
  const conversion = toUsd(fact.value, fact.currency, parsePeriod(period)?.start ?? null);
  if (!conversion) return { usd: null };
  return conversion.currency === "USD" ? { usd: conversion.usd } : { usd: conversion.usd, usdRate: conversion.label };
}
