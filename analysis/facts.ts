import { attribute, type Attribution } from "./attribution.ts";
import { scoreConfidence } from "./confidence.ts";
import { basisNear, periodNear } from "./cues.ts";
import { findMoney } from "./money.ts";
import { toOriginal, type NormText } from "./normalize.ts";
import { sentences, type Span } from "./segment.ts";
import { findStaffing, type StaffMention } from "./staffing.ts";
import { createClaims, spanIndexAt } from "./spans.ts";
import { findMoneyTable, findPostTable } from "./tables.ts";
import type { Candidate, Fact } from "./types.ts";
import { otherNames } from "./scope.ts";
import type { Anchor } from "./vocabulary.ts";

/** Everything the extractor needs about one passage of one page. */
export interface PassageContext {
  norm: NormText;
  /** The original page text, for quotes. */
  original: string;
  passage: Span;
  anchors: Anchor[];
  lang: string;
  page: number;
  passageIndex: number;
  /** The passage continues an SSTC subject named before it (heading, previous passage). */
  topic?: boolean;
  /** Whence the passage's relevance: its own anchors, or inherited (heading, passage before, record). */
  relevance?: "own" | "inherited";
}

/**
 * Confidence under which a fact is pending review by design (see config.reviewThreshold); facts are never dropped for
 * it.
 */
export const MIN_CONFIDENCE = 0.5;

interface Quantity {
  start: number;
  end: number;
  base: number;
  cue: string;
  /** A cell of a table: its scope is the table's caption and row label, not a sentence. */
  table?: boolean;
  make: (
    q: Omit<Fact, "kind" | "value" | "count" | "currency" | "usd" | "basis" | "grade">,
    period: string | null,
    /** The sentence to read the basis from; null for a dropped quantity (nobody reads its basis). */
    basisSpan: Span | null,
  ) => Fact;
}

/**
 * Funding and staffing facts of a relevant passage, with quotes and offsets in the original page.
 * @example extractFacts(ctx) // => [{kind: "funding", value: 3500000, currency: "USD", ...}]
 */
export function extractFacts(ctx: PassageContext): Fact[] {
  return extractCandidates(ctx, false).map((c) => c.fact);
}

/**
 * Every quantity of a relevant passage, kept or dropped with the reason, its scope and the
 * features its confidence was scored on.
 * @example extractCandidates(ctx).filter((c) => !c.kept)[0].reason // => "a non-SSTC subject is nearer ..."
 */
export function extractCandidates(ctx: PassageContext, withDropped = true): Candidate[] {
  const { norm, passage, lang } = ctx;
  const quantities: Quantity[] = [];
  const claims = createClaims(passage.start, passage.end);
  const push = (q: Quantity) => {
    if (claims.overlaps(q.start, q.end)) return;
    claims.claim(q.start, q.end);
    quantities.push(q);
  };
  for (const cell of findMoneyTable(norm.lower, passage.start, passage.end, lang)) {
    const q = fundingQuantity(ctx, cell.start, cell.end, cell.value, cell.currency, 0.8, cell.period);
    push({ ...q, table: true, cue: "table-cell" });
  }
  for (const m of findMoney(norm.lower.slice(passage.start, passage.end), lang)) {
    const { start, end, value, currency, valueMax, perYear } = m;
    const q = fundingQuantity(
      ctx,
      passage.start + start,
      passage.start + end,
      value,
      currency,
      0.92,
      null,
      valueMax,
      perYear,
    );
    push(q);
  }
  // Post-table rows share their span (one fact per year column): claim once, keep all.
  const rows = findPostTable(norm.lower, norm.text, passage.start, passage.end);
  for (const r of rows) quantities.push({ ...staffQuantity(r, 0.8), table: true, cue: "post-table" });
  for (const r of rows) claims.claim(r.start, r.end);
  const sents = sentences(norm.text, passage);
  for (const s of sents) {
    for (const st of findStaffing(norm.lower, norm.text, s.start, s.end)) {
      const cue = st.form ? "form" : st.grade ? "graded" : "count";
      push({ ...staffQuantity(st, st.grade ? 0.9 : 0.8), table: Boolean(st.form), cue });
    }
  }
  const bySentence = anchorsBySentence(ctx.anchors, sents);
  const units = ctx.anchors.filter((a) => a.kind === "unit");
  // Topics are only read for quantities whose sentence has no SSTC anchor: found once, when first needed.
  let topics: Topic[] | null = null;
  const topicAt = (k: number) => {
    topics ??= topicStates(ctx, sents, bySentence);
    return topics[k];
  };
  const out: Candidate[] = [];
  for (const q of quantities) {
    const c = toCandidate(ctx, q, sents, bySentence, units, topicAt, withDropped);
    if (c) out.push(c);
  }
  return out;
}

type Topic = "sstc" | "other" | "none";

/**
 * What each sentence of the passage speaks of before it starts: an SSTC anchor makes the subject
 * SSTC until a sentence names another organisation or a non-SSTC whole; a sentence that names
 * nothing keeps the subject it found. A passage starts with its heading's or its predecessor's subject.
 */
function topicStates(ctx: PassageContext, sents: Span[], bySentence: Anchor[][]): Topic[] {
  const out: Topic[] = [];
  let state: Topic = ctx.topic ? "sstc" : "none";
  sents.forEach((s, k) => {
    out.push(state);
    if (bySentence[k].some(isPositive)) state = "sstc";
    else if (
      bySentence[k].some((a) => a.kind === "negative") ||
      otherNames(ctx.norm.text, s.start, Math.min(s.end, s.start + SUBJECT_REACH), []).length
    )
      state = "other";
  });
  // "For the X window, $50 million has been committed. Thus, the total committed to the [SSTC fund] ...":
  // a sentence that names nothing takes the SSTC subject of the next one when that one refers back to it.
  for (let k = 0; k + 1 < sents.length; k++) {
    if (out[k] === "sstc" || bySentence[k].length || !bySentence[k + 1].some(isPositive)) continue;
    const next = ctx.norm.text.slice(sents[k + 1].start, sents[k + 1].start + 12);
    if (BACK_REFERENCE.test(next) && !otherNames(ctx.norm.text, sents[k].start, sents[k].end, []).length)
      out[k] = "sstc";
  }
  return out;
}

const BACK_REFERENCE =
  /^(?:Thus|Therefore|Hence|This|These|It|They|Ainsi|Ce|Cette|Ces|Il|Elle|Asi|Este|Esta|Estos|Estas|Assim|Esse|Essa)\b/;

const isPositive = (a: Anchor) => a.kind !== "negative";
/** How far into a sentence its subject is named ("In 2024, the Ethics Office ..."). */
const SUBJECT_REACH = 80;

/** Anchors of each sentence (both lists sorted by position). */
function anchorsBySentence(anchors: Anchor[], sents: Span[]): Anchor[][] {
  const out: Anchor[][] = sents.map(() => []);
  for (const a of anchors) {
    const k = spanIndexAt(sents, a.start);
    if (k >= 0 && a.end <= sents[k].end) out[k].push(a);
  }
  return out;
}

function fundingQuantity(
  ctx: PassageContext,
  start: number,
  end: number,
  value: number,
  currency: string,
  base: number,
  period: string | null,
  valueMax?: number,
  perYear?: boolean,
): Quantity {
  return {
    start,
    end,
    base,
    cue: "amount",
    make: (common, nearPeriod, s) => ({
      kind: "funding",
      // "16.6 million" is 16600000, not the float product 16600000.000000002.
      value: Math.round(value * 100) / 100,
      ...(valueMax ? { valueMax: Math.round(valueMax * 100) / 100 } : {}),
      currency,
      usd: currency === "USD" ? Math.round(value * 100) / 100 : null,
      basis: s ? basisNear(ctx.norm.lower, start, end, s.start, s.end) : null,
      ...(perYear ? { perYear } : {}),
      ...common,
      period: period ?? nearPeriod,
    }),
  };
}

function staffQuantity(st: StaffMention, base: number): Quantity {
  return {
    start: st.start,
    end: st.end,
    base,
    cue: "count",
    make: (common, nearPeriod) => ({
      kind: "staffing",
      count: st.count,
      grade: st.grade,
      ...common,
      period: st.period ?? nearPeriod,
    }),
  };
}

function toCandidate(
  ctx: PassageContext,
  q: Quantity,
  sents: Span[],
  bySentence: Anchor[][],
  units: Anchor[],
  topicAt: (k: number) => Topic,
  withDropped: boolean,
): Candidate | null {
  const { norm, passage } = ctx;
  const k = spanIndexAt(sents, q.start);
  const sentence = sents[k] ?? passage;
  const own = bySentence[k] ?? [];
  const carried = !q.table && !own.some(isPositive);
  // Only a quantity carried from the sentences before needs the names of its own sentence.
  const others = carried ? otherNames(norm.text, sentence.start, q.start, []) : [];
  let reason: string | null = null;
  // A prose quantity whose sentence names no SSTC anchor belongs to the subject the passage
  // carries to it, and only when its own sentence names no other organisation before it.
  const topic = carried && k >= 0 ? topicAt(k) : "sstc";
  if (topic !== "sstc")
    reason =
      topic === "other"
        ? "no SSTC anchor in its sentence, and the sentences before it moved on to another subject"
        : "no SSTC anchor in its sentence, and none in the sentences before it";
  const before = others[0];
  if (carried && !reason && before)
    reason = `no SSTC anchor in its sentence, which names another subject: ${before.name}`;
  const att = reason
    ? { ok: false, factor: 0, subject: null, subjectId: null, reason }
    : attribute(q.start, q.end, sentence, own, { units, all: ctx.anchors }, norm);
  if (!att.ok && !withDropped) return null;
  const [start, end] = toOriginal(norm, q.start, q.end);
  if (att.subjectSpan) {
    const [s, e] = toOriginal(norm, att.subjectSpan.start, att.subjectSpan.end);
    att.subject = ctx.original.slice(s, e).replace(/\s+/g, " ");
  }
  // Period and basis are read for kept facts only: a dropped quantity is shown by value and reason.
  const period = att.ok ? periodNear(norm.lower, q.start, q.end, sentence.start, sentence.end) : null;
  const fact = q.make(
    {
      subject: att.subject,
      subjectId: att.subjectId,
      period,
      quote: ctx.original.slice(start, end),
      start,
      end,
      page: ctx.page,
      confidence: 0,
      passageIndex: ctx.passageIndex,
    },
    period,
    att.ok ? sentence : null,
  );
  const scope = q.table ? (q.cue === "form" ? "record" : "table") : carried ? "sentence" : "clause";
  const features = confidenceFeatures({ fact, q, att, carried, scope, ctx, others: others.length > 0 });
  fact.confidence = att.ok ? scoreConfidence(features) : 0;
  return {
    kept: att.ok,
    fact,
    reason: att.ok ? null : (att.reason ?? "not SSTC support"),
    scope,
    cue: q.cue,
    features,
  };
}

/** The features the rules saw, as "name:value" tokens for the confidence model. */
function confidenceFeatures(x: {
  fact: Fact;
  q: Quantity;
  att: Attribution;
  carried: boolean;
  scope: string;
  ctx: PassageContext;
  others: boolean;
}): string[] {
  const { fact, q, att, carried, scope, ctx } = x;
  const out = [`kind:${fact.kind}`, `cue:${q.cue}`, `scope:${scope}`, `passage:${ctx.relevance ?? "own"}`];
  const anchor = att.anchor;
  if (anchor) {
    out.push(`anchor:${anchor.kind}`);
    const d = att.distance ?? 0;
    out.push(`dist:${d <= 20 ? "adjacent" : d <= 80 ? "near" : d <= 200 ? "mid" : "far"}`);
    out.push(`dir:${anchor.end <= q.start ? "before" : "after"}`);
  } else out.push(carried ? "anchor:carried" : "anchor:none");
  if (att.negativeNear) out.push("negative:sentence");
  if (x.others) out.push("other-name:sentence");
  out.push(`subject:${fact.subjectId ? "unit" : fact.subject ? "phrase" : "none"}`);
  if (ctx.topic) out.push("heading:sstc");
  if (fact.kind === "staffing" && fact.grade) out.push("grade:known");
  return out;
}
