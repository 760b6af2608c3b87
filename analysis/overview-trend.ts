import type { BasisTotal, Change, SummaryChange, OrganizationOverview, Trend } from "./overview-types.ts";
import { BASES, type YearFigures } from "./overview-totals.ts";
import { changeLine, usd } from "./overview-words.ts";

/** Years in the trend, the overview's year last. */
export const TREND_YEARS = 5;

/** The trend's years, oldest first. @example trendYears(2024) // [2020, 2021, 2022, 2023, 2024] */
export const trendYears = (year: number) => Array.from({ length: TREND_YEARS }, (_, i) => year - TREND_YEARS + 1 + i);

/**
 * Against the previous year, basis by basis: a change only where both years have a figure, "new"
 * where the previous year has none (a missing year is never read as zero).
 * @example
 * change(yearFigures(list, 2024, docs), yearFigures(list, 2023, docs)).fundingByBasis[0].text
 *   // "new: no 2023 figure"
 */
export function change(now: YearFigures, before: YearFigures): Change {
  const bases = BASES.filter((b) => has(now.fundingByBasis, b) || has(before.fundingByBasis, b));
  const total = (list: BasisTotal[], basis: string) => list.find((t) => t.basis === basis)?.usdForYear ?? null;
  return {
    previousYear: before.year,
    previousHasData: before.funding.length > 0 || before.staffing.length > 0,
    fundingByBasis: bases.map((basis) => ({
      basis,
      ...changeLine(total(now.fundingByBasis, basis), total(before.fundingByBasis, basis), before.year),
    })),
    posts: changeLine(
      now.staffing.length ? now.postsTotal : null,
      before.staffing.length ? before.postsTotal : null,
      before.year,
      (n) => String(n),
    ),
  };
}

const has = (list: BasisTotal[], basis: string) => list.some((t) => t.basis === basis);

/**
 * The five-year trend from each year's figures (oldest first): funding per basis and posts per
 * grade, null for a year without a figure.
 * @example trend(years.map((y) => yearFigures(list, y, docs))).postsTotal // [null, null, 3, 4, 4]
 */
export function trend(perYear: Array<Pick<YearFigures, "year" | "fundingByBasis" | "posts" | "staffing">>): Trend {
  const bases = BASES.filter((b) => perYear.some((y) => has(y.fundingByBasis, b)));
  const grades = [...new Set(perYear.flatMap((y) => y.posts.map((p) => p.grade)))].sort();
  return {
    years: perYear.map((y) => y.year),
    fundingByBasis: bases.map((basis) => ({
      basis,
      usd: perYear.map((y) => y.fundingByBasis.find((t) => t.basis === basis)?.usdForYear ?? null),
    })),
    postsByGrade: grades.map((grade) => ({
      grade,
      posts: perYear.map((y) => y.posts.find((p) => p.grade === grade)?.count ?? null),
    })),
    postsTotal: perYear.map((y) => (y.staffing.length ? y.posts.reduce((n, p) => n + p.count, 0) : null)),
  };
}

const SUMMARY_FUNDING_CHANGES = 5;
const SUMMARY_POST_CHANGES = 3;

/**
 * The executive summary's changes: the largest funding changes (USD) and post changes where both
 * years have a figure, and the figures new this year.
 */
export function summaryChanges(orgs: OrganizationOverview[]): { largest: SummaryChange[]; fresh: SummaryChange[] } {
  const lines: SummaryChange[] = orgs.flatMap((o) => [
    ...o.change.fundingByBasis.map(({ basis, ...line }) => ({
      organizationId: o.id,
      acronym: o.acronym,
      measure: basis,
      line,
    })),
    { organizationId: o.id, acronym: o.acronym, measure: "posts", line: o.change.posts },
  ]);
  const moved = lines
    .filter((l) => l.line.delta !== null && l.line.delta !== 0)
    .sort((a, b) => Math.abs(b.line.delta!) - Math.abs(a.line.delta!));
  return {
    largest: [
      ...moved.filter((l) => l.measure !== "posts").slice(0, SUMMARY_FUNDING_CHANGES),
      ...moved.filter((l) => l.measure === "posts").slice(0, SUMMARY_POST_CHANGES),
    ],
    fresh: lines.filter((l) => l.line.previous === null && l.line.current !== null),
  };
}

/** "USD 1,000,000" for funding, "3 posts" for posts: how a summary line states a current value. */
export const measureValue = (measure: string, n: number | null) =>
  n === null ? "none" : measure === "posts" ? `${n} ${n === 1 ? "post" : "posts"}` : `USD ${usd(n)}`;
