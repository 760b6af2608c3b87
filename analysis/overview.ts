import { FX } from "./currency.ts";
import {
  effectiveFacts,
  evidenceOf,
  fundingFigures,
  staffFigures,
  systemFigures,
  type EffectiveFact,
  type SystemFigure,
} from "./overview-figures.ts";
import type {
  BasisTotal,
  Change,
  CoverageRow,
  Evidence,
  FundingFigure,
  Highlight,
  OrganizationOverview,
  Overview,
  OverviewDocumentInput,
  OverviewFactInput,
  OverviewInput,
  OverviewOrganizationInput,
  PostTotal,
  StaffFigure,
  TrustFundRow,
} from "./overview-types.ts";
import { coversYear, formatPeriod, parsePeriod } from "./periods.ts";
import { unitById } from "./vocabulary.ts";

export type * from "./overview-types.ts";

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
const HIGHLIGHTS_PER_ORGANIZATION = 3;
const FUND_NAME = /\b(fund|facility|trust|fonds|fondo|fundo)\b/i;

/**
 * The annual overview, agency by agency: SSTC funding in USD by basis (multi-year amounts spread
 * evenly over their years for the year's total, as reported in each figure), posts by grade, SSTC
 * units named, documents and passages analysed, the strongest passages, the change against the
 * previous year; then trust funds and facilities, and coverage. Every figure carries its evidence.
 * Pure: the caller loads the rows (db/queries/overview.ts) and passes `now`.
 * @example buildOverview({ year: 2024, facts, documents, organizations, now: new Date() }).organizations[0].fundingByBasis
 */
export function buildOverview(input: OverviewInput): Overview {
  const docs = new Map(input.documents.map((d) => [d.id, d]));
  const effective = effectiveFacts(input.facts, docs);
  const byOrg = groupBy(effective, (e) => e.fact.organizationId ?? "");
  const docsByOrg = groupBy(input.documents, (d) => d.organizationId ?? "");
  const organizations = input.organizations
    .map((org) => organizationOverview(org, byOrg.get(org.id) ?? [], docsByOrg.get(org.id) ?? [], input, docs))
    .filter((o) => o.funding.length || o.staffing.length || o.units.length || o.documentsAnalysed);
  const figures = organizations.flatMap((o) => o.funding);
  // One amount several organizations report (a fund's manager and its contributor) counts once system-wide.
  const factById = new Map(input.facts.map((f) => [f.id, f]));
  const system = systemFigures(
    organizations.map((o) => ({ organizationId: o.id, figures: o.funding })),
    factById,
  );
  const cited = new Map<number, Evidence>();
  for (const e of [
    ...figures.flatMap((f) => f.evidence),
    ...organizations.flatMap((o) => o.staffing.flatMap((s) => s.evidence)),
  ])
    cited.set(e.documentId, e);
  return {
    year: input.year,
    generatedAt: input.now.toISOString(),
    organizations,
    trustFunds: trustFunds(system, factById, input),
    coverage: coverage(input, docsByOrg),
    totals: {
      fundingByBasis: basisTotals(system.map((x) => x.figure)),
      postsTotal: organizations.reduce((n, o) => n + o.postsTotal, 0),
      organizationsWithData: organizations.filter((o) => o.funding.length || o.staffing.length).length,
      figures: system.length + organizations.reduce((n, o) => n + o.staffing.length, 0),
      facts: effective.filter((e) => e.fact.kind !== "unit" && coversYear(e.range, input.year)).length,
      documents: cited.size,
    },
    fx: {
      source: FX.source,
      basis: FX.basis,
      ratesUsed: [...new Set(figures.flatMap((f) => (f.conversion ? [f.conversion.label] : [])))].sort(),
      provisionalYears: FX.provisionalYears,
      unverifiedYears: FX.unverifiedYears,
    },
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

function organizationOverview(
  org: OverviewOrganizationInput,
  list: EffectiveFact[],
  ownDocs: OverviewDocumentInput[],
  input: OverviewInput,
  docs: Map<number, OverviewDocumentInput>,
): OrganizationOverview {
  const { year } = input;
  const funding = fundingFigures(list, year, docs);
  const staffing = staffFigures(list, year, docs);
  const posts = postTotals(staffing);
  const orgDocs = ownDocs.filter((d) => d.latestVersionId);
  const withFacts = new Set(
    list.filter((e) => e.fact.kind !== "unit" && coversYear(e.range, year)).map((e) => e.fact.documentId),
  );
  return {
    ...org,
    funding,
    fundingByBasis: basisTotals(funding),
    unconverted: funding.filter((f) => f.usd === null).length,
    staffing,
    posts,
    postsTotal: posts.reduce((n, p) => n + p.count, 0),
    units: units(list, year, docs),
    documentsAnalysed: orgDocs.length,
    documentsWithFacts: withFacts.size,
    passagesAnalysed: orgDocs.reduce((n, d) => n + d.passages, 0),
    relevantPassages: orgDocs.reduce((n, d) => n + d.relevantPassages, 0),
    highlights: highlights(org.id, input, docs),
    change: change(list, year, docs, funding, posts),
  };
}

/** Totals by basis; bases are never added to each other (a budget and its expenditure are the same money). */
function basisTotals(figures: FundingFigure[]): BasisTotal[] {
  const totals = new Map<string, BasisTotal>();
  for (const f of figures) {
    if (f.usd === null) continue;
    const t = totals.get(f.basis) ?? { basis: f.basis, usdForYear: 0, usdAsReported: 0, figures: 0, evidenceIds: [] };
    t.usdForYear += f.usdForYear ?? 0;
    t.usdAsReported += f.usd;
    t.figures++;
    t.evidenceIds.push(...f.evidence.map((e) => e.factId));
    totals.set(f.basis, t);
  }
  return [...totals.values()].sort((a, b) => BASES.indexOf(a.basis) - BASES.indexOf(b.basis));
}

function postTotals(staffing: StaffFigure[]): PostTotal[] {
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

function units(
  list: EffectiveFact[],
  year: number,
  docs: Map<number, OverviewDocumentInput>,
): OrganizationOverview["units"] {
  const byName = new Map<string, Evidence[]>();
  for (const e of list) {
    if (e.fact.kind !== "unit" || !e.fact.subject || (e.range && !coversYear(e.range, year))) continue;
    const list = byName.get(e.fact.subject) ?? [];
    if (list.length < 5) list.push(evidenceOf(e.fact, docs));
    byName.set(e.fact.subject, list);
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

/** Against the previous year, basis by basis, with the same rules (per-year shares of multi-year amounts). */
function change(
  list: EffectiveFact[],
  year: number,
  docs: Map<number, OverviewDocumentInput>,
  funding: FundingFigure[],
  posts: PostTotal[],
): Change {
  const now = basisTotals(funding);
  const before = basisTotals(fundingFigures(list, year - 1, docs));
  const bases = BASES.filter((b) => now.some((t) => t.basis === b) || before.some((t) => t.basis === b));
  const postsNow = posts.reduce((n, p) => n + p.count, 0);
  const postsBefore = staffFigures(list, year - 1, docs).reduce((n, s) => n + s.count, 0);
  return {
    previousYear: year - 1,
    fundingByBasis: bases.map((basis) => {
      const current = now.find((t) => t.basis === basis)?.usdForYear ?? 0;
      const previous = before.find((t) => t.basis === basis)?.usdForYear ?? 0;
      return {
        basis,
        current,
        previous,
        delta: current - previous,
        pct: previous > 0 ? Math.round(((current - previous) / previous) * 1000) / 10 : null,
      };
    }),
    posts: { current: postsNow, previous: postsBefore, delta: postsNow - postsBefore },
  };
}

function trustFunds(
  system: SystemFigure[],
  factById: Map<number, OverviewFactInput>,
  input: OverviewInput,
): TrustFundRow[] {
  const rows = new Map<string, TrustFundRow & { start: number; end: number }>();
  const acronymOf = (id: string) => input.organizations.find((x) => x.id === id)?.acronym ?? id;
  for (const { figure: f, organizationIds } of system) {
    const fact = factById.get(f.evidence[0].factId)!;
    const unit = typeof fact.evidence?.subjectId === "string" ? unitById(fact.evidence.subjectId) : undefined;
    const name = unit?.name ?? f.subject;
    if (!name || !FUND_NAME.test(name)) continue;
    const manager = acronymOf(unit?.org ?? organizationIds[0]);
    const row = rows.get(name) ?? {
      fund: name,
      managingOrganization: manager,
      contributors: [],
      pledgedUsd: null,
      receivedUsd: null,
      allocatedUsd: null,
      period: null,
      evidence: [],
      start: Infinity,
      end: -Infinity,
    };
    const add = (k: "pledgedUsd" | "receivedUsd" | "allocatedUsd") => (row[k] = (row[k] ?? 0) + (f.usd ?? 0));
    if (f.basis === "pledge" || f.basis === "commitment") add("pledgedUsd");
    else if (f.basis === "contribution" || f.basis === "trust-fund") add("receivedUsd");
    else add("allocatedUsd");
    for (const e of f.evidence) {
      const ev = factById.get(e.factId)?.evidence ?? {};
      const named = [ev.contributor, ...(Array.isArray(ev.contributors) ? ev.contributors : [])];
      for (const c of named) if (typeof c === "string" && !row.contributors.includes(c)) row.contributors.push(c);
    }
    const range = parsePeriod(f.period);
    if (range) [row.start, row.end] = [Math.min(row.start, range.start), Math.max(row.end, range.end)];
    row.evidence.push(...f.evidence);
    rows.set(name, row);
  }
  return [...rows.values()]
    .map(({ start, end, ...r }) => ({ ...r, period: Number.isFinite(start) ? formatPeriod({ start, end }) : null }))
    .sort((a, b) => a.fund.localeCompare(b.fund));
}

function coverage(input: OverviewInput, docsByOrg: Map<string, OverviewDocumentInput[]>): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const org of input.organizations) {
    const sources = (input.sources ?? []).filter((s) => s.organizationId === org.id);
    const docs = docsByOrg.get(org.id) ?? [];
    if (!sources.length && !docs.length) continue;
    const ids = new Set(sources.map((s) => s.id));
    const successes = sources
      .map((s) => s.lastSuccessAt)
      .filter((d): d is string => Boolean(d))
      .sort();
    rows.push({
      organizationId: org.id,
      acronym: org.acronym,
      sources: sources.map((s) => ({
        id: s.id,
        status: s.status,
        enabled: s.enabled,
        lastSuccessAt: s.lastSuccessAt,
        lastError: s.lastError,
      })),
      documents: docs.length,
      documentsAnalysed: docs.filter((d) => d.latestVersionId).length,
      lastSuccessfulCrawl: successes[successes.length - 1] ?? null,
      failedRuns: (input.runs ?? []).filter((r) => ids.has(r.sourceId) && r.status === "failed").length,
      failedDocuments: docs.filter((d) => d.status !== "active").length,
    });
  }
  return rows;
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
