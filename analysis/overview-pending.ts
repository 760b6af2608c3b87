import type { EffectiveFact } from "./overview-figures.ts";
import { yearFigures, type YearFigures } from "./overview-totals.ts";
import type { OverviewDocumentInput, Pending } from "./overview-types.ts";
import { usd } from "./overview-words.ts";

/**
 * Pending figures of one organization: built from its below-threshold `auto` facts with the same
 * rules as counted ones, each with what it would add if an analyst confirmed it (the difference it
 * makes to the year's totals: 0 when the same amount already counts through another document).
 * @example pendingFigures(counted, pendingFacts, 2024, docs, countedYear).wouldAdd.posts // 2
 */
export function pendingFigures(
  counted: EffectiveFact[],
  pending: EffectiveFact[],
  year: number,
  docs: Map<number, OverviewDocumentInput>,
  now: YearFigures,
  threshold: number,
): Pending {
  if (!pending.length) return { funding: [], staffing: [], wouldAdd: { fundingByBasis: [], posts: 0 } };
  const own = yearFigures(pending, year, docs);
  const byId = new Map(pending.map((e) => [e.fact.id, e]));
  const factsOf = (ids: number[]) => ids.map((id) => byId.get(id)!).filter(Boolean);
  const withAll = yearFigures([...counted, ...pending], year, docs);
  const note = (confidence: number) =>
    ` Confidence ${confidence.toFixed(2)}, below the review threshold ${threshold}: ` +
    "it counts once an analyst confirms it.";
  return {
    funding: own.funding.map((f) => {
      const added = yearFigures([...counted, ...factsOf(f.evidence.map((e) => e.factId))], year, docs);
      const wouldAdd = basisUsd(added, f.basis) - basisUsd(now, f.basis);
      return {
        ...f,
        wouldAdd,
        explanation:
          `${f.explanation.replace(" counted in ", " would count in ")}; ` +
          `would add USD ${usd(wouldAdd)}.${note(f.confidence)}`,
      };
    }),
    staffing: own.staffing.map((s) => {
      const added = yearFigures([...counted, ...factsOf(s.evidence.map((e) => e.factId))], year, docs);
      const wouldAdd = added.postsTotal - now.postsTotal;
      return {
        ...s,
        wouldAdd,
        explanation:
          `${s.explanation}; ` + `would add ${wouldAdd} ${wouldAdd === 1 ? "post" : "posts"}.${note(s.confidence)}`,
      };
    }),
    wouldAdd: {
      fundingByBasis: withAll.fundingByBasis
        .map((t) => ({ basis: t.basis, usdForYear: t.usdForYear - basisUsd(now, t.basis) }))
        .filter((t) => t.usdForYear !== 0),
      posts: withAll.postsTotal - now.postsTotal,
    },
  };
}

const basisUsd = (y: YearFigures, basis: string) => y.fundingByBasis.find((t) => t.basis === basis)?.usdForYear ?? 0;

/** Adds up what each organization's pending figures would add (per basis, and posts). */
export function pendingTotals(all: Pending[]): {
  figures: number;
  fundingByBasis: Array<{ basis: string; usdForYear: number }>;
  posts: number;
} {
  const byBasis = new Map<string, number>();
  for (const p of all)
    for (const t of p.wouldAdd.fundingByBasis) byBasis.set(t.basis, (byBasis.get(t.basis) ?? 0) + t.usdForYear);
  return {
    figures: all.reduce((n, p) => n + p.funding.length + p.staffing.length, 0),
    fundingByBasis: [...byBasis.entries()].map(([basis, usdForYear]) => ({ basis, usdForYear })),
    posts: all.reduce((n, p) => n + p.wouldAdd.posts, 0),
  };
}
