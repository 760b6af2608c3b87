import { FX } from "./currency.ts";
import { systemFigures, type SystemFigure } from "./overview-figures.ts";
import type { OrganizationPart } from "./overview-organization.ts";
import { pendingTotals } from "./overview-pending.ts";
import { coverage, trustFunds } from "./overview-tables.ts";
import { coverageLine, glossary, methodology } from "./overview-text.ts";
import { basisTotals, type YearFigures } from "./overview-totals.ts";
import { summaryChanges, trend, trendYears } from "./overview-trend.ts";
import type {
  Evidence,
  OrganizationOverview,
  Overview,
  OverviewDocumentInput,
  OverviewFactInput,
  OverviewInput,
  ReviewState,
  Trend,
} from "./overview-types.ts";

/** Everything the overview is assembled from: one part per organization, in the organizations' order. */
export interface OverviewParts extends Pick<OverviewInput, "year" | "now" | "organizations" | "sources" | "runs"> {
  reviewThreshold: number;
  parts: OrganizationPart[];
  /** Counting facts of the year that belong to no organization (`countingFacts`). */
  unattributedFacts: number;
}

/**
 * The overview from its organizations' parts: the organizations with something to show, then the
 * system-wide figures (one amount several organizations report counts once), trust funds,
 * coverage, totals, trend, summary and the texts. Pure.
 * @example assembleOverview({ year: 2024, now, reviewThreshold: 0.9, organizations, parts, unattributedFacts: 0 }).totals
 */
export function assembleOverview(input: OverviewParts): Overview {
  const { year, reviewThreshold } = input;
  const built = input.parts.filter(({ overview: o }) => shown(o));
  const organizations = built.map((b) => b.overview);
  const figures = organizations.flatMap((o) => o.funding);
  const docs = new Map<number, OverviewDocumentInput>();
  const factById = new Map<number, Pick<OverviewFactInput, "evidence">>();
  // Parts built from one load share one map of documents: merge each map once.
  for (const map of new Set(input.parts.map((p) => p.documentsById))) for (const [id, d] of map) docs.set(id, d);
  for (const p of input.parts) for (const [id, f] of p.factEvidence) factById.set(id, f);
  // One amount several organizations report (a fund's manager and its contributor) counts once system-wide.
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
  const docsByOrg = new Map(input.parts.map((p) => [p.overview.id, p.documents]));
  const coverageRows = coverage(input, docsByOrg);
  const changes = summaryChanges(organizations);
  return {
    year,
    generatedAt: input.now.toISOString(),
    reviewThreshold,
    organizations,
    trustFunds: trustFunds(system, factById, input),
    coverage: coverageRows,
    totals: {
      fundingByBasis: basisTotals(
        system.map((x) => x.figure),
        year,
      ),
      postsTotal: organizations.reduce((n, o) => n + o.postsTotal, 0),
      organizationsWithData: organizations.filter((o) => o.funding.length || o.staffing.length).length,
      figures: system.length + organizations.reduce((n, o) => n + o.staffing.length, 0),
      facts: input.parts.reduce((n, p) => n + p.countingFacts, input.unattributedFacts),
      documents: cited.size,
      review,
      pending: pendingTotals(organizations.map((o) => o.pending)),
    },
    trend: systemTrend(built, factById, year, system),
    summary: { largestChanges: changes.largest, newFigures: changes.fresh, coverage: coverageLine(coverageRows) },
    methodology: methodology({ year, fx, reviewThreshold }),
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

/** An organization is listed when it has figures, units, documents, pending figures or a trend. */
const shown = (o: OrganizationOverview) =>
  o.funding.length ||
  o.staffing.length ||
  o.units.length ||
  o.documentsAnalysed ||
  o.pending.funding.length > 0 ||
  o.pending.staffing.length > 0 ||
  o.trend.fundingByBasis.length > 0 ||
  o.trend.postsTotal.some((n) => n !== null);

/** The system-wide trend: each year's figures de-duplicated across organizations like the totals. */
function systemTrend(
  built: Array<{ overview: OrganizationOverview; perYear: YearFigures[] }>,
  factById: Map<number, Pick<OverviewFactInput, "evidence">>,
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
