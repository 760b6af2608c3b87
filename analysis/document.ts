import { extractCandidates, extractFacts, type PassageContext } from "./facts.ts";
import { detectLanguage } from "./language.ts";
import { normalize, toOriginal, type NormText } from "./normalize.ts";
import { scoreRelevance } from "./relevance.ts";
import { paragraphs, stripPageFurniture } from "./segment.ts";
import type { Candidate, Fact, Passage, UnitMention } from "./types.ts";
import { anaphorHead, headGroup, nameGroups, subjectName, type Name } from "./scope.ts";
import { scanAnchors, unitById, type Anchor } from "./vocabulary.ts";

export interface DocumentAnalysis {
  lang: string;
  passages: Passage[];
  facts: Fact[];
  units: UnitMention[];
  /** With `explain`: every quantity found, kept or dropped, with why. */
  candidates?: Candidate[];
}

/**
 * Analyses a document given as text per page: passages with SSTC relevance, funding and staffing
 * facts of the relevant ones, and the SSTC units and funds named. Offsets are into each original page.
 * @example analyzeDocument({pages: ["The IBSA Fund received US$ 2 million in 2023."]}).facts[0].value // => 2000000
 */
export function analyzeDocument(input: { pages: string[]; lang?: string; explain?: boolean }): DocumentAnalysis {
  const lang = input.lang ?? detectLanguage(sample(input.pages, 20000));
  const cleaned = stripPageFurniture(input.pages);
  const result: DocumentAnalysis = {
    lang,
    passages: [],
    facts: [],
    units: [],
    ...(input.explain ? { candidates: [] } : {}),
  };
  const context: Context = { section: false, previous: false, record: false, subjects: [] };
  for (const [k, pageText] of cleaned.entries()) analyzePage(input.pages[k], pageText, k + 1, lang, result, context);
  return result;
}

/** The reason given for quantities of passages that are not about SSTC (with `explain`). */
export const NOT_RELEVANT =
  "its passage is not about SSTC support (no SSTC term, unit or heading, nothing referring back)";

/** The first `maxChars` characters of the pages, for language detection. */
function sample(pages: string[], maxChars: number): string {
  let out = "";
  for (const p of pages) {
    if (out.length >= maxChars) break;
    out += `${p.slice(0, maxChars - out.length)}\n`;
  }
  return out;
}

/** What the passages before say about the next one; carried across pages. */
interface Context {
  /** The last heading named SSTC (a new heading resets it). */
  section: boolean;
  /** The previous passage was relevant. */
  previous: boolean;
  /** The previous passage was a relevant form field ("Post Title: ...") or title: a record goes on. */
  record: boolean;
  /** Organisations named as sentence subjects at the end of the previous page (for anaphors). */
  subjects: Subject[];
}

/** An organisation named as a sentence's subject, the anaphor groups that may refer to it, and whether it is SSTC. */
type Subject = Name & { sstc: boolean; groups: number[] };

const PRONOUN = new RegExp(
  String.raw`^(?:It|Its|They|Their|This|These|Such|Il|Elle|Ils|Elles|Ce|Cette|Ces|Este|Esta|Estos|Estas|` +
    String.raw`Ele|Ela|Eles|Esse|Essa)\b|^[^.]{0,25}\b(?:it|its|they|their|il|elle|ils|elles)\s`,
);

/**
 * A passage without SSTC words of its own is still SSTC when it is a table, or refers back
 * ("the Fund", "It approved"), right after an SSTC passage or inside a section under an SSTC heading.
 */
function inherits(context: Context, text: string, own: Anchor[]): boolean {
  if (!context.section && !context.previous) return false;
  // A heading that names SSTC scopes what stands under it, up to the next heading.
  if (context.section && !own.some((a) => a.kind === "negative")) return true;
  // "Post Level : D-2" under a vacancy notice's title or SSTC field: the fields of one record.
  if (context.record && isForm(text)) return true;
  // A table with its own caption ("Table 9.4 ...") speaks of what the caption says.
  if (isTableLike(text)) return context.section || !CAPTION.test(text);
  return own.some((a) => a.kind === "anaphor") || PRONOUN.test(text);
}

const FUND_ANAPHOR =
  /(?:fund|facility|fonds|fondo|fundo|mecanisme|mecanismo|fonds fiduciaire|fondo fiduciario|fundo fiduciario)$/i;
const CURRENCY_CODES = new Set(["USD", "EUR", "CHF", "GBP", "JPY", "CNY", "RMB", "BRL", "INR", "MXN", "ZAR", "US"]);

/**
 * An excerpt that opens a document and speaks of "the Facility" or "le fonds fiduciaire" with
 * nothing else named (no other fund, no organization acronym, no non-SSTC subject) has no context
 * to say otherwise: the fund it refers to is the SSTC one the excerpt was taken about.
 */
function namesOnlyAFund(text: string, own: Anchor[], pageText: string): boolean {
  if (own.some((a) => a.kind === "negative")) return false;
  if (!own.some((a) => a.kind === "anaphor" && FUND_ANAPHOR.test(pageText.slice(a.start, a.end)))) return false;
  if (/\b(?!The\b|This\b|That\b|Its\b|A\b|New\b)[A-Z][\w-]*\s+(?:Trust\s+)?(?:Fund|Facility)\b/.test(text))
    return false;
  for (const m of text.matchAll(/\b[A-Z]{3,}\b/g)) if (!CURRENCY_CODES.has(m[0])) return false;
  return true;
}

/** A footnote ("d/ Includes ...", "12/ ..."): its own scope, never the one of the footnote before. */
const FOOTNOTE_START = /^(?:[a-z]|\d{1,2})\/\s/;

const CAPTION = /^(?:table|tableau|cuadro|quadro|tabela|figure|figura|annex|annexe|anexo)\s+[\dA-Z]/i;

function analyzePage(
  original: string,
  cleaned: string,
  page: number,
  lang: string,
  out: DocumentAnalysis,
  context: Context,
): void {
  const norm = normalize(cleaned);
  const anchors = resolveAnaphors(norm, usableAnchors(norm, scanAnchors(norm, lang)), context);
  let k = 0;
  for (const p of paragraphs(norm.text)) {
    while (k < anchors.length && anchors[k].start < p.start) k++;
    const own: Anchor[] = [];
    for (let j = k; j < anchors.length && anchors[j].start < p.end; j++)
      if (anchors[j].end <= p.end) own.push(anchors[j]);
    const { score, relevant: ownRelevant } = scoreRelevance(own);
    const text = norm.text.slice(p.start, p.end);
    const passageIndex = out.passages.length;
    const inherited =
      !FOOTNOTE_START.test(text) &&
      (inherits(context, text, own) || (passageIndex === 0 && namesOnlyAFund(text, own, norm.text)));
    const relevant = ownRelevant || inherited;
    // The SSTC subject its first sentences speak of when they name none: an SSTC heading above, or the passage before.
    const topic = (context.section && !FOOTNOTE_START.test(text)) || inherited;
    const [start, end] = toOriginal(norm, p.start, p.end);
    out.passages.push({ page, start, end, text: original.slice(start, end), relevant, score });
    if (isHeading(text)) context.section = ownRelevant;
    context.previous = relevant;
    context.record = relevant && (isForm(text) || isHeading(text));
    for (const a of own)
      if (a.kind === "unit" && a.unitId) out.units.push(unitMention(a, norm, original, page, passageIndex));
    const ctx: PassageContext = { norm, original, passage: p, anchors: own, lang, page, passageIndex, topic };
    ctx.relevance = ownRelevant ? "own" : "inherited";
    if (out.candidates) {
      const found = extractCandidates(ctx);
      if (!relevant)
        for (const c of found) {
          c.features = c.features.map((f) => (f.startsWith("passage:") ? "passage:none" : f));
          Object.assign(c, { kept: false, reason: NOT_RELEVANT });
        }
      out.candidates.push(...found);
      out.facts.push(...found.filter((c) => c.kept).map((c) => c.fact));
    } else if (relevant) out.facts.push(...extractFacts(ctx));
  }
}

/**
 * Head nouns an anaphor can take ("the Fund", "the office", "le programme"): only names with one can be referred to.
 */
const HEAD_WORD = new RegExp(
  String.raw`\b(?:Fund|Fondo|Fonds|Fundo|Facility|Mecanisme|Mecanismo|Facilite|Office|Bureau|Escritorio|` +
    String.raw`Programme|Program|Programa|Unit|Groupe|Unidade|Section|Servicio|Dependencia|Centre|Center|` +
    String.raw`Centro)\b`,
  "g",
);

/**
 * Where the sentence holding `at` starts (page start, after a full stop, a line break), looking back at most 160
 * characters.
 */
function sentenceStartBefore(text: string, at: number): number {
  const from = Math.max(0, at - 160);
  for (let i = at - 1; i >= from; i--) {
    const c = text[i];
    if (c === "\n" || ((c === " " || c === "\t") && /[.!?;]["')]?$/.test(text.slice(Math.max(0, i - 2), i)))) {
      let j = i + 1;
      while (j < at && (text[j] === " " || text[j] === "\t")) j++;
      return j;
    }
  }
  return from === 0 ? 0 : at;
}

/**
 * "The Ethics Office supports ... UNOSSC ... In 2024, the office had": an anaphor refers to the
 * last organisation named as a sentence's subject with the same head noun. When that subject is
 * not SSTC, the anaphor speaks of something else: it becomes a non-SSTC subject. An anaphor with
 * no such subject before it keeps pointing at the passage's SSTC subject.
 */
function resolveAnaphors(norm: NormText, anchors: Anchor[], context: Context): Anchor[] {
  if (!anchors.some((a) => a.kind === "anaphor")) {
    context.subjects = [];
    return anchors;
  }
  const subjects: Subject[] = [];
  // Only sentences with an organisational head noun near their start can open with a name.
  const heads: number[] = [];
  HEAD_WORD.lastIndex = 0;
  for (let m = HEAD_WORD.exec(norm.text); m; m = HEAD_WORD.exec(norm.text)) heads.push(m.index);
  // Each head noun's sentence start, once: where a subject name may open.
  let lastStart = -1;
  for (const h of heads) {
    const at = sentenceStartBefore(norm.text, h);
    if (at === lastStart) continue;
    lastStart = at;
    const name = subjectName(norm.text, at);
    if (name && name.start <= h && h < name.end) subjects.push({ ...name, sstc: false, groups: nameGroups(name.name) });
  }
  // A subject is SSTC when an SSTC term or unit lies inside its name (both lists sorted).
  let j = 0;
  for (const s of subjects) {
    while (j < anchors.length && anchors[j].end <= s.start) j++;
    for (let i = j; i < anchors.length && anchors[i].start < s.end; i++)
      if (anchors[i].kind === "unit" || anchors[i].kind === "term") s.sstc = true;
  }
  // Walk the anaphors in order, keeping the last subject of each head group seen before them.
  const last = new Map<number, Subject>();
  for (const s of context.subjects) for (const g of s.groups) last.set(g, s);
  let k = 0;
  const out = anchors.map((a) => {
    if (a.kind !== "anaphor") return a;
    while (k < subjects.length && subjects[k].end <= a.start) {
      for (const g of subjects[k].groups) last.set(g, subjects[k]);
      k++;
    }
    const group = headGroup(anaphorHead(norm.lower.slice(a.start, a.end)));
    const subject = group >= 0 ? last.get(group) : undefined;
    return subject && !subject.sstc ? { ...a, kind: "negative" as const, foreign: true } : a;
  });
  // What the next page's anaphors may refer to: this page's last subjects.
  context.subjects = subjects.slice(-5);
  return out;
}

/** "the programme budget", "the fund balance": the noun is a modifier, not a reference. */
const COMPOUND_AFTER = new RegExp(
  String.raw`^ (?:budget|budgets|balance|resources|expenditures?|staff|personnel|level|cycle|period|` +
    String.raw`document|framework|management|manager|officer|support|countries|country|activities|portfolio|` +
    String.raw`segment|line|window|funding|allocation|results|outcomes?|areas?)\b`,
);

/** Drops anaphors that are really the start of another name ("the Programme Especial ..."). */
function usableAnchors(norm: NormText, anchors: Anchor[]): Anchor[] {
  return anchors.filter(
    (a) =>
      a.kind !== "anaphor" ||
      (!COMPOUND_AFTER.test(norm.text.slice(a.end, a.end + 16)) &&
        (!/^ [A-Z]/.test(norm.text.slice(a.end, a.end + 2)) ||
          /^ (?:[A-Z]{2,}|for South|de Coop)/.test(norm.text.slice(a.end, a.end + 10)))),
  );
}

function isHeading(text: string): boolean {
  if (text.length >= 120 || /[.;:]\s*$/.test(text) || text.includes("\n") || text.split(" ").length > 15) return false;
  return (text.match(/[A-Za-z]{3,}/g)?.length ?? 0) >= 2 && /^(?:[\dIVXA-H]+(?:\.\d+)*\.?\s+)?[A-Z]/.test(text);
}

const FORM_LINE = /^[ \t]*[A-Z][A-Za-z/ '-]{1,40}?[ \t]*:[ \t]*\S.{0,100}$/;

/** Every line is a "Label: value" field of a form (a vacancy notice, a project sheet). */
function isForm(text: string): boolean {
  return text.split("\n").every((l) => FORM_LINE.test(l));
}

function isTableLike(text: string): boolean {
  const lines = text.split("\n");
  const numeric = lines.filter((l) => /\d[\d.,]*\s*$/.test(l.trim()) && !/[.;]$/.test(l.trim()));
  return lines.length >= 2 && numeric.length >= lines.length / 2;
}

function unitMention(a: Anchor, norm: NormText, original: string, page: number, passageIndex: number): UnitMention {
  const unit = unitById(a.unitId!)!;
  const [start, end] = toOriginal(norm, a.start, a.end);
  return {
    kind: "unit",
    id: unit.id,
    name: unit.name,
    org: unit.org,
    quote: original.slice(start, end),
    start,
    end,
    page,
    passageIndex,
  };
}

/**
 * Analyses one text (a passage or a whole document as one page).
 * @example analyzeText("The PGTF allocated $148,910 to four projects.").facts[0].value // => 148910
 */
export function analyzeText(
  text: string,
  opts: { lang?: string; explain?: boolean } = {},
): { relevant: boolean; score: number; lang: string; facts: Fact[]; candidates?: Candidate[] } {
  const doc = analyzeDocument({ pages: [text], lang: opts.lang, explain: opts.explain });
  const score = doc.passages.reduce((m, p) => Math.max(m, p.score), 0);
  const relevant = doc.passages.some((p) => p.relevant);
  return {
    relevant,
    score,
    lang: doc.lang,
    facts: doc.facts,
    ...(doc.candidates ? { candidates: doc.candidates } : {}),
  };
}
