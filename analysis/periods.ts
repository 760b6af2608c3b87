/**
 * Periods as documents state them ("2024", "2024-2025", "2022-23", "2014/2017", "FY2024"),
 * turned into year ranges so a year overview can tell which amounts cover it. Pure.
 */

export interface YearRange {
  start: number;
  end: number;
}

const MIN_YEAR = 1950;
const MAX_YEAR = 2100;
const RANGE = /((?:19|20)\d{2})\s*(?:[-–—/]|to|à|a|al)\s*((?:19|20)?\d{2})(?!\d)/i;
const SINGLE = /(?<!\d)((?:19|20)\d{2})(?!\d)/;

/**
 * The years a period text covers, or null when it names no year.
 * @example parsePeriod("2022-23") // => {start: 2022, end: 2023}
 * @example parsePeriod("FY2024") // => {start: 2024, end: 2024}
 */
export function parsePeriod(text: string | null | undefined): YearRange | null {
  if (!text) return null;
  const range = RANGE.exec(text);
  if (range) {
    const start = Number(range[1]);
    const endRaw = range[2].length === 2 ? range[1].slice(0, 2) + range[2] : range[2];
    const end = Number(endRaw);
    if (end >= start && valid(start) && valid(end)) return { start, end };
  }
  const single = SINGLE.exec(text);
  if (!single) return null;
  const year = Number(single[1]);
  return valid(year) ? { start: year, end: year } : null;
}

const valid = (y: number) => y >= MIN_YEAR && y <= MAX_YEAR;

/**
 * A period as a fact row keeps it: as written, and the years it covers (null when it names none).
 * @example periodColumns("2022-23") // => {period: "2022-23", periodStart: 2022, periodEnd: 2023}
 */
export function periodColumns(period: string | null): {
  period: string | null;
  periodStart: number | null;
  periodEnd: number | null;
} {
  const range = parsePeriod(period);
  return { period, periodStart: range?.start ?? null, periodEnd: range?.end ?? null };
}

/**
 * The canonical spelling of a year range: "2024" or "2024-2025".
 * @example formatPeriod({start: 2024, end: 2025}) // => "2024-2025"
 */
export function formatPeriod(range: YearRange): string {
  return range.start === range.end ? String(range.start) : `${range.start}-${range.end}`;
}

/** Number of calendar years in a range (a biennium is 2). @example yearCount({start: 2024, end: 2025}) // => 2 */
export function yearCount(range: YearRange): number {
  return range.end - range.start + 1;
}

/** Whether the range covers `year`. @example coversYear({start: 2024, end: 2025}, 2025) // => true */
export function coversYear(range: YearRange | null, year: number): boolean {
  return range !== null && range.start <= year && year <= range.end;
}

/**
 * The share of an amount that falls in one year when the amount is spread evenly over its period:
 * what a multi-year budget is "per year". Null when the period is one year (no spreading needed).
 * @example perYear(4_000_000, {start: 2014, end: 2017}) // => 1000000
 */
export function perYear(amount: number, range: YearRange): number | null {
  const n = yearCount(range);
  return n > 1 ? amount / n : null;
}

/**
 * The period just before `range` of the same length: a biennium's previous biennium, a year's previous year.
 * @example previousPeriod({start: 2024, end: 2025}) // => {start: 2022, end: 2023}
 */
export function previousPeriod(range: YearRange): YearRange {
  const n = yearCount(range);
  return { start: range.start - n, end: range.end - n };
}
