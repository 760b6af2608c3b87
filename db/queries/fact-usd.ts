import { type SQL, sql } from "drizzle-orm";
import { RATE_YEARS } from "../../analysis/currency.ts";
import { facts } from "../schema/facts.ts";
import { fxRates } from "../schema/fx-rates.ts";
import { periodYears } from "./fact-period.ts";

/**
 * `effectiveValues` (analysis/effective-fact.ts) in SQL, for queries that weigh or sort facts by
 * their USD: the value and currency that count (the analyst's where corrected; no currency means
 * dollars), converted at the `fx_rates` rate of the first year of the period that counts (the
 * analyst's canonical `corrected_period`, else `period_start`), a year outside the table taking
 * its nearest year and an unknown period the last; dollars are not converted, an unknown rate
 * gives null, and the result is rounded to the dollar as `toUsd` rounds it. `fx_rates` holds the
 * code's own table (db/seed.ts), so both sides convert with the same numbers; a test holds them equal.
 * Like db/queries/fact-period.ts, SQL reads the years the writers stored (`period_start`), not the
 * period's text: every writer stores them with `periodColumns` whenever the text names a year.
 */

const corrected = sql`${facts.status} = 'corrected'`;
const value = sql`(case when ${corrected} and ${facts.correctedValue} is not null
  then ${facts.correctedValue} else ${facts.value} end)`;
const currency = sql`upper(coalesce(case when ${corrected} and ${facts.correctedCurrency} is not null
  then ${facts.correctedCurrency} else ${facts.currency} end, 'USD'))`;
const rateYear = sql`least(greatest(coalesce(${periodYears().start}, ${sql.raw(String(RATE_YEARS.last))}),
  ${sql.raw(String(RATE_YEARS.first))}), ${sql.raw(String(RATE_YEARS.last))})`;

/**
 * The join that finds a fact's rate: `left join fx_rates on ${FX_RATE_JOIN}` (a join, not a
 * subquery per fact: at 100,000 facts the subquery cost a third of a second).
 */
export const FX_RATE_JOIN: SQL = sql`${fxRates.currency} = ${currency} and ${fxRates.year} = ${rateYear}`;

/**
 * The USD a fact of `facts` counts for, or null (no value, or no rate for its currency). The query
 * must left-join `fx_rates` on `FX_RATE_JOIN`.
 * @example db.select({ id: facts.id, usd: effectiveUsdSql() }).from(facts).leftJoin(fxRates, FX_RATE_JOIN)
 */
export function effectiveUsdSql(): SQL<number | null> {
  return sql<number | null>`(case when ${value} is null then null
    when ${currency} = 'USD' then ${value}
    else floor(${value} / nullif(${fxRates.rate}, 0) + 0.5) end)`;
}
