import { effectiveValues, type EffectiveValues } from "./effective-fact.ts";
import type {
  Evidence,
  FactStatus,
  FundingFigure,
  OverviewDocumentInput,
  OverviewFactInput,
  StaffFigure,
} from "./overview-types.ts";
import { amountGroups, sameAmount } from "./overview-amounts.ts";
import { fundingExplanation, locationOf, reviewState, staffExplanation } from "./overview-words.ts";
import { coversYear, formatPeriod, yearCount } from "./periods.ts";

/**
 * From stored facts to overview figures: the analyst's corrections applied, rejected and
 * superseded facts dropped, and the same amount reported by several documents merged into one
 * figure with several pieces of evidence. Pure.
 */

/** A fact as it counts: the analyst's corrections applied (see `effectiveValues`), its period in canonical form. */
export interface EffectiveFact extends EffectiveValues {
  fact: OverviewFactInput;
}

const COUNTING: ReadonlySet<FactStatus> = new Set(["auto", "confirmed", "corrected"]);
export const STATUS_RANK: Record<FactStatus, number> = {
  corrected: 3,
  confirmed: 2,
  auto: 1,
  rejected: 0,
  superseded: 0,
};

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
    const values = effectiveValues(f);
    out.push({ ...values, fact: f, period: values.range ? formatPeriod(values.range) : values.period });
  }
  return out;
}

/** The review threshold when none is configured: `auto` facts below it wait for an analyst. */
export const REVIEW_THRESHOLD = 0.9;

/**
 * Whether a fact waits for an analyst before it counts: the analyzer's own (`auto`) fact whose
 * confidence is below the threshold. Confirmed and corrected facts always count.
 * @example isPending({ status: "auto", confidence: 0.74 }, 0.9) // true
 */
export function isPending(f: Pick<OverviewFactInput, "status" | "confidence">, threshold: number): boolean {
  return f.status === "auto" && f.confidence < threshold;
}

/** The evidence line of one fact. */
export function evidenceOf(f: OverviewFactInput, docs: Map<number, OverviewDocumentInput>): Evidence {
  const doc = docs.get(f.documentId);
  const e = f.evidence ?? {};
  const recordId = typeof e.recordId === "string" ? e.recordId : undefined;
  const field = typeof e.field === "string" ? e.field : undefined;
  return {
    factId: f.id,
    documentId: f.documentId,
    title: doc?.title ?? null,
    url: typeof e.url === "string" ? e.url : (doc?.url ?? ""),
    page: f.page,
    quote: f.quote,
    status: f.status,
    confidence: f.confidence,
    location: locationOf({ page: f.page, recordId, field }),
    ...(recordId ? { recordId } : {}),
    ...(field ? { field } : {}),
  };
}

const normCache = new Map<string, string>();
/** Subjects compare without case, accents or punctuation ("Pérez-Guerrero" = "Perez Guerrero"). */
export function norm(s: string | null): string {
  if (!s) return "";
  let n = normCache.get(s);
  if (n === undefined) {
    n = s
      .toLowerCase()
      .normalize("NFD")
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
    if (normCache.size > 10_000) normCache.clear();
    normCache.set(s, n);
  }
  return n;
}
const bestStatus = (list: EffectiveFact[]): FactStatus =>
  list.reduce<FactStatus>((s, e) => (STATUS_RANK[e.fact.status] > STATUS_RANK[s] ? e.fact.status : s), "auto");
const bestConfidence = (list: EffectiveFact[]): number => Math.max(...list.map((e) => e.fact.confidence));

/**
 * Funding figures of one organization that count in `year`: one per distinct amount for the same
 * subject, basis and period (amounts within 0.5% are the same), each with all its evidence. Only
 * different documents report the same amount twice: equal amounts within one document (four
 * disbursements of 250,000 in one IATI record) are distinct payments and each is a figure.
 * @example fundingFigures(effective, 2024, docs)[0].evidence.length // 2 when two documents report it
 */
export function fundingFigures(
  list: EffectiveFact[],
  year: number,
  docs: Map<number, OverviewDocumentInput>,
): FundingFigure[] {
  const groups = amountGroups<FundingFigure>();
  const members = new Map<FundingFigure, EffectiveFact[]>();
  const sorted = list
    .filter((e) => e.fact.kind === "funding" && e.value !== null && coversYear(e.range, year))
    .sort((a, b) => a.fact.id - b.fact.id);
  for (const e of sorted) {
    const draft = fundingDraft(e, year);
    const key = `${norm(draft.subject)}|${draft.basis}|${draft.period}`;
    const same = groups.find(
      key,
      draft,
      (g) => sameAmount(g, draft) && !g.evidence.some((ev) => ev.documentId === e.fact.documentId),
    );
    if (same) {
      members.get(same)!.push(e);
      same.evidence.push(evidenceOf(e.fact, docs));
      continue;
    }
    draft.key = `${key}|${groups.add(key, draft, draft)}`;
    draft.evidence.push(evidenceOf(e.fact, docs));
    members.set(draft, [e]);
  }
  const figures = [...members.entries()].map(([fig, ms]) => {
    const status = bestStatus(ms);
    return { ...fig, status, review: reviewState(status), confidence: bestConfidence(ms) };
  });
  return figures.sort((a, b) => (b.usdForYear ?? 0) - (a.usdForYear ?? 0));
}

function fundingDraft(e: EffectiveFact, year: number): FundingFigure {
  const currency = (e.currency ?? "USD").toUpperCase();
  const value = e.value!;
  const { usd, conversion: conv } = e;
  const years = e.range ? yearCount(e.range) : 1;
  const annual = e.fact.evidence?.perYear === true;
  const spreadIt = years > 1 && !annual && usd !== null;
  const usdForYear = usd === null ? null : spreadIt ? Math.round(usd / years) : usd;
  const conversion = conv
    ? { rate: conv.rate, rateYear: conv.rateYear, label: conv.label, ...(conv.note ? { note: conv.note } : {}) }
    : null;
  return {
    key: "",
    basis: e.basis ?? "unspecified",
    subject: e.subject,
    value,
    currency,
    usd,
    conversion,
    period: e.period,
    years,
    usdForYear,
    spread: spreadIt
      ? `evenly spread over ${years} years (${e.period}): 1/${years} counted in ${year}`
      : annual && years > 1
        ? "reported per year"
        : null,
    status: e.fact.status,
    review: reviewState(e.fact.status),
    confidence: e.fact.confidence,
    explanation: fundingExplanation({
      year,
      value,
      currency,
      usd,
      usdForYear,
      period: e.period,
      years,
      spread: spreadIt,
      perYear: annual,
      conversion,
    }),
    evidence: [],
  };
}

/**
 * Staffing figures of one organization for `year`: one per unit, grade and period. Posts one
 * document lists more than once for the same unit and grade are different posts and add up; when
 * documents disagree on the count, the newest version's count is the figure and the others are listed.
 * @example staffFigures(effective, 2024, docs).map((s) => [s.grade, s.count]) // [["P-4", 2], ["P-5", 1]]
 */
export function staffFigures(
  list: EffectiveFact[],
  year: number,
  docs: Map<number, OverviewDocumentInput>,
): StaffFigure[] {
  const groups = new Map<string, Map<number, DocumentCount>>();
  for (const e of list) {
    if (e.fact.kind !== "staffing" || e.count === null || !coversYear(e.range, year)) continue;
    const key = `${norm(e.subject)}|${e.fact.grade ?? ""}|${e.period ?? ""}`;
    const byDoc = groups.get(key) ?? new Map<number, DocumentCount>();
    const d = byDoc.get(e.fact.documentId) ?? { count: 0, rank: -1, facts: [] };
    d.count += e.count;
    d.rank = Math.max(d.rank, rank(e));
    d.facts.push(e);
    byDoc.set(e.fact.documentId, d);
    groups.set(key, byDoc);
  }
  const figures: StaffFigure[] = [];
  for (const [key, byDoc] of groups) {
    const reports = [...byDoc.values()];
    const byCount = new Map<number, EffectiveFact[]>();
    for (const r of reports) byCount.set(r.count, [...(byCount.get(r.count) ?? []), ...r.facts]);
    const newest = reports.reduce((a, b) => (b.rank > a.rank ? b : a));
    const chosen = byCount.get(newest.count)!;
    const lead = newest.facts[0];
    const status = bestStatus(chosen);
    const others = [...byCount.keys()].filter((c) => c !== newest.count);
    figures.push({
      key,
      grade: lead.fact.grade,
      subject: lead.subject,
      count: newest.count,
      period: lead.period,
      status,
      review: reviewState(status),
      confidence: bestConfidence(chosen),
      explanation: staffExplanation({ year, count: newest.count, grade: lead.fact.grade, period: lead.period, others }),
      evidence: chosen.map((e) => evidenceOf(e.fact, docs)),
      alternatives: [...byCount.entries()]
        .filter(([c]) => c !== newest.count)
        .map(([count, es]) => ({ count, evidence: es.map((e) => evidenceOf(e.fact, docs)) })),
    });
  }
  return figures.sort((a, b) => (a.grade ?? "~").localeCompare(b.grade ?? "~"));
}

/** What one document says about one unit, grade and period: its posts added up. */
interface DocumentCount {
  count: number;
  rank: number;
  facts: EffectiveFact[];
}

/** An analyst's word outranks the analyzer's; then the newest version. */
const rank = (e: EffectiveFact) =>
  (e.fact.status === "corrected" || e.fact.status === "confirmed" ? 1e12 : 0) + e.fact.versionId;
