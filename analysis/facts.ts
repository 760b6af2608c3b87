import { attribute } from "./attribution.ts";
import { basisNear, periodNear } from "./cues.ts";
import { findMoney } from "./money.ts";
import { toOriginal, type NormText } from "./normalize.ts";
import { sentences, type Span } from "./segment.ts";
import { findStaffing, type StaffMention } from "./staffing.ts";
import { createClaims, spanIndexAt } from "./spans.ts";
import { findMoneyTable, findPostTable } from "./tables.ts";
import type { Fact } from "./types.ts";
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
}

/** Facts below this confidence are dropped. */
export const MIN_CONFIDENCE = 0.5;

interface Quantity {
  start: number;
  end: number;
  base: number;
  make: (
    q: Omit<Fact, "kind" | "value" | "count" | "currency" | "usd" | "basis" | "grade">,
    period: string | null,
    basisSpan: Span,
  ) => Fact;
}

/**
 * Funding and staffing facts of a relevant passage, with quotes and offsets in the original page.
 * @example extractFacts(ctx) // => [{kind: "funding", value: 3500000, currency: "USD", ...}]
 */
export function extractFacts(ctx: PassageContext): Fact[] {
  const { norm, passage, lang } = ctx;
  const quantities: Quantity[] = [];
  const claims = createClaims(passage.start, passage.end);
  const push = (q: Quantity) => {
    if (claims.overlaps(q.start, q.end)) return;
    claims.claim(q.start, q.end);
    quantities.push(q);
  };
  for (const cell of findMoneyTable(norm.lower, passage.start, passage.end, lang)) {
    push(fundingQuantity(ctx, cell.start, cell.end, cell.value, cell.currency, 0.8, cell.period));
  }
  for (const m of findMoney(norm.lower.slice(passage.start, passage.end), lang)) {
    push(
      fundingQuantity(
        ctx,
        passage.start + m.start,
        passage.start + m.end,
        m.value,
        m.currency,
        0.92,
        null,
        m.valueMax,
        m.perYear,
      ),
    );
  }
  // Post-table rows share their span (one fact per year column): claim once, keep all.
  const rows = findPostTable(norm.lower, norm.text, passage.start, passage.end);
  for (const r of rows) quantities.push(staffQuantity(r, 0.8));
  for (const r of rows) claims.claim(r.start, r.end);
  const sents = sentences(norm.text, passage);
  for (const s of sents) {
    for (const st of findStaffing(norm.lower, norm.text, s.start, s.end)) push(staffQuantity(st, st.grade ? 0.9 : 0.8));
  }
  const bySentence = anchorsBySentence(ctx.anchors, sents);
  const units = ctx.anchors.filter((a) => a.kind === "unit");
  return quantities
    .map((q) => toFact(ctx, q, sents, bySentence, units))
    .filter((f): f is Fact => f !== null && f.confidence >= MIN_CONFIDENCE);
}

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
    make: (common, nearPeriod, s) => ({
      kind: "funding",
      value,
      ...(valueMax ? { valueMax } : {}),
      currency,
      usd: currency === "USD" ? value : null,
      basis: basisNear(ctx.norm.lower, start, end, s.start, s.end),
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
    make: (common, nearPeriod) => ({
      kind: "staffing",
      count: st.count,
      grade: st.grade,
      ...common,
      period: st.period ?? nearPeriod,
    }),
  };
}

function toFact(ctx: PassageContext, q: Quantity, sents: Span[], bySentence: Anchor[][], units: Anchor[]): Fact | null {
  const { norm, passage } = ctx;
  const k = spanIndexAt(sents, q.start);
  const sentence = sents[k] ?? passage;
  const att = attribute(q.start, q.end, sentence, bySentence[k] ?? [], { units, all: ctx.anchors }, norm);
  if (!att.ok) return null;
  const [start, end] = toOriginal(norm, q.start, q.end);
  if (att.subjectSpan) {
    const [s, e] = toOriginal(norm, att.subjectSpan.start, att.subjectSpan.end);
    att.subject = ctx.original.slice(s, e).replace(/\s+/g, " ");
  }
  const period = periodNear(norm.lower, q.start, q.end, sentence.start, sentence.end);
  return q.make(
    {
      subject: att.subject,
      subjectId: att.subjectId,
      period,
      quote: ctx.original.slice(start, end),
      start,
      end,
      page: ctx.page,
      confidence: Math.round(q.base * att.factor * 100) / 100,
      passageIndex: ctx.passageIndex,
    },
    period,
    sentence,
  );
}
