import { effectiveFacts, evidenceOf, isPending, type EffectiveFact } from "./overview-figures.ts";
import { pendingFigures } from "./overview-pending.ts";
import { type KeyedFigures, systemKeys } from "./overview-system.ts";
import { yearFigures, type YearFigures } from "./overview-totals.ts";
import { change, trend, trendYears } from "./overview-trend.ts";
import type {
  Evidence,
  Highlight,
  OrganizationOverview,
  OverviewDocumentInput,
  OverviewFactInput,
  OverviewOrganizationInput,
  OverviewPassageInput,
} from "./overview-types.ts";
import { coversYear } from "./periods.ts";

/**
 * One organization's part of the overview, built from that organization's facts alone: what the
 * system-wide tables and totals need from it, so a caller that keeps parts can rebuild only the
 * organizations whose data changed. Pure.
 */

const HIGHLIGHTS_PER_ORGANIZATION = 3;

/** What the overview's year, threshold and passages are for every organization's part. */
export interface PartContext {
  year: number;
  reviewThreshold: number;
  passages: OverviewPassageInput[];
}

export interface OrganizationPart {
  overview: OrganizationOverview;
  /** The five trend years' figures, oldest first (the overview's year last). */
  perYear: YearFigures[];
  /** Counting facts (not units) of the overview's year: they add up to `totals.facts`. */
  countingFacts: number;
  /** The organization's own documents (coverage). */
  documents: OverviewDocumentInput[];
  /** Every document the part read, by id: the list of sources gives their URL and organization. */
  documentsById: Map<number, OverviewDocumentInput>;
  /** Each fact's `evidence` field by fact id: the system-wide tables read subject ids and contributors there. */
  factEvidence: Map<number, Pick<OverviewFactInput, "evidence">>;
  /** Each trend year's funding figures grouped by system-wide key (`systemKeys`), as `perYear`. */
  systemKeys: KeyedFigures[];
}

/**
 * The part of one organization from its facts (`facts` all have its id) and documents.
 * @example
 * organizationPart(undp, undpFacts, docsById, undpDocs, { year: 2024, reviewThreshold: 0.9, passages })
 *   .overview.fundingByBasis
 */
export function organizationPart(
  org: OverviewOrganizationInput,
  facts: OverviewFactInput[],
  docs: Map<number, OverviewDocumentInput>,
  ownDocs: OverviewDocumentInput[],
  ctx: PartContext,
): OrganizationPart {
  const { year, reviewThreshold: threshold } = ctx;
  const list = effectiveFacts(facts, docs);
  const counted = list.filter((e) => !isPending(e.fact, threshold));
  const waiting = list.filter((e) => isPending(e.fact, threshold));
  const perYear = trendYears(year).map((y) => yearFigures(counted, y, docs));
  const now = perYear[perYear.length - 1];
  const orgDocs = ownDocs.filter((d) => d.latestVersionId);
  const ofYear = counted.filter((e) => e.fact.kind !== "unit" && coversYear(e.range, year));
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
    documentsWithFacts: new Set(ofYear.map((e) => e.fact.documentId)).size,
    passagesAnalysed: orgDocs.reduce((n, d) => n + d.passages, 0),
    relevantPassages: orgDocs.reduce((n, d) => n + d.relevantPassages, 0),
    highlights: highlights(org.id, ctx.passages, docs),
    change: change(now, perYear[perYear.length - 2]),
    trend: trend(perYear),
    pending: pendingFigures(counted, waiting, year, docs, now, threshold),
  };
  const factEvidence = new Map(facts.map((f) => [f.id, { evidence: f.evidence }]));
  return {
    overview,
    perYear,
    countingFacts: ofYear.length,
    documents: ownDocs,
    documentsById: docs,
    factEvidence,
    systemKeys: perYear.map((y) => systemKeys(y.funding, factEvidence)),
  };
}

/**
 * How many facts count in `year` among facts that belong to no organization: they are in the
 * totals' fact count though no organization's table shows them.
 * @example countingFacts(factsWithoutOrganization, docsById, 2024, 0.9) // 3
 */
export function countingFacts(
  facts: OverviewFactInput[],
  docs: Map<number, OverviewDocumentInput>,
  year: number,
  threshold: number,
): number {
  return effectiveFacts(facts, docs).filter(
    (e) => !isPending(e.fact, threshold) && e.fact.kind !== "unit" && coversYear(e.range, year),
  ).length;
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

function highlights(
  orgId: string,
  passages: OverviewPassageInput[],
  docs: Map<number, OverviewDocumentInput>,
): Highlight[] {
  return passages
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
