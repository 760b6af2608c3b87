import { fundingFigures, staffFigures, type EffectiveFact } from "./overview-figures.ts";
import type { BasisTotal, FundingFigure, OverviewDocumentInput, PostTotal, StaffFigure } from "./overview-types.ts";
import { usd } from "./overview-words.ts";

/** Order of the bases in tables: budget lines first, then flows, then records' own terms. */
export const BASES = [
  "budget",
  "allocation",
  "expenditure",
  "contribution",
  "pledge",
  "commitment",
  "disbursement",
  "trust-fund",
  "unspecified",
];

/** A total's explanation lists its figures' own explanations up to this many. */
const MAX_PARTS = 3;

/** One organization's figures for one year, with their totals. */
export interface YearFigures {
  year: number;
  funding: FundingFigure[];
  staffing: StaffFigure[];
  fundingByBasis: BasisTotal[];
  posts: PostTotal[];
  postsTotal: number;
}

/**
 * The figures and totals of one year from a list of counting facts: the same rules for the
 * overview's year, the change column and every year of the trend.
 * @example yearFigures(effective, 2023, docs).fundingByBasis // the previous year's totals
 */
export function yearFigures(
  list: EffectiveFact[],
  year: number,
  docs: Map<number, OverviewDocumentInput>,
): YearFigures {
  const funding = fundingFigures(list, year, docs);
  const staffing = staffFigures(list, year, docs);
  const posts = postTotals(staffing);
  return {
    year,
    funding,
    staffing,
    fundingByBasis: basisTotals(funding, year),
    posts,
    postsTotal: posts.reduce((n, p) => n + p.count, 0),
  };
}

/**
 * Totals by basis; bases are never added to each other (a budget and its expenditure are the same
 * money). Figures without a USD value are left out (shown in their own currency).
 * @example basisTotals(figures, 2024).find((t) => t.basis === "budget")?.usdForYear
 */
export function basisTotals(figures: FundingFigure[], year: number): BasisTotal[] {
  const totals = new Map<string, BasisTotal & { parts: string[] }>();
  for (const f of figures) {
    if (f.usd === null) continue;
    const t = totals.get(f.basis) ?? {
      basis: f.basis,
      usdForYear: 0,
      usdAsReported: 0,
      figures: 0,
      evidenceIds: [],
      explanation: "",
      parts: [],
    };
    t.usdForYear += f.usdForYear ?? 0;
    t.usdAsReported += f.usd;
    t.figures++;
    t.evidenceIds.push(...f.evidence.map((e) => e.factId));
    t.parts.push(f.explanation);
    totals.set(f.basis, t);
  }
  return [...totals.values()]
    .map(({ parts, ...t }) => ({
      ...t,
      explanation:
        parts.length === 1
          ? parts[0]
          : `USD ${usd(t.usdForYear)} counted in ${year}, the sum of ${parts.length} figures` +
            `${parts.length <= MAX_PARTS ? `: ${parts.join("; ")}` : " (each explained in the list of figures)"}`,
    }))
    .sort((a, b) => BASES.indexOf(a.basis) - BASES.indexOf(b.basis));
}

/** Posts by grade ("not stated" when the document gives none). */
export function postTotals(staffing: StaffFigure[]): PostTotal[] {
  const totals = new Map<string, PostTotal>();
  for (const s of staffing) {
    const grade = s.grade ?? "not stated";
    const t = totals.get(grade) ?? { grade, count: 0, evidenceIds: [] };
    t.count += s.count;
    t.evidenceIds.push(...s.evidence.map((e) => e.factId));
    totals.set(grade, t);
  }
  return [...totals.values()].sort((a, b) => a.grade.localeCompare(b.grade));
}
