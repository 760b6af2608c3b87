import { assembleOverview, type OverviewParts } from "./overview-assemble.ts";
import { REVIEW_THRESHOLD } from "./overview-figures.ts";
import { countingFacts, organizationPart } from "./overview-organization.ts";
import { BASES } from "./overview-totals.ts";
import type { Overview, OverviewInput } from "./overview-types.ts";

export type * from "./overview-types.ts";
export { BASES, REVIEW_THRESHOLD };

/**
 * The annual overview, agency by agency: SSTC funding in USD by basis (multi-year amounts spread
 * evenly over their years for the year's total, as reported in each figure), posts by grade, SSTC
 * units named, documents and passages analysed, the strongest passages, the change against the
 * previous year and a five-year trend; pending (below-threshold, unreviewed) figures apart; then
 * trust funds, coverage, an executive summary, the methodology and a glossary. Every figure carries
 * its evidence and its explanation in words. This is the reference: a faster loader must give the
 * same numbers. Pure: the caller loads the rows (db/queries/overview.ts) and passes `now`.
 * @example
 * buildOverview({ year: 2024, facts, documents, organizations, now: new Date(), reviewThreshold: 0.9 })
 *   .organizations[0].fundingByBasis
 */
export function buildOverview(input: OverviewInput): Overview {
  return assembleOverview(overviewParts(input));
}

/**
 * Every organization's part of the overview and the rest of what `assembleOverview` takes: a
 * loader that keeps parts reuses those whose data has not changed.
 * @example overviewParts(input).parts.map((p) => p.overview.acronym)
 */
export function overviewParts(input: OverviewInput): OverviewParts {
  const reviewThreshold = input.reviewThreshold ?? REVIEW_THRESHOLD;
  const docs = new Map(input.documents.map((d) => [d.id, d]));
  const factsByOrg = groupBy(input.facts, (f) => f.organizationId ?? "");
  const docsByOrg = groupBy(input.documents, (d) => d.organizationId ?? "");
  const ctx = { year: input.year, reviewThreshold, passages: input.passages ?? [] };
  const known = new Set(input.organizations.map((o) => o.id));
  const parts = input.organizations.map((org) =>
    organizationPart(org, factsByOrg.get(org.id) ?? [], docs, docsByOrg.get(org.id) ?? [], ctx),
  );
  const unattributed = input.facts.filter((f) => !known.has(f.organizationId ?? ""));
  return {
    ...input,
    reviewThreshold,
    parts,
    unattributedFacts: countingFacts(unattributed, docs, input.year, reviewThreshold),
  };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
