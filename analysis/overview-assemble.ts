import { FX } from "./currency.ts";
import { type SystemFigure, systemFigures, type SystemMemo } from "./overview-system.ts";
import type { FactLookup } from "./overview-tables.ts";
import type { OrganizationPart } from "./overview-organization.ts";
import { pendingTotals } from "./overview-pending.ts";
import { coverage, trustFunds } from "./overview-tables.ts";
import { coverageLine, glossary, methodology } from "./overview-text.ts";
import { basisTotals, type YearFigures } from "./overview-totals.ts";
import { summaryChanges, TREND_YEARS, trend, trendYears } from "./overview-trend.ts";
import type {
  BasisTotal,
  Evidence,
  OrganizationOverview,
  Overview,
  OverviewDocumentInput,
  OverviewInput,
  ReviewState,
  Trend,
} from "./overview-types.ts";

/** Everything the overview is assembled from: one part per organization, in the organizations' order. */
export interface OverviewParts extends Pick<OverviewInput, "year" | "now" | "organizations" | "sources" | "runs"> {
  reviewThreshold: number;
  parts: OrganizationPart[];
  /** Kept by a caller that assembles again after a few parts changed: only their keys are merged again. */
  systemMemo?: SystemMemo;
  /** Counting facts of the year that belong to no organization (`countingFacts`). */
  unattributedFacts: number;
}

/**
 * The overview from its organizations' parts: the organizations with something to show, then the
 * system-wide figures (one amount several organizations report counts once), trust funds,
 * coverage, totals, trend, summary and the texts. Pure.
 * @example
 * assembleOverview({ year: 2024, now, reviewThreshold: 0.9, organizations, parts, unattributedFacts: 0 }).totals
 */
export function assembleOverview(input: OverviewParts): Overview {
  const { year, reviewThreshold } = input;
  const built = input.parts.filter(({ overview: o }) => shown(o));
  const organizations = built.map((b) => b.overview);
  const docs = new Map<number, OverviewDocumentInput>();
  // Parts built from one load share one map of documents: merge each map once.
  for (const map of new Set(input.parts.map((p) => p.documentsById))) for (const [id, d] of map) docs.set(id, d);
  const memo = input.systemMemo ?? new Map();
  // One amount several organizations report (a fund's manager and its contributor) counts once system-wide.
  const keyed = (i: number) => built.map((b) => ({ organizationId: b.overview.id, figures: b.systemKeys[i] }));
  const system = systemFigures(keyed(TREND_YEARS - 1), year, memo);
  const cited = new Map<number, Evidence>();
  const review: Record<ReviewState, number> = { confirmed: 0, corrected: 0, unreviewed: 0 };
  const rates = new Set<string>();
  for (const b of built) {
    const s = summaryOf(b);
    for (const [id, e] of s.cited) cited.set(id, e);
    for (const k of Object.keys(review) as ReviewState[]) review[k] += s.review[k];
    for (const r of s.rates) rates.add(r);
  }
  const fx = {
    source: FX.source,
    basis: FX.basis,
    ratesUsed: [...rates].sort(),
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
    trustFunds: trustFunds(system, factOf(input.parts), input),
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
    trend: systemTrend(built, year, (i) =>
      i === TREND_YEARS - 1 ? system : systemFigures(keyed(i), year - TREND_YEARS + 1 + i, memo, "totals"),
    ),
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
      .sort((a, b) => byTitle.compare(a.title ?? "", b.title ?? "")),
  };
}

/** What one organization adds to the totals' counts: made once per part, which never changes. */
interface PartSummary {
  /** Documents its figures cite, in the order first cited, each with the last evidence citing it. */
  cited: Map<number, Evidence>;
  review: Record<ReviewState, number>;
  /** Exchange rates its funding figures use. */
  rates: string[];
}

const summaries = new WeakMap<OrganizationPart, PartSummary>();

function summaryOf(part: OrganizationPart): PartSummary {
  let s = summaries.get(part);
  if (s) return s;
  const o = part.overview;
  s = { cited: new Map(), review: { confirmed: 0, corrected: 0, unreviewed: 0 }, rates: [] };
  for (const list of [o.funding, o.staffing, o.pending.funding, o.pending.staffing])
    for (const f of list) for (const e of f.evidence) s.cited.set(e.documentId, e);
  for (const f of [...o.funding, ...o.staffing]) s.review[f.review]++;
  for (const f of o.funding) if (f.conversion) s.rates.push(f.conversion.label);
  summaries.set(part, s);
  return s;
}

/** The totals by basis of a system-wide list, made once per list (a trend year's is kept while its figures are). */
const basisTotalsOf = new WeakMap<SystemFigure[], BasisTotal[]>();

/** What `localeCompare` does, without making a collator per comparison (tens of thousands of sources). */
const byTitle = new Intl.Collator();

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
  year: number,
  systemOf: (i: number) => SystemFigure[],
): Trend {
  return trend(
    trendYears(year).map((y, i) => {
      const system = systemOf(i);
      const totals =
        basisTotalsOf.get(system) ??
        basisTotals(
          system.map((x) => x.figure),
          y,
        );
      basisTotalsOf.set(system, totals);
      const staffing = built.flatMap((b) => b.perYear[i]?.staffing ?? []);
      const posts = built.flatMap((b) => b.perYear[i]?.posts ?? []);
      const byGrade = new Map<string, number>();
      for (const p of posts) byGrade.set(p.grade, (byGrade.get(p.grade) ?? 0) + p.count);
      return {
        year: y,
        fundingByBasis: totals,
        posts: [...byGrade].map(([grade, count]) => ({ grade, count, evidenceIds: [] })),
        staffing,
      };
    }),
  );
}

/**
 * A fact's evidence field from the parts of the organizations that report a figure: its facts are
 * theirs, so no map of every fact is built.
 */
function factOf(parts: OrganizationPart[]): FactLookup {
  const byId = new Map(parts.map((p) => [p.overview.id, p.factEvidence]));
  let last = "";
  return (factId, organizationIds) => {
    // A merged figure lists its organizations' evidence one organization after the other.
    const hinted = byId.get(last)?.get(factId);
    if (hinted) return hinted;
    for (const id of organizationIds) {
      const fact = byId.get(id)?.get(factId);
      if (fact) {
        last = id;
        return fact;
      }
    }
    return undefined;
  };
}
