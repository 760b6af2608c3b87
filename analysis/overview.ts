import { FX } from "./currency.ts";
import {
  effectiveFacts,
  evidenceOf,
  isPending,
  REVIEW_THRESHOLD,
  systemFigures,
  type EffectiveFact,
  type SystemFigure,
} from "./overview-figures.ts";
import { pendingFigures, pendingTotals } from "./overview-pending.ts";
import { coverage, trustFunds } from "./overview-tables.ts";
import { coverageLine, glossary, methodology } from "./overview-text.ts";
import { basisTotals, BASES, yearFigures, type YearFigures } from "./overview-totals.ts";
import { change, summaryChanges, trend, trendYears } from "./overview-trend.ts";
import type {
  Evidence,
  Highlight,
  OrganizationOverview,
  Overview,
  OverviewDocumentInput,
  OverviewFactInput,
  OverviewInput,
  OverviewOrganizationInput,
  ReviewState,
  Trend,
} from "./overview-types.ts";
import { coversYear } from "./periods.ts";

export type * from "./overview-types.ts";
export { BASES, REVIEW_THRESHOLD };

const HIGHLIGHTS_PER_ORGANIZATION = 3;

/**
 * The annual overview, agency by agency: SSTC funding in USD by basis (multi-year amounts spread
 * evenly over their years for the year's total, as reported in each figure), posts by grade, SSTC
 * units named, documents and passages analysed, the strongest passages, the change against the
 * previous year and a five-year trend; pending (below-threshold, unreviewed) figures apart; then
 * trust funds, coverage, an executive summary, the methodology and a glossary. Every figure carries
 * its evidence and its explanation in words. This is the reference: a faster loader must give the
 * same numbers. Pure: the caller loads the rows (db/queries/overview.ts) and passes `now`.
 * @example buildOverview({ year: 2024, facts, documents, organizations, now: new Date(), reviewThreshold: 0.9 }).organizations[0].fundingByBasis
 */
export function buildOverview(input: OverviewInput): Overview {
  const reviewThreshold = input.reviewThreshold ?? REVIEW_THRESHOLD;
  const docs = new Map(input.documents.map((d) => [d.id, d]));
  const effective = effectiveFacts(input.facts, docs);
  const byOrg = groupBy(effective, (e) => e.fact.organizationId ?? "");
  const docsByOrg = groupBy(input.documents, (d) => d.organizationId ?? "");
  const built = input.organizations
    .map((org) => organizationOverview(org, byOrg.get(org.id) ?? [], docsByOrg.get(org.id) ?? [], input, docs))
    .filter(
      ({ overview: o }) =>
        o.funding.length || o.staffing.length || o.units.length || o.documentsAnalysed || hasPending(o) || hasTrend(o),
    );
  const organizations = built.map((b) => b.overview);
  const figures = organizations.flatMap((o) => o.funding);
  // One amount several organizations report (a fund's manager and its contributor) counts once system-wide.
  const factById = new Map(input.facts.map((f) => [f.id, f]));
  const system = systemFigures(
    organizations.map((o) => ({ organizationId: o.id, figures: o.funding })),
    factById,
  );
  const cited = new Map<number, Evidence>();
  for (const e of organizations.flatMap((o) => [
    ...o.funding.flatMap((f) => f.evidence),
    ...o.staffing.flatMap((s) => s.evidence),
    ...o.pending.funding.flatMap((f) => f.evidence),
    ...o.pending.staffing.flatMap((s) => s.evidence),
  ]))
    cited.set(e.documentId, e);
  const review: Record<ReviewState, number> = { confirmed: 0, corrected: 0, unreviewed: 0 };
  for (const f of organizations.flatMap((o) => [...o.funding, ...o.staffing])) review[f.review]++;
  const fx = {
    source: FX.source,
    basis: FX.basis,
    ratesUsed: [...new Set(figures.flatMap((f) => (f.conversion ? [f.conversion.label] : [])))].sort(),
    provisionalYears: FX.provisionalYears,
    unverifiedYears: FX.unverifiedYears,
  };
  const coverageRows = coverage(input, docsByOrg);
  const changes = summaryChanges(organizations);
  const counting = effective.filter((e) => !isPending(e.fact, reviewThreshold));
  return {
    year: input.year,
    generatedAt: input.now.toISOString(),
    reviewThreshold,
    organizations,
    trustFunds: trustFunds(system, factById, input),
    coverage: coverageRows,
    totals: {
      fundingByBasis: basisTotals(
        system.map((x) => x.figure),
        input.year,
      ),
      postsTotal: organizations.reduce((n, o) => n + o.postsTotal, 0),
      organizationsWithData: organizations.filter((o) => o.funding.length || o.staffing.length).length,
      figures: system.length + organizations.reduce((n, o) => n + o.staffing.length, 0),
      facts: counting.filter((e) => e.fact.kind !== "unit" && coversYear(e.range, input.year)).length,
      documents: cited.size,
      review,
      pending: pendingTotals(organizations.map((o) => o.pending)),
    },
    trend: systemTrend(built, factById, input.year, system),
    summary: { largestChanges: changes.largest, newFigures: changes.fresh, coverage: coverageLine(coverageRows) },
    methodology: methodology({ year: input.year, fx, reviewThreshold }),
    glossary: glossary({ reviewThreshold }),
    fx,
    sources: [...cited.values()]
      .map((e) => ({
        documentId: e.documentId,
        title: e.title,
        url: docs.get(e.documentId)?.url ?? e.url,
        organizationId: docs.get(e.documentId)?.organizationId ?? null,
      }))
      .sort((a, b) => (a.title ?? "").localeCompare(b.title ?? "")),
  };
}

const hasPending = (o: OrganizationOverview) => o.pending.funding.length > 0 || o.pending.staffing.length > 0;
const hasTrend = (o: OrganizationOverview) =>
  o.trend.fundingByBasis.length > 0 || o.trend.postsTotal.some((n) => n !== null);

function organizationOverview(
  org: OverviewOrganizationInput,
  list: EffectiveFact[],
  ownDocs: OverviewDocumentInput[],
  input: OverviewInput,
  docs: Map<number, OverviewDocumentInput>,
): { overview: OrganizationOverview; perYear: YearFigures[] } {
  const { year } = input;
  const threshold = input.reviewThreshold ?? REVIEW_THRESHOLD;
  const counted = list.filter((e) => !isPending(e.fact, threshold));
  const waiting = list.filter((e) => isPending(e.fact, threshold));
  const perYear = trendYears(year).map((y) => yearFigures(counted, y, docs));
  const now = perYear[perYear.length - 1];
  const orgDocs = ownDocs.filter((d) => d.latestVersionId);
  const withFacts = new Set(
    counted.filter((e) => e.fact.kind !== "unit" && coversYear(e.range, year)).map((e) => e.fact.documentId),
  );
  const overview: OrganizationOverview = {
    ...org,
    funding: now.funding,
    fundingByBasis: now.fundingByBasis,
    unconverted: now.funding.filter((f) => f.usd === null).length,
    staffing: now.staffing,
    posts: now.posts,
    postsTotal: now.postsTotal,
    units: units(list, year, docs),
    documentsAnalysed: orgDocs.length,
    documentsWithFacts: withFacts.size,
    passagesAnalysed: orgDocs.reduce((n, d) => n + d.passages, 0),
    relevantPassages: orgDocs.reduce((n, d) => n + d.relevantPassages, 0),
    highlights: highlights(org.id, input, docs),
    change: change(now, perYear[perYear.length - 2]),
    trend: trend(perYear),
    pending: pendingFigures(counted, waiting, year, docs, now, threshold),
  };
  return { overview, perYear };
}

/** The system-wide trend: each year's figures de-duplicated across organizations like the totals. */
function systemTrend(
  built: Array<{ overview: OrganizationOverview; perYear: YearFigures[] }>,
  factById: Map<number, OverviewFactInput>,
  year: number,
  current: SystemFigure[],
): Trend {
  const perOrg = built.map((b) => ({ id: b.overview.id, years: b.perYear }));
  return trend(
    trendYears(year).map((y, i) => {
      // The overview's own year is already de-duplicated for the totals.
      const system =
        y === year
          ? current
          : systemFigures(
              perOrg.map((o) => ({ organizationId: o.id, figures: o.years[i]?.funding ?? [] })),
              factById,
            );
      const figures = system.map((x) => x.figure);
      const staffing = perOrg.flatMap((o) => o.years[i]?.staffing ?? []);
      const posts = perOrg.flatMap((o) => o.years[i]?.posts ?? []);
      const byGrade = new Map<string, number>();
      for (const p of posts) byGrade.set(p.grade, (byGrade.get(p.grade) ?? 0) + p.count);
      return {
        year: y,
        fundingByBasis: basisTotals(figures, y),
        posts: [...byGrade].map(([grade, count]) => ({ grade, count, evidenceIds: [] })),
        staffing,
      };
    }),
  );
}

function units(
  list: EffectiveFact[],
  year: number,
  docs: Map<number, OverviewDocumentInput>,
): OrganizationOverview["units"] {
  const byName = new Map<string, Evidence[]>();
  for (const e of list) {
    if (e.fact.kind !== "unit" || !e.subject || (e.range && !coversYear(e.range, year))) continue;
    const list = byName.get(e.subject) ?? [];
    if (list.length < 5) list.push(evidenceOf(e.fact, docs));
    byName.set(e.subject, list);
  }
  return [...byName.entries()]
    .map(([name, evidence]) => ({ name, evidence }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function highlights(orgId: string, input: OverviewInput, docs: Map<number, OverviewDocumentInput>): Highlight[] {
  return (input.passages ?? [])
    .filter((p) => docs.get(p.documentId)?.organizationId === orgId)
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, HIGHLIGHTS_PER_ORGANIZATION)
    .map((p) => ({
      passageId: p.id,
      documentId: p.documentId,
      title: docs.get(p.documentId)?.title ?? null,
      url: docs.get(p.documentId)?.url ?? "",
      page: p.page,
      text: p.text,
      score: p.score,
    }));
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
