import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import { facts } from "../schema/facts.ts";

/**
 * The SQL form of "a fact's period overlaps these years", written once for every query that
 * filters by year. The period is the analyst's (`corrected_period`, stored canonically as "2024"
 * or "2024-2025" so its first and last four characters are the years) when the fact stands
 * corrected (a rejected fact keeps the correction it had, which no longer counts), else the
 * stored `period_start`..`period_end`. It mirrors the range of analysis/effective-fact.ts, except
 * that SQL cannot parse a period whose years were not stored: such a fact matches no year here.
 */

/** The period columns of a fact, as drizzle columns or as raw references to an aliased table. */
export interface PeriodColumns {
  status: SQLWrapper;
  correctedPeriod: SQLWrapper;
  periodStart: SQLWrapper;
  periodEnd: SQLWrapper;
}

/** The `facts` table's own period columns. */
export const FACT_PERIOD: PeriodColumns = {
  status: facts.status,
  correctedPeriod: facts.correctedPeriod,
  periodStart: facts.periodStart,
  periodEnd: facts.periodEnd,
};

/**
 * The period columns of `facts` under an alias in raw SQL.
 * @example periodOverlaps(aliasedPeriod("f"), 2020, 2024) // ... f.period_start <= 2024 ...
 */
export function aliasedPeriod(alias: string): PeriodColumns {
  return {
    status: sql.raw(`${alias}.status`),
    correctedPeriod: sql.raw(`${alias}.corrected_period`),
    periodStart: sql.raw(`${alias}.period_start`),
    periodEnd: sql.raw(`${alias}.period_end`),
  };
}

/** Whether the analyst's period counts: the fact stands corrected, with a period of the analyst's. */
const analystsPeriod = (c: PeriodColumns) => sql`(${c.status} = 'corrected' and ${c.correctedPeriod} is not null)`;

/**
 * The first and last years of the period that counts (null when no years were stored), for the
 * queries that weigh a fact by them: the rate year of its USD, the years a biennium is spread over.
 * @example sql`${periodYears().end} - ${periodYears().start} + 1` // 2 for a 2024-2025 fact
 */
export function periodYears(c: PeriodColumns = FACT_PERIOD): { start: SQL<number | null>; end: SQL<number | null> } {
  const analysts = analystsPeriod(c);
  return {
    start: sql`(case when ${analysts} then left(${c.correctedPeriod}, 4)::int else ${c.periodStart} end)`,
    end: sql`(case when ${analysts} then right(${c.correctedPeriod}, 4)::int
      else coalesce(${c.periodEnd}, ${c.periodStart}) end)`,
  };
}

/**
 * Facts whose period shares a year with [from, to]; a fact without years never matches. Written
 * branch by branch (not over `periodYears`) so the stored years stay plain column comparisons.
 * @example db.select().from(facts).where(periodOverlaps(FACT_PERIOD, 2024, 2024)) // facts counting in 2024
 */
export function periodOverlaps(c: PeriodColumns, from: number, to: number): SQL {
  const analysts = analystsPeriod(c);
  return sql`((not ${analysts} and ${c.periodStart} <= ${to}
      and coalesce(${c.periodEnd}, ${c.periodStart}) >= ${from})
    or (${analysts} and left(${c.correctedPeriod}, 4)::int <= ${to}
      and right(${c.correctedPeriod}, 4)::int >= ${from}))`;
}

/**
 * A fact counts for `year` when its (corrected) period covers it.
 * @example where(coversYear(2025)) // a 2024-2025 fact matches
 */
export function coversYear(year: number): SQL {
  return periodOverlaps(FACT_PERIOD, year, year);
}
