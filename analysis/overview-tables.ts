import type { SystemFigure } from "./overview-system.ts";
import type {
  CoverageRow,
  OverviewDocumentInput,
  OverviewFactInput,
  OverviewInput,
  TrustFundRow,
} from "./overview-types.ts";
import { formatPeriod, parsePeriod } from "./periods.ts";
import { unitById } from "./vocabulary.ts";

/** The system-wide tables of the overview: SSTC trust funds and facilities, and coverage. Pure. */

const FUND_NAME = /\b(fund|facility|trust|fonds|fondo|fundo)\b/i;

/** The `evidence` field of a fact of a system figure, found among the organizations that report it. */
export type FactLookup = (factId: number, organizationIds: string[]) => Pick<OverviewFactInput, "evidence"> | undefined;

/** What one system figure gives its fund's row: made once per figure, which a kept merge reuses. */
interface FundShare {
  name: string;
  /** The managing organization's id: its acronym is looked up on each assembly (it may be renamed). */
  managerId: string;
  contributors: string[];
  range: { start: number; end: number } | null;
}

const shares = new WeakMap<SystemFigure, FundShare | null>();

/** The fund a system figure counts for, or null when its subject is not a fund or facility. */
function shareOf({ figure: f, organizationIds }: SystemFigure, factOf: FactLookup): FundShare | null {
  const fact = factOf(f.evidence[0].factId, organizationIds)!;
  const unit = typeof fact.evidence?.subjectId === "string" ? unitById(fact.evidence.subjectId) : undefined;
  const name = unit?.name ?? f.subject;
  if (!name || !FUND_NAME.test(name)) return null;
  const contributors: string[] = [];
  for (const e of f.evidence) {
    const ev = factOf(e.factId, organizationIds)?.evidence ?? {};
    const named = [ev.contributor, ...(Array.isArray(ev.contributors) ? ev.contributors : [])];
    for (const c of named) if (typeof c === "string" && !contributors.includes(c)) contributors.push(c);
  }
  return { name, managerId: unit?.org ?? organizationIds[0], contributors, range: parsePeriod(f.period) };
}

/**
 * Trust funds and facilities from the system-wide figures: a fund's pledges, receipts and
 * allocations, its managing organization and its contributors, once however many report it.
 * @example trustFunds(systemFigures(perOrganization, 2024), factOf, input)[0].fund
 */
export function trustFunds(
  system: SystemFigure[],
  factOf: FactLookup,
  input: Pick<OverviewInput, "organizations">,
): TrustFundRow[] {
  const rows = new Map<string, TrustFundRow & { start: number; end: number }>();
  const acronyms = new Map(input.organizations.map((o) => [o.id, o.acronym]));
  for (const s of system) {
    let share = shares.get(s);
    if (share === undefined) {
      share = shareOf(s, factOf);
      shares.set(s, share);
    }
    if (!share) continue;
    const f = s.figure;
    const row = rows.get(share.name) ?? {
      fund: share.name,
      managingOrganization: acronyms.get(share.managerId) ?? share.managerId,
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
    for (const c of share.contributors) if (!row.contributors.includes(c)) row.contributors.push(c);
    const range = share.range;
    if (range) [row.start, row.end] = [Math.min(row.start, range.start), Math.max(row.end, range.end)];
    for (const e of f.evidence) row.evidence.push(e);
    rows.set(share.name, row);
  }
  return [...rows.values()]
    .map(({ start, end, ...r }) => ({ ...r, period: Number.isFinite(start) ? formatPeriod({ start, end }) : null }))
    .sort((a, b) => a.fund.localeCompare(b.fund));
}

/**
 * Per organization: its sources and their state, documents read and analysed, last successful
 * crawl, failed runs and documents.
 * @example coverage(input, docsByOrganization)[0].lastSuccessfulCrawl
 */
export function coverage(
  input: Pick<OverviewInput, "organizations" | "sources" | "runs">,
  docsByOrg: Map<string, OverviewDocumentInput[]>,
): CoverageRow[] {
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
