import raw from "./vocabulary.json" with { type: "json" };
import { normalize, type NormText } from "./normalize.ts";

/** A place in normalised text that says something about SSTC (or clearly about something else). */
export interface Anchor {
  start: number;
  end: number;
  kind: "term" | "unit" | "anaphor" | "negative";
  weight: number;
  unitId?: string;
  /** An anaphor found to refer to a non-SSTC organisation ("the office" after "The Ethics Office ..."). */
  foreign?: boolean;
}

export interface Unit {
  id: string;
  name: string;
  org: string | null;
}

interface Entry {
  source: string;
  /** Plain terms: the body without the leading word boundary. */
  body?: string;
  caseSensitive: boolean;
  kind: Anchor["kind"];
  weight: number;
  unitId?: string;
  requires?: string[];
}

type TermSpec = string | { term: string; weight?: number };
type AliasSpec = string | { text: string; requires?: string[] };
interface UnitSpec {
  id: string;
  name: string;
  org: string | null;
  aliases: AliasSpec[];
}
interface VocabularyFile {
  terms: Record<string, TermSpec[]>;
  units: UnitSpec[];
  anaphora: { terms: string[] };
  negativeSubjects: { terms: string[] };
}

const vocab = raw as unknown as VocabularyFile;
const nonCapturing = (re: string) => re.replace(/(?<!\\)\((?!\?)/g, "(?:");

/** Turns a vocabulary term into a regex source (see the $comment in vocabulary.json). */
function termSource(term: string): { source: string; body?: string; caseSensitive: boolean } {
  // Every vocabulary expression starts a word: the shared lookbehind in compile() says so.
  if (term.startsWith("re:")) return { source: nonCapturing(term.slice(3).replace(/^\\b/, "")), caseSensitive: false };
  const folded = normalize(term).text.trim();
  const caseSensitive = !/[a-z]/.test(folded) && folded.length <= 8;
  const base = folded.toLowerCase();
  const body = base
    .split(/[\s\-/]+/)
    .map(escape)
    .join("[\\s\\-/]*");
  return { source: `(?<![a-z0-9])${body}(?![a-z0-9])`, body: `${body}(?![a-z0-9])`, caseSensitive };
}

function buildEntries(lang: string): Entry[] {
  const entries: Entry[] = [];
  for (const unit of vocab.units) {
    const aliases: AliasSpec[] = [unit.name, ...unit.aliases];
    for (const a of aliases) {
      const text = typeof a === "string" ? a : a.text;
      const requires = typeof a === "string" ? undefined : a.requires;
      entries.push({ ...termSource(text), kind: "unit", weight: 1, unitId: unit.id, requires });
    }
  }
  // Longest aliases first so "Office for South-South Cooperation" wins over "South-South".
  entries.sort((a, b) => b.source.length - a.source.length);
  const groups = ["any", "en", ...(lang !== "en" ? [lang] : [])];
  for (const g of groups) {
    for (const t of vocab.terms[g] ?? []) {
      const spec = typeof t === "string" ? { term: t } : t;
      entries.push({ ...termSource(spec.term), kind: "term", weight: spec.weight ?? 1 });
    }
  }
  // One alternation takes the first branch that matches at a place: a non-SSTC phrase
  // ("its programme of loans and grants") must come before the anaphor it starts with ("its programme").
  for (const t of vocab.negativeSubjects.terms) entries.push({ ...termSource(t), kind: "negative", weight: 0 });
  for (const t of vocab.anaphora.terms) entries.push({ ...termSource(t), kind: "anaphor", weight: 0 });
  return entries;
}

interface Compiled {
  entries: Entry[][];
  regexes: RegExp[];
  /** Entry index range [from, to) of the plain terms starting with a character; the others from `other` on. */
  byFirst: Map<string, [number, number]>;
  other: number;
}

const compiledByLang = new Map<string, Compiled[]>();

/**
 * One regex, one pass over the text (every pass costs about the same whatever its size);
 * capital-only terms are matched in lower case and checked against the original case in scan().
 */
function compile(entries: Entry[]): Compiled {
  const plain = entries.filter((e) => e.body);
  const other = entries.filter((e) => !e.body);
  // Plain terms grouped by their first character, written once ("s(?:(outh-south)|(sc)|...)"):
  // the engine tests one character per group instead of every term at every word start.
  // Within a group the terms keep their order, so the first one that matches still wins.
  const groups = new Map<string, Entry[]>();
  for (const e of plain) {
    const first = e.body!.startsWith("\\") ? e.body!.slice(0, 2) : e.body![0];
    const g = groups.get(first);
    if (g) g.push(e);
    else groups.set(first, [e]);
  }
  const ordered: Entry[] = [];
  const branches: string[] = [];
  const byFirst = new Map<string, [number, number]>();
  for (const [first, members] of groups) {
    byFirst.set(first.slice(-1), [ordered.length, ordered.length + members.length]);
    ordered.push(...members);
    branches.push(`${first}(?:${members.map((e) => `(${e.body!.slice(first.length)})`).join("|")})`);
  }
  const otherFrom = ordered.length;
  for (const e of other) {
    ordered.push(e);
    branches.push(`(${e.source})`);
  }
  // A leading \b lets V8 skip to word starts quickly (much faster than a lookbehind).
  return { entries: [ordered], regexes: [new RegExp(`\\b(?:${branches.join("|")})`, "g")], byFirst, other: otherFrom };
}

function compiledFor(lang: string) {
  let c = compiledByLang.get(lang);
  if (!c) {
    const all = buildEntries(lang);
    // Conditional entries (context words required, capitals required) get their own pass:
    // a rejected match must not hide another term at the same place.
    const conditional = (e: Entry) => Boolean(e.requires) || e.caseSensitive;
    c = [compile(all.filter((e) => !conditional(e))), compile(all.filter(conditional))];
    compiledByLang.set(lang, c);
  }
  return c;
}

/** Which entry matched: only the plain terms that start like the match, then the others, are looked at. */
function matchedEntry(compiled: Compiled, m: RegExpExecArray): number {
  const range = compiled.byFirst.get(m[0][0]);
  if (range) for (let i = range[0]; i < range[1]; i++) if (m[i + 1] !== undefined) return i;
  for (let i = compiled.other; i < compiled.entries[0].length; i++) if (m[i + 1] !== undefined) return i;
  return m.findIndex((g, i) => i > 0 && g !== undefined) - 1;
}

function scan(compiled: Compiled, text: string, lowerPage: string, out: Anchor[]): void {
  // text: the case-preserved twin of lowerPage, for capital-only terms.
  compiled.regexes.forEach((re, k) => {
    const entries = compiled.entries[k];
    re.lastIndex = 0;
    for (let m = re.exec(lowerPage); m; m = re.exec(lowerPage)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const idx = matchedEntry(compiled, m);
      const e = entries[idx];
      // A weak term, an anaphor or a non-SSTC phrase may hide a stronger term that starts inside it
      // ("Global South-South"): go on from the next word, not past the match.
      if (e.weight < 1) re.lastIndex = m.index + 1;
      if (e.requires && !e.requires.some((r) => lowerPage.includes(r))) continue;
      if (e.caseSensitive && /[a-z]/.test(text.slice(m.index, m.index + m[0].length))) continue;
      // "DP/CF/SSC/7" is a document symbol, not a mention of SSC.
      if (e.caseSensitive && (lowerPage[m.index - 1] === "/" || lowerPage[m.index + m[0].length] === "/")) continue;
      out.push({ start: m.index, end: m.index + m[0].length, kind: e.kind, weight: e.weight, unitId: e.unitId });
    }
  });
}

/**
 * Finds every SSTC term, unit alias, anaphor and non-SSTC subject phrase in normalised text,
 * sorted by position; overlapping weaker anchors are dropped.
 * @example scanAnchors(normalize("the IBSA Fund"), "en")[0].unitId === "ibsa"
 */
export function scanAnchors(norm: NormText, lang: string): Anchor[] {
  const c = compiledFor(lang);
  const out: Anchor[] = [];
  for (const compiled of c) scan(compiled, norm.text, norm.lower, out);
  // Overlaps: a unit or term beats an anaphor or non-SSTC phrase; then the longer match wins.
  const rank = { unit: 0, term: 1, negative: 2, anaphor: 3 };
  const better = (a: Anchor, b: Anchor) =>
    rank[a.kind] < rank[b.kind] ||
    (rank[a.kind] === rank[b.kind] &&
      (a.weight > b.weight || (a.weight === b.weight && a.end - a.start > b.end - b.start)));
  out.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || rank[a.kind] - rank[b.kind]);
  const kept: Anchor[] = [];
  for (const a of out) {
    const last = kept[kept.length - 1];
    if (last && a.start < last.end) {
      if (better(a, last)) kept[kept.length - 1] = a;
      continue;
    }
    kept.push(a);
  }
  return kept;
}

const unitsById = new Map<string, Unit>(vocab.units.map((u) => [u.id, { id: u.id, name: u.name, org: u.org }]));

/**
 * The vocabulary's unit or fund by id.
 * @example unitById("pgtf")?.org === "unossc"
 */
export function unitById(id: string): Unit | undefined {
  return unitsById.get(id);
}

/**
 * Canonical SSTC unit or fund for a name or alias (accent-, case- and hyphen-insensitive).
 * @example matchSubject("Perez Guerrero Trust Fund")
 *   // => {id: "pgtf", name: "Perez-Guerrero Trust Fund for South-South Cooperation"}
 */
export function matchSubject(name: string): { id: string; name: string } | null {
  const norm = normalize(name);
  const anchors = scanAnchors(norm, "en").filter((a) => a.kind === "unit" && a.unitId);
  if (!anchors.length) return null;
  const best = anchors.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
  const unit = unitsById.get(best.unitId!);
  return unit ? { id: unit.id, name: unit.name } : null;
}
