import { unitById, type Anchor } from "./vocabulary.ts";
import { spansWithin } from "./spans.ts";
import type { Span } from "./segment.ts";

/** Whether a quantity measures SSTC support, and what it belongs to. */
export interface Attribution {
  ok: boolean;
  /** Where the subject is named (normalised offsets), when it is not a vocabulary unit. */
  subjectSpan?: Span;
  /** 1 when an SSTC anchor is in the quantity's own sentence, lower when only the passage is SSTC. */
  factor: number;
  subject: string | null;
  subjectId: string | null;
  /** Why the quantity is not SSTC support (when `ok` is false). */
  reason?: string;
  /** The nearest SSTC anchor of the sentence, and where it stands (when `ok`). */
  anchor?: Anchor | null;
  /** Characters between the quantity and that anchor. */
  distance?: number;
  /** A non-SSTC subject phrase was in the sentence (farther than the SSTC anchor). */
  negativeNear?: boolean;
}

const no = (reason: string): Attribution => ({ ok: false, factor: 0, subject: null, subjectId: null, reason });

const distance = (a: Span, s: number, e: number) => (a.end <= s ? s - a.end : a.start >= e ? a.start - e : 0);
const RELATIVE = /,\s(?:que|qui|which|whose|o qual|a qual|el cual|la cual|lequel|laquelle|dont)\s/g;
const positive = (a: Anchor) => a.kind !== "negative";

/**
 * Decides whether the quantity at [start, end) of a relevant passage is SSTC support.
 * It is not when a non-SSTC subject phrase ("total budget", "regular resources") is nearer to it
 * than any SSTC anchor of its sentence, or when it sits in a relative clause hanging on
 * something other than an SSTC anchor while the SSTC anchor is elsewhere in the sentence.
 * @example attribute(0, 5, {start: 0, end: 40}, [], {all: [], units: []}, {text: "", lower: ""})
 *   // => {ok: true, factor: 0.8, subject: null, subjectId: null}
 */
export function attribute(
  start: number,
  end: number,
  whole: Span,
  anchors: Anchor[],
  passage: PassageAnchors,
  norm: { text: string; lower: string },
): Attribution {
  const { text, lower } = norm;
  // What is more than a few lines away says nothing about this quantity (and run-on "sentences"
  // of flattened tables would make every test quadratic).
  const sentence = { start: Math.max(whole.start, start - WINDOW), end: Math.min(whole.end, end + WINDOW) };
  const inSentence = spansWithin(anchors, sentence.start, sentence.end);
  const pos = inSentence.filter(positive);
  // "The PGTF approved 14 projects, with total funding of $620,000": a bare "total ..." right
  // after an SSTC subject (nothing but words between) is that subject's total.
  const owned = (a: Anchor) => !positive(a) && ownedBySstc(a, pos, lower);
  if (
    inSentence.some(
      (a) =>
        !positive(a) && !owned(a) && namesAmount(a, start, lower) && !pos.some((p) => distance(p, a.start, a.end) <= 8),
    )
  ) {
    return no("it is the value of a non-SSTC whole named just before it");
  }
  // "UNOSSC's total budget", "the total budget of the PGTF": the SSTC name owns the phrase;
  // "3 per cent of the total budget, or $14 million": the whole is only named as a reference.
  // A non-SSTC whole in a contrasting clause (", while the total budget is ...") is not this quantity's subject.
  const marks = marksOf(lower, whole);
  const clause = clauseOf(start, sentence, marks);
  const neg = inSentence.filter(
    (a) =>
      !positive(a) &&
      a.start >= clause.start &&
      a.start < clause.end &&
      !owned(a) &&
      !pos.some((p) => distance(p, a.start, a.end) <= 8) &&
      !SHARE_OF.test(lower.slice(Math.max(0, a.start - 30), a.start)),
  );
  const dPos = Math.min(...pos.map((a) => distance(a, start, end) + (a.kind === "anaphor" ? 15 : 0)));
  const dNeg = Math.min(...neg.map((a) => distance(a, start, end)));
  if (neg.length && dNeg < dPos) return no("a non-SSTC subject is nearer to it than any SSTC anchor of its clause");
  if (pos.length && inForeignClause(start, sentence, pos, lower, marks))
    return no("it sits in a relative clause hanging on another subject");
  if (isWholeOfPart(start, end, sentence, pos, lower)) return no("it is the whole of which an SSTC part is named");
  if (inLaterPredicate(start, end, pos, lower)) return no("the SSTC term is the object of a later predicate");
  if (inOtherClause(start, sentence, pos, text, marks))
    return no("it is in a contrasting clause with a subject of its own");
  const nearest = pos.reduce<Anchor | null>(
    (best, a) => (!best || distance(a, start, end) < distance(best, start, end) ? a : best),
    null,
  );
  const subject = subjectOf(nearest, passage, start, text);
  const factor = !nearest ? 0.8 : nearest.kind === "anaphor" ? 0.9 : 1;
  return {
    ok: true,
    factor,
    ...subject,
    anchor: nearest,
    distance: nearest ? distance(nearest, start, end) : undefined,
    negativeNear: inSentence.some((a) => !positive(a)),
  };
}

const WINDOW = 400;
const GENERIC_TOTAL = /^(?:total|overall|aggregate) (?:funding|contributions|resources|financing|commitments|income)$/;
const BETWEEN_BLOCKS = new RegExp(
  String.raw`\d\s?(?:%|per ?cent|pour ?cent|por ?ciento|por ?cento)|[$€£¥]|\d\s?(?:million|billion|` +
    String.raw`millones|millions|milhoes|milliards?)|\b(?:usd|us\$|dollars?|dolares|euros?)\b|(?:while|` +
    String.raw`whereas|but|compared|alors que|tandis que|mientras|enquanto|out of|of which|dont)\b|[;:]`,
);

/** A generic "total funding" whose owner is the SSTC subject named just before it, with only words between. */
function ownedBySstc(a: Anchor, pos: Anchor[], lower: string): boolean {
  if (!GENERIC_TOTAL.test(lower.slice(a.start, a.end))) return false;
  if (/(?:'s|\bof the|\bde la|\bdel|\bdu)\s*$/.test(lower.slice(Math.max(0, a.start - 12), a.start))) return false;
  let before: Anchor | undefined;
  for (const p of pos) if (p.end <= a.start) before = p;
  if (!before || a.start - before.end > 160) return false;
  return !BETWEEN_BLOCKS.test(lower.slice(before.end, a.start));
}
const VALUE_OF = new RegExp(
  String.raw`^\s*(?:of|de|del|des|du|da|do|amounting to|totalling|totaling|was|were|is|reached|of some|` +
    String.raw`of about|:|,|\()?\s*(?:some|about|approximately|around|environ|unos|cerca de|` +
    String.raw`aproximadamente)?\s*$`,
);

/** "total loans and grants of US$ 1.5 billion": the amount is the value of the non-SSTC whole. */
function namesAmount(a: Anchor, start: number, lower: string): boolean {
  return a.end <= start && start - a.end < 40 && VALUE_OF.test(lower.slice(a.end, start));
}

const SHARE_OF = new RegExp(
  String.raw`(?:per cent|percent|%|share|portion|part|pour cent|por ciento|por cento|parte|proportion|` +
    String.raw`proporcion)\s+(?:of|de|du|des|del|da|do)\s+(?:the|la|le|l'|el|a|o)?\s*$`,
);
const CONTRAST =
  /,\s(?:while|whereas|but|alors que|tandis que|mais|mientras que|en tanto que|pero|enquanto|ao passo que|mas)\s/g;

/** Where a sentence's contrasting clauses and relative clauses start: found once per sentence. */
interface Marks {
  contrast: number[];
  relative: Array<{ at: number; end: number; partitive: boolean }>;
}

let marksText = "";
const marksCache = new Map<number, Marks>();

function marksOf(lower: string, whole: Span): Marks {
  if (lower !== marksText) {
    marksText = lower;
    marksCache.clear();
  }
  const key = whole.start * 1e7 + whole.end;
  let marks = marksCache.get(key);
  if (marks) return marks;
  const slice = lower.slice(whole.start, whole.end);
  marks = { contrast: [], relative: [] };
  for (const m of slice.matchAll(CONTRAST)) marks.contrast.push(whole.start + m.index!);
  for (const m of slice.matchAll(RELATIVE))
    marks.relative.push({
      at: whole.start + m.index!,
      end: whole.start + m.index! + m[0].length,
      partitive: m[0].includes("dont"),
    });
  marksCache.set(key, marks);
  return marks;
}

/** The contrasting clause (cut at ", while", ", whereas", ...) of the sentence that holds `at`. */
function clauseOf(at: number, sentence: Span, marks: Marks): Span {
  let from = sentence.start;
  let to = sentence.end;
  for (const c of marks.contrast) {
    if (c < sentence.start || c >= sentence.end) continue;
    if (c <= at) from = c;
    else {
      to = c;
      break;
    }
  }
  return { start: from, end: to };
}

/** "IFAD's grants totalled $45 million, while the SSTC Facility financed ...": clauses with their own subjects. */
function inOtherClause(start: number, sentence: Span, pos: Anchor[], text: string, marks: Marks): boolean {
  const cuts = [sentence.start];
  for (const c of marks.contrast) if (c >= sentence.start && c < sentence.end) cuts.push(c);
  if (cuts.length === 1) return false;
  cuts.push(sentence.end);
  const k = cuts.findIndex((c, i) => start >= c && start < cuts[i + 1]);
  const inClause = pos.some((a) => a.start >= cuts[k] && a.start < cuts[k + 1]);
  // Only a clause with a subject of its own ("IFAD's grants ...") is about something else.
  const clause = text.slice(cuts[k], cuts[k + 1]).replace(/^,?\s*\S+/, "");
  return !inClause && pos.length > 0 && /\b[A-Z][A-Za-z]+(?:'s)?\b/.test(clause);
}

const OF_WHICH = new RegExp(
  String.raw`^[\s,]*(?:\([^)]*\)\s*,?\s*)?(?:of which|dont|de los cuales|de las cuales|dos quais|das quais|` +
    String.raw`including|y de ellos|(?:[a-z]+|\d+) of whom|(?:[a-z]+|\d+) de (?:ellos|ellas|eles|elas))\b`,
);

/** "$5.2 billion, of which $14 million for South-South cooperation": the whole is not SSTC. */
function isWholeOfPart(start: number, end: number, sentence: Span, pos: Anchor[], lower: string): boolean {
  if (!OF_WHICH.test(lower.slice(end, end + 40))) return false;
  // "the project cost $1.15 million, of which the Bank paid 60 per cent": the part is no SSTC part.
  if (!pos.some((a) => a.start >= end)) return false;
  return !pos.some((a) => a.end <= start && a.start >= sentence.start);
}

/** ", and announced the launch of", "; ", " et a annonce le": a new predicate with its own object. */
const NEW_PREDICATE = new RegExp(
  String.raw`(?:,|\band|\bbut)\s+(?:also\s+)?(?:[a-z]{3,}ed|made|gave|set|took|held|led|built|sent|began|` +
    String.raw`became|won|signed|launched|announced|opened|unveiled)\s+(?:the|a|an|its|their|his|her|new|` +
    String.raw`several|two|three)\s|;\s|\bet (?:a|ont|avait|avaient) [a-z]+e\s+(?:le|la|les|un|une|l')`,
);

/**
 * "UNIDO called for $50 billion ... and announced the launch of a centre ... fostering South-South
 * cooperation": the SSTC term is the object of a later predicate, not what the amount is for.
 */
function inLaterPredicate(start: number, end: number, pos: Anchor[], lower: string): boolean {
  if (!pos.length || pos.some((a) => a.end <= start)) return false;
  const next = pos.find((a) => a.start >= end);
  return Boolean(next && NEW_PREDICATE.test(lower.slice(end, next.start)));
}

function inForeignClause(start: number, sentence: Span, pos: Anchor[], lower: string, marks: Marks): boolean {
  let clause = -1;
  for (const r of marks.relative) {
    if (r.at < sentence.start || r.end > start) continue;
    // ", dont trois administrateurs": a partitive "of which" that starts with the quantity itself.
    if (r.partitive && r.end >= start - 1) continue;
    clause = r.at;
  }
  if (clause < 0) return false;
  if (pos.some((a) => a.start >= clause && a.start < start)) return false;
  // ", dont 6,1 millions pour le Fonds ...": the clause names its own SSTC subject.
  const clauseEnd = lower.slice(start, sentence.end).search(/[,;]\s/);
  if (pos.some((a) => a.start >= start && (clauseEnd < 0 || a.start < start + clauseEnd))) return false;
  if (!pos.some((a) => a.end <= clause)) return false;
  return !pos.some((a) => a.end <= clause && clause - a.end < 25);
}

/** The passage's anchors, and its unit anchors apart (both sorted by position). */
export interface PassageAnchors {
  all: Anchor[];
  units: Anchor[];
}

function subjectOf(
  nearest: Anchor | null,
  passage: PassageAnchors,
  at: number,
  text: string,
): { subject: string | null; subjectId: string | null; subjectSpan?: Span } {
  let anchor = nearest;
  if (anchor?.kind !== "unit") {
    // The last unit named before the quantity, else the first one after it.
    let before: Anchor | undefined;
    for (const u of passage.units) if (u.start < at) before = u;
    anchor = before ?? passage.units[0] ?? anchor;
  }
  if (anchor?.unitId) {
    const unit = unitById(anchor.unitId);
    if (unit) return { subject: unit.name, subjectId: unit.id };
  }
  const term = anchor?.kind === "term" ? anchor : passage.all.find((a) => a.kind === "term");
  if (!term) return { subject: null, subjectId: null };
  const span = namePhrase(text, term);
  return { subject: text.slice(span.start, span.end), subjectId: null, subjectSpan: span };
}

const CONNECTORS = new Set("of for on de la del des du pour para da do das dos and y et e al".split(" "));
const DETERMINERS = new Set(
  "The This That Its Their La El Le Les Los Las Lo O A Os As Un Une Una Um Uma Ce Cette Este Esta".split(" "),
);

/**
 * Widens an SSTC term to the name it is part of: "Section de la cooperation Sud-Sud",
 * "subprogramme 3, South-South cooperation", "South-South Cooperation Unit".
 */
export function namePhrase(text: string, term: Span): Span {
  let start = term.start;
  let end = term.end;
  const left = text
    .slice(Math.max(0, start - 80), start)
    .replace(/^[\s\S]*\n/, "")
    .split(/(?<=\s)/);
  let pending = 0;
  for (let i = left.length - 1, n = 0; i >= 0 && n < 6; i--, n++) {
    const w = left[i].trim();
    if (/^[A-Z][a-z][\w-]*$/.test(w) && !DETERMINERS.has(w)) {
      start -= pending + left[i].length;
      pending = 0;
    } else if (CONNECTORS.has(w.toLowerCase())) pending += left[i].length;
    else break;
  }
  const right = /^(?:[ \t]+(?:[A-Z][a-z][\w-]*|cooperation|co-operation|cooperacion|cooperacao|for development))+/.exec(
    text.slice(end, end + 80),
  );
  if (right) end += right[0].length;
  return { start, end };
}
