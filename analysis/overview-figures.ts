import { toUsd } from "./currency.ts";
import type { Evidence, FactStatus, FundingFigure, OverviewDocumentInput, OverviewFactInput, StaffFigure } from "./overview-types.ts";
import { coversYear, formatPeriod, parsePeriod, yearCount, type YearRange } from "./periods.ts";

/**
 * From stored facts to overview figures: the analyst's corrections applied, rejected and
 * superseded facts dropped, and the same amount reported by several documents merged into one
 * figure with several pieces of evidence. Pure.
 */

/** A fact as it counts: the analyst's value, currency, period and count when corrected. */
export interface EffectiveFact {
  fact: OverviewFactInput;
  value: number | null;
  currency: string | null;
  count: number | null;
  period: string | null;
  range: YearRange | null;
}

/** Two amounts closer than this (relative) are the same amount reported twice. */
export const SAME_AMOUNT = 0.005;

const COUNTING: ReadonlySet<FactStatus> = new Set(["auto", "confirmed", "corrected"]);
const STATUS_RANK: Record<FactStatus, number> = { corrected: 3, confirmed: 2, auto: 1, rejected: 0, superseded: 0 };

/**
 * The facts that count, with corrections applied: not rejected or superseded, and from the newest
 * analysed version of their document (older editions are history, not current figures).
 * @example effectiveFacts(facts, docsById).length // facts that may enter the overview
 */
export function effectiveFacts(facts: OverviewFactInput[], docs: Map<number, OverviewDocumentInput>): EffectiveFact[] {
  const out: EffectiveFact[] = [];
  for (const f of facts) {
    if (!COUNTING.has(f.status)) continue;
    const doc = docs.get(f.documentId);
    if (doc?.latestVersionId && doc.latestVersionId !== f.versionId) continue;
    const corrected = f.status === "corrected";
    const period = (corrected && f.correctedPeriod) || f.period;
    const range = (corrected && f.correctedPeriod ? parsePeriod(f.correctedPeriod) : null) ?? rangeOf(f);
    out.push({
      fact: f,
      value: corrected && f.correctedValue !== null ? f.correctedValue : f.value,
      currency: corrected && f.correctedCurrency ? f.correctedCurrency : f.currency,
      count: corrected && f.correctedCount !== null ? f.correctedCount : f.count,
      period: range ? formatPeriod(range) : period,
      range,
    });
  }
  return out;
}

function rangeOf(f: OverviewFactInput): YearRange | null {
  if (f.periodStart !== null) return { start: f.periodStart, end: f.periodEnd ?? f.periodStart };
  return parsePeriod(f.period);
}

/** The evidence line of one fact. */
export function evidenceOf(f: OverviewFactInput, docs: Map<number, OverviewDocumentInput>): Evidence {
  const doc = docs.get(f.documentId);
  const e = f.evidence ?? {};
  return {
    factId: f.id,
    documentId: f.documentId,
    title: doc?.title ?? null,
    url: typeof e.url === "string" ? e.url : (doc?.url ?? ""),
    page: f.page,
    quote: f.quote,
    status: f.status,
    ...(typeof e.recordId === "string" ? { recordId: e.recordId } : {}),
    ...(typeof e.field === "string" ? { field: e.field } : {}),
  };
}

const normCache = new Map<string, string>();
/** Subjects compare without case, accents or punctuation ("Pérez-Guerrero" = "Perez Guerrero"). */
function norm(s: string | null): string {
  if (!s) return "";
  let n = normCache.get(s);
  if (n === undefined) {
    n = s.toLowerCase().normalize("NFD").replace(/[^a-z0-9]+/g, " ").trim();
    if (normCache.size > 10_000) normCache.clear();
    normCache.set(s, n);
  }
  return n;
}
const bestStatus = (list: EffectiveFact[]): FactStatus => list.reduce<FactStatus>((s, e) => (STATUS_RANK[e.fact.status] > STATUS_RANK[s] ? e.fact.status : s), "auto");

/**
 * Funding figures of one organization that count in `year`: one per distinct amount for the same
 * subject, basis and period (amounts within 0.5% are the same), each with all its evidence.
 * @example fundingFigures(effective, 2024, docs)[0].evidence.length // 2 when two documents report it
 */
export function fundingFigures(list: EffectiveFact[], year: number, docs: Map<number, OverviewDocumentInput>): FundingFigure[] {
  const groups = new Map<string, FundingFigure[]>();
  const members = new Map<FundingFigure, EffectiveFact[]>();
  const sorted = list.filter((e) => e.fact.kind === "funding" && e.value !== null && coversYear(e.range, year)).sort((a, b) => a.fact.id - b.fact.id);
  for (const e of sorted) {
    const draft = fundingDraft(e, year);
    const key = `${norm(draft.subject)}|${draft.basis}|${draft.period}`;
    const same = (groups.get(key) ?? []).find((g) => sameAmount(g, draft));
    if (same) {
      members.get(same)!.push(e);
      same.evidence.push(evidenceOf(e.fact, docs));
      continue;
    }
    const group = groups.get(key) ?? [];
    draft.key = `${key}|${group.length}`;
    draft.evidence.push(evidenceOf(e.fact, docs));
    group.push(draft);
    groups.set(key, group);
    members.set(draft, [e]);
  }
  const figures = [...members.entries()].map(([fig, ms]) => ({ ...fig, status: bestStatus(ms) }));
  return figures.sort((a, b) => (b.usdForYear ?? 0) - (a.usdForYear ?? 0));
}

function sameAmount(a: FundingFigure, b: FundingFigure): boolean {
  if (a.currency === b.currency) return Math.abs(a.value - b.value) <= SAME_AMOUNT * Math.max(a.value, b.value);
  if (a.usd === null || b.usd === null) return false;
  return Math.abs(a.usd - b.usd) <= SAME_AMOUNT * Math.max(a.usd, b.usd);
}

function fundingDraft(e: EffectiveFact, year: number): FundingFigure {
  const currency = (e.currency ?? "USD").toUpperCase();
  const value = e.value!;
  const conv = toUsd(value, currency, e.range?.start ?? null);
  const usd = conv?.usd ?? (e.fact.status === "corrected" ? null : e.fact.usd);
  const years = e.range ? yearCount(e.range) : 1;
  const annual = e.fact.evidence?.perYear === true;
  const spreadIt = years > 1 && !annual && usd !== null;
  return {
    key: "",
    basis: e.fact.basis ?? "unspecified",
    subject: e.fact.subject,
    value,
    currency,
    usd,
    conversion: conv && currency !== "USD" ? { rate: conv.rate, rateYear: conv.rateYear, label: conv.label, ...(conv.note ? { note: conv.note } : {}) } : null,
    period: e.period,
    years,
    usdForYear: usd === null ? null : spreadIt ? Math.round(usd / years) : usd,
    spread: spreadIt ? `evenly spread over ${years} years (${e.period}): 1/${years} counted in ${year}` : annual && years > 1 ? "reported per year" : null,
    status: e.fact.status,
    evidence: [],
  };
}

/**
 * Staffing figures of one organization for `year`: one per unit, grade and period; when documents
 * disagree on the count, the newest version's count is the figure and the others are listed.
 * @example staffFigures(effective, 2024, docs).map((s) => [s.grade, s.count]) // [["P-4", 2], ["P-5", 1]]
 */
export function staffFigures(list: EffectiveFact[], year: number, docs: Map<number, OverviewDocumentInput>): StaffFigure[] {
  const groups = new Map<string, EffectiveFact[]>();
  for (const e of list) {
    if (e.fact.kind !== "staffing" || e.count === null || !coversYear(e.range, year)) continue;
    const key = `${norm(e.fact.subject)}|${e.fact.grade ?? ""}|${e.period ?? ""}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  const figures: StaffFigure[] = [];
  for (const [key, ms] of groups) {
    const byCount = new Map<number, EffectiveFact[]>();
    for (const e of ms) {
      const same = byCount.get(e.count!);
      if (same) same.push(e);
      else byCount.set(e.count!, [e]);
    }
    const newest = ms.reduce((a, b) => (rank(b) > rank(a) ? b : a));
    const chosen = byCount.get(newest.count!)!;
    figures.push({
      key,
      grade: newest.fact.grade,
      subject: newest.fact.subject,
      count: newest.count!,
      period: newest.period,
      status: bestStatus(chosen),
      evidence: chosen.map((e) => evidenceOf(e.fact, docs)),
      alternatives: [...byCount.entries()].filter(([c]) => c !== newest.count).map(([count, es]) => ({ count, evidence: es.map((e) => evidenceOf(e.fact, docs)) })),
    });
  }
  return figures.sort((a, b) => (a.grade ?? "~").localeCompare(b.grade ?? "~"));
}

/** An analyst's word outranks the analyzer's; then the newest version. */
const rank = (e: EffectiveFact) => (e.fact.status === "corrected" || e.fact.status === "confirmed" ? 1e12 : 0) + e.fact.versionId;
