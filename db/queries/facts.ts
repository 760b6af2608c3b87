import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { effectiveValues } from "../../analysis/effective-fact.ts";
import { formatPeriod, parsePeriod } from "../../analysis/periods.ts";
import { BASES as FUNDING_BASES } from "../../analysis/overview.ts";
import { AppError } from "../../errors.ts";
import type { Db } from "../client.ts";
import { documentVersions } from "../schema/document-versions.ts";
import { documents } from "../schema/documents.ts";
import { factReviews, type FactReview } from "../schema/fact-reviews.ts";
import { facts, type FactRow } from "../schema/facts.ts";
import { passages, type PassageRow } from "../schema/passages.ts";
import { coversYear } from "./fact-period.ts";

export type FactStatus = FactRow["status"];
export type FactKind = FactRow["kind"];

export interface FactFilters {
  organization?: string;
  year?: number;
  kind?: FactKind;
  status?: FactStatus;
  documentId?: number;
  /** Only facts of each document's newest analysed edition (default); false adds earlier editions' facts. */
  current?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * The fact belongs to the newest analysed version of its document (what the overview counts), or
 * to the newest version when none is analysed yet (a structured record's facts before the pipeline ran).
 */
export const IS_CURRENT = sql`"facts"."version_id" = (
  select v.id from document_versions v
  where v.document_id = "facts"."document_id"
  order by (v.analyzed_at is not null or v.analysis_status = 'analyzed') desc, v.fetched_at desc, v.id desc limit 1)`;

export interface FactListItem extends FactRow {
  documentTitle: string | null;
  documentUrl: string;
}

/**
 * Facts with filters and pagination, newest first, each with its document's title and URL.
 * `year` matches facts whose period covers the year (a biennium 2024-2025 matches 2025).
 * @example
 * await listFacts(db, { organization: "undp", year: 2024, kind: "funding", status: "auto", limit: 50, offset: 0 })
 */
export async function listFacts(db: Db, f: FactFilters = {}): Promise<{ total: number; items: FactListItem[] }> {
  const where: SQL[] = [];
  if (f.organization) where.push(eq(facts.organizationId, f.organization));
  if (f.kind) where.push(eq(facts.kind, f.kind));
  if (f.status) where.push(eq(facts.status, f.status));
  if (f.documentId) where.push(eq(facts.documentId, f.documentId));
  if (f.year !== undefined) where.push(coversYear(f.year));
  if (f.current !== false) where.push(IS_CURRENT);
  const cond = where.length ? and(...where) : undefined;
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(facts).where(cond);
  const rows = await db
    .select({ fact: facts, title: documents.title, url: documents.url })
    .from(facts)
    .innerJoin(documents, eq(documents.id, facts.documentId))
    .where(cond)
    .orderBy(desc(facts.id))
    .limit(Math.min(f.limit ?? 50, 500))
    .offset(f.offset ?? 0);
  return { total, items: rows.map((r) => ({ ...r.fact, documentTitle: r.title, documentUrl: r.url })) };
}

export interface FactDetail {
  fact: FactRow;
  passage: PassageRow | null;
  document: {
    id: number;
    title: string | null;
    url: string;
    organizationId: string | null;
    symbol: string | null;
    type: string | null;
  };
  version: { id: number; url: string; fetchedAt: Date; mediaType: string };
  reviews: FactReview[];
}

/**
 * One fact with its passage, document, version and review history (oldest review first).
 * Throws AppError("not_found") for an unknown id.
 * @example (await getFact(db, 42)).reviews.map((r) => r.action) // ["correct", "confirm"]
 */
export async function getFact(db: Db, id: number): Promise<FactDetail> {
  const [row] = await db
    .select({ fact: facts, passage: passages, document: documents, version: documentVersions })
    .from(facts)
    .innerJoin(documents, eq(documents.id, facts.documentId))
    .innerJoin(documentVersions, eq(documentVersions.id, facts.versionId))
    .leftJoin(passages, eq(passages.id, facts.passageId))
    .where(eq(facts.id, id));
  if (!row) throw new AppError("not_found", `No fact with id ${id}.`);
  const reviews = await db
    .select()
    .from(factReviews)
    .where(eq(factReviews.factId, id))
    .orderBy(asc(factReviews.at), asc(factReviews.id));
  const d = row.document;
  const v = row.version;
  return {
    fact: row.fact,
    passage: row.passage,
    document: {
      id: d.id,
      title: d.title,
      url: d.url,
      organizationId: d.organizationId,
      symbol: d.symbol,
      type: d.type,
    },
    version: { id: v.id, url: v.url, fetchedAt: v.fetchedAt, mediaType: v.mediaType },
    reviews,
  };
}

export type ReviewAction = "confirm" | "correct" | "reject" | "reset";

export interface ReviewInput {
  id: number;
  action: ReviewAction;
  value?: number;
  currency?: string;
  period?: string;
  count?: number;
  /** A funding basis (BASES in analysis/overview.ts), e.g. "allocation" where the analyzer read none. */
  basis?: string;
  /** The unit or fund the figure is for, as it should read ("South-South cooperation" for "Sur-Sur"). */
  subject?: string;
  note?: string;
  actor: string;
  actorKind: "user" | "api-key" | "cli";
  now?: Date;
}

const snapshot = (f: FactRow) => ({
  status: f.status,
  value: f.value,
  currency: f.currency,
  period: f.period,
  count: f.count,
  correctedValue: f.correctedValue,
  correctedCurrency: f.correctedCurrency,
  correctedPeriod: f.correctedPeriod,
  correctedCount: f.correctedCount,
  correctedUsd: f.correctedUsd,
  basis: f.basis,
  subject: f.subject,
  correctedBasis: f.correctedBasis,
  correctedSubject: f.correctedSubject,
});

const CLEARED = {
  correctedValue: null,
  correctedCurrency: null,
  correctedPeriod: null,
  correctedCount: null,
  correctedUsd: null,
  correctedBasis: null,
  correctedSubject: null,
};

/**
 * An analyst's review: confirm (the analyzer's reading is right; an earlier correction is
 * withdrawn), correct (value, currency, period or count), reject, or reset to the analyzer's reading.
 * The fact and its audit-trail row change in one transaction; the analyzer's own reading is never
 * overwritten. Errors: not_found (unknown id), bad_request (invalid correction),
 * conflict (the fact was superseded by a newer analysis).
 * @example
 * await reviewFact(db, { id: 42, action: "correct", value: 3_500_000, note: "table total",
 *   actor: "amina", actorKind: "user" })
 */
export async function reviewFact(db: Db, input: ReviewInput): Promise<FactRow> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(facts).where(eq(facts.id, input.id)).for("update");
    if (!before) throw new AppError("not_found", `No fact with id ${input.id}.`);
    if (before.status === "superseded") {
      throw new AppError(
        "conflict",
        `Fact ${input.id} was superseded by a newer analysis of its document; review the current fact instead.`,
      );
    }
    const change = reviewChange(before, input);
    const [after] = await tx
      .update(facts)
      .set({ ...change, updatedAt: input.now ?? new Date() })
      .where(eq(facts.id, input.id))
      .returning();
    await tx.insert(factReviews).values({
      factId: input.id,
      action: input.action,
      before: snapshot(before),
      after: snapshot(after),
      note: input.note ?? null,
      actor: input.actor,
      actorKind: input.actorKind,
      ...(input.now ? { at: input.now } : {}),
    });
    return after;
  });
}

function reviewChange(f: FactRow, input: ReviewInput): Partial<FactRow> {
  switch (input.action) {
    case "confirm":
      return { status: "confirmed", ...CLEARED };
    case "reject":
      return { status: "rejected" };
    case "reset":
      return { status: "auto", ...CLEARED };
    case "correct":
      return { status: "corrected", ...correction(f, input) };
    default:
      throw new AppError(
        "bad_request",
        `Unknown review action "${String(input.action)}": use confirm, correct, reject or reset.`,
      );
  }
}

function correction(f: FactRow, input: ReviewInput): Partial<FactRow> {
  const { value, currency, period, count, basis, subject } = input;
  if ([value, currency, period, count, basis, subject].every((x) => x === undefined)) {
    throw new AppError("bad_request", "A correction needs a value, currency, period, count, basis or subject.");
  }
  if (basis !== undefined && f.kind !== "funding")
    throw new AppError("bad_request", `Fact ${f.id} is a ${f.kind} fact: only funding has a basis.`);
  if (basis !== undefined && !FUNDING_BASES.includes(basis))
    throw new AppError("bad_request", `The basis must be one of ${FUNDING_BASES.join(", ")}, not "${basis}".`);
  if (subject !== undefined && !(subject.trim().length > 0 && subject.length <= 300))
    throw new AppError("bad_request", "The subject must be a name of 1 to 300 characters.");
  if (f.kind !== "funding" && (value !== undefined || currency !== undefined)) {
    throw new AppError(
      "bad_request",
      `Fact ${f.id} is a ${f.kind} fact: correct its count or period, not a value or currency.`,
    );
  }
  if (f.kind !== "staffing" && count !== undefined)
    throw new AppError("bad_request", `Fact ${f.id} is a ${f.kind} fact: it has no count to correct.`);
  if (value !== undefined && !(Number.isFinite(value) && value > 0))
    throw new AppError("bad_request", `The corrected value must be a positive number, not ${value}.`);
  if (count !== undefined && !(Number.isFinite(count) && count >= 0))
    throw new AppError("bad_request", `The corrected count must be zero or more, not ${count}.`);
  if (currency !== undefined && !/^[A-Za-z]{3}$/.test(currency))
    throw new AppError(
      "bad_request",
      `The corrected currency must be an ISO 4217 code such as USD or EUR, not "${currency}".`,
    );
  if (period !== undefined && !parsePeriod(period))
    throw new AppError(
      "bad_request",
      `The corrected period must name a year or years, e.g. 2024 or 2024-2025, not "${period}".`,
    );
  const out: Partial<FactRow> = {
    correctedValue: value ?? f.correctedValue,
    correctedCurrency: currency?.toUpperCase() ?? f.correctedCurrency,
    // Stored canonically ("2024" or "2024-2025") so SQL can read the years back.
    correctedPeriod: period !== undefined ? formatPeriod(parsePeriod(period)!) : f.correctedPeriod,
    correctedCount: count ?? f.correctedCount,
    correctedBasis: basis ?? f.correctedBasis,
    correctedSubject: subject?.trim() ?? f.correctedSubject,
  };
  if (f.kind === "funding") {
    // Stored for the review queue's SQL, by the rule every other layer derives it with.
    out.correctedUsd = effectiveValues({ ...f, ...out, status: "corrected" }).usd;
    // The last line of defence (callers validate with api/review-input.ts): an Infinity would
    // silently drop the fact from every total while it still reads as corrected.
    if (out.correctedUsd !== null && out.correctedUsd !== undefined && !Number.isFinite(out.correctedUsd))
      throw new AppError(
        "bad_request",
        `The corrected value ${out.correctedValue ?? f.value} ${out.correctedCurrency ?? f.currency} ` +
          "is too large to convert to USD.",
      );
  }
  return out;
}

/** A fact as the pipeline hands it over: db columns plus the index of its passage in the analysis. */
export type FactInput = Omit<
  typeof facts.$inferInsert,
  "id" | "documentId" | "versionId" | "passageId" | "organizationId" | "status"
> & {
  kind: FactKind;
  fingerprint: string;
  passageIndex: number | null;
};

export interface PassageInput {
  pageNo: number;
  start: number;
  end: number;
  text: string;
  language: string | null;
  relevant: boolean;
  score: number;
}

export interface SaveAnalysisInput {
  versionId: number;
  documentId: number;
  organizationId: string | null;
  workerId: string;
  analyzerVersion: string;
  language: string | null;
  now: Date;
  passages: PassageInput[];
  /** null for structured records: their facts came from the record and are left alone. */
  facts: FactInput[] | null;
}

export interface SaveAnalysisResult {
  inserted: number;
  updated: number;
  kept: number;
  superseded: number;
  /** New facts that took over a review of the same fact in the document's previous edition. */
  carried: number;
}

const CHUNK = 500;
const REVIEWED = new Set<FactStatus>(["confirmed", "corrected", "rejected"]);

/**
 * Writes one version's analysis in one transaction: passages replaced, facts merged with what is
 * stored (reviews survive: see `planFactMerge`), the version marked analyzed. A version analysed
 * for the first time takes over the reviews of the document's previous analysed edition (see
 * `planReviewCarryOver`), each with a "carried over" row in the trail. Throws
 * AppError("conflict") when the worker no longer holds the version's claim (its lease expired
 * and another worker took it), so two workers never both write one version.
 * @example
 * await saveVersionAnalysis(db, { versionId: 3, documentId: 1, organizationId: "undp", workerId: "w1",
 *   analyzerVersion: "1.0.0", language: "en", now, passages, facts })
 */
export async function saveVersionAnalysis(db: Db, input: SaveAnalysisInput): Promise<SaveAnalysisResult> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(documentVersions)
      .set({
        analysisStatus: "analyzed",
        analyzerVersion: input.analyzerVersion,
        analyzedAt: input.now,
        analysisError: null,
        claimedBy: null,
        claimedUntil: null,
        analyses: sql`${documentVersions.analyses} + 1`,
        language: sql`coalesce(${documentVersions.language}, ${input.language})`,
      })
      .where(
        and(
          eq(documentVersions.id, input.versionId),
          eq(documentVersions.claimedBy, input.workerId),
          eq(documentVersions.analysisStatus, "running"),
        ),
      )
      .returning({ id: documentVersions.id });
    if (!claimed.length)
      throw new AppError("conflict", `Version ${input.versionId} is no longer claimed by ${input.workerId}.`);
    await tx.delete(passages).where(eq(passages.versionId, input.versionId));
    const passageIds: number[] = [];
    for (let i = 0; i < input.passages.length; i += CHUNK) {
      const rows = input.passages.slice(i, i + CHUNK).map((p) => ({ ...p, versionId: input.versionId }));
      passageIds.push(...(await tx.insert(passages).values(rows).returning({ id: passages.id })).map((r) => r.id));
    }
    const result: SaveAnalysisResult = { inserted: 0, updated: 0, kept: 0, superseded: 0, carried: 0 };
    if (!input.facts) return result;
    const old = await tx
      .select()
      .from(facts)
      .where(and(eq(facts.versionId, input.versionId), sql`not coalesce(${facts.evidence} ? 'recordId', false)`));
    const plan = planFactMerge(old, input.facts);
    const passageOf = (f: FactInput) => (f.passageIndex === null ? null : (passageIds[f.passageIndex] ?? null));
    for (const { old: o, next } of plan.matched) {
      const { passageIndex: _p, ...columns } = next;
      const set = REVIEWED.has(o.status)
        ? { passageId: passageOf(next), fingerprint: next.fingerprint }
        : { ...columns, passageId: passageOf(next), status: "auto" as const, updatedAt: input.now };
      await tx.update(facts).set(set).where(eq(facts.id, o.id));
      result[REVIEWED.has(o.status) ? "kept" : "updated"]++;
    }
    const gone = plan.unmatched.filter((o) => o.status === "auto").map((o) => o.id);
    if (gone.length)
      await tx.update(facts).set({ status: "superseded", updatedAt: input.now }).where(inArray(facts.id, gone));
    result.superseded = gone.length;
    result.kept += plan.unmatched.length - gone.length;
    const fresh = plan.added.map(({ passageIndex: _p, ...f }, k) => ({
      ...f,
      passageId: passageOf(plan.added[k]),
      documentId: input.documentId,
      versionId: input.versionId,
      organizationId: input.organizationId,
    }));
    const stored: FactRow[] = [];
    // A fingerprint already stored for the version is skipped, so count what the insert returns.
    for (let i = 0; i < fresh.length; i += CHUNK)
      stored.push(
        ...(await tx
          .insert(facts)
          .values(fresh.slice(i, i + CHUNK))
          .onConflictDoNothing()
          .returning()),
      );
    result.inserted = stored.length;
    // A version read for the first time inherits the analyst's reviews of the document's previous edition.
    if (!old.length && stored.length) result.carried = await carryReviewsOver(tx, input, stored);
    return result;
  });
}

/**
 * Pairs new analyzer facts with stored ones of the same version: first by fingerprint, then (the
 * analyzer moved an offset or re-read a subject) by kind, page and the same quote or amount,
 * nearest offset first. Each stored fact pairs at most once.
 * @example planFactMerge(oldRows, newFacts) // { matched: [{old, next}], unmatched: [...], added: [...] }
 */
export function planFactMerge(
  old: FactRow[],
  next: FactInput[],
): { matched: Array<{ old: FactRow; next: FactInput }>; unmatched: FactRow[]; added: FactInput[] } {
  const free = new Map(old.map((o) => [o.id, o]));
  const byFingerprint = new Map(old.map((o) => [o.fingerprint, o]));
  const matched: Array<{ old: FactRow; next: FactInput }> = [];
  const rest: FactInput[] = [];
  for (const n of next) {
    const o = byFingerprint.get(n.fingerprint);
    if (o && free.has(o.id)) {
      free.delete(o.id);
      matched.push({ old: o, next: n });
    } else rest.push(n);
  }
  const added: FactInput[] = [];
  for (const n of rest) {
    const amount = n.kind === "staffing" ? n.count : n.value;
    const candidates = [...free.values()].filter(
      (o) =>
        o.kind === n.kind &&
        o.page === n.page &&
        (o.quote === n.quote ||
          (amount != null && (o.kind === "staffing" ? o.count : o.value) === amount && o.grade === (n.grade ?? null))),
    );
    const best = candidates.sort(
      (a, b) => Math.abs((a.start ?? 0) - (n.start ?? 0)) - Math.abs((b.start ?? 0) - (n.start ?? 0)),
    )[0];
    if (best) {
      free.delete(best.id);
      matched.push({ old: best, next: n });
    } else added.push(n);
  }
  return { matched, unmatched: [...free.values()], added };
}

const ACTION_OF: Record<string, ReviewAction> = { confirmed: "confirm", corrected: "correct", rejected: "reject" };

/** What identifies one fact across editions of a document: everything but where it sits. */
function editionKey(
  f: Pick<FactRow, "kind" | "value" | "count" | "currency" | "grade" | "period" | "subject" | "quote">,
): string {
  const amount = f.kind === "staffing" ? f.count : f.value;
  return JSON.stringify([
    f.kind,
    amount ?? null,
    f.currency ?? null,
    f.grade ?? null,
    f.period ?? null,
    f.subject ?? null,
    f.quote,
  ]);
}

/**
 * Pairs the facts of a new edition with the reviewed facts of the previous one: same kind, amount,
 * currency, grade, period, subject and quote, wherever they sit now (a changed header or footer
 * moves every offset). Repeated facts pair in reading order; each fact pairs at most once.
 * @example planReviewCarryOver(previousReviewed, newRows) // [{ from: correctedRow, to: newRow }]
 */
export function planReviewCarryOver(previous: FactRow[], next: FactRow[]): Array<{ from: FactRow; to: FactRow }> {
  const order = (a: FactRow, b: FactRow) =>
    (a.page ?? 0) - (b.page ?? 0) || (a.start ?? 0) - (b.start ?? 0) || a.id - b.id;
  const waiting = new Map<string, FactRow[]>();
  for (const p of previous.filter((f) => REVIEWED.has(f.status)).sort(order)) {
    const list = waiting.get(editionKey(p));
    if (list) list.push(p);
    else waiting.set(editionKey(p), [p]);
  }
  const pairs: Array<{ from: FactRow; to: FactRow }> = [];
  for (const n of [...next].sort(order)) {
    const from = waiting.get(editionKey(n))?.shift();
    if (from) pairs.push({ from, to: n });
  }
  return pairs;
}

/** Copies the reviews of the previous analysed edition onto the new facts; returns how many. */
async function carryReviewsOver(tx: Db, input: SaveAnalysisInput, stored: FactRow[]): Promise<number> {
  const [previous] = await tx
    .select({ id: documentVersions.id })
    .from(documentVersions)
    .where(
      and(
        eq(documentVersions.documentId, input.documentId),
        sql`${documentVersions.id} <> ${input.versionId}`,
        sql`(${documentVersions.analyzedAt} is not null or ${documentVersions.analysisStatus} = 'analyzed')`,
        sql`(${documentVersions.fetchedAt}, ${documentVersions.id})
          < (select v.fetched_at, v.id from document_versions v where v.id = ${input.versionId})`,
      ),
    )
    .orderBy(desc(documentVersions.fetchedAt), desc(documentVersions.id))
    .limit(1);
  if (!previous) return 0;
  const reviewed = await tx
    .select()
    .from(facts)
    .where(
      and(
        eq(facts.versionId, previous.id),
        inArray(facts.status, ["confirmed", "corrected", "rejected"]),
        sql`not coalesce(${facts.evidence} ? 'recordId', false)`,
      ),
    );
  const pairs = planReviewCarryOver(reviewed, stored);
  for (const { from, to } of pairs) {
    const [after] = await tx
      .update(facts)
      .set({
        status: from.status,
        correctedValue: from.correctedValue,
        correctedCurrency: from.correctedCurrency,
        correctedPeriod: from.correctedPeriod,
        correctedCount: from.correctedCount,
        correctedUsd: from.correctedUsd,
        correctedBasis: from.correctedBasis,
        correctedSubject: from.correctedSubject,
        updatedAt: input.now,
      })
      .where(eq(facts.id, to.id))
      .returning();
    await tx.insert(factReviews).values({
      factId: to.id,
      action: ACTION_OF[from.status],
      before: snapshot(to),
      after: snapshot(after),
      note: `carried over from version ${previous.id}`,
      actor: "system",
      actorKind: "cli",
      at: input.now,
    });
  }
  return pairs.length;
}
