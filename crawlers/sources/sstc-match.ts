import { matchSubject } from "../../analysis/index.ts";
import vocabularyFile from "../../analysis/vocabulary.json" with { type: "json" };

/**
 * A small SSTC matcher for record fields (titles, descriptions, tags, organisation names), so a
 * source can decide which records to keep and say why. It reads the analyzer's vocabulary
 * (analysis/vocabulary.json, imported: if it moves or breaks, loading fails, never a quieter
 * matcher), with the same matching rules. Fund and unit names go through the analyzer's own
 * `matchSubject`, so a record names a fund exactly as facts do.
 */

interface Term {
  label: string;
  weight: number;
  test: (folded: string, lower: string) => boolean;
}

/** Accents off, so "cooperación" matches "cooperacion" (the vocabulary is written folded). */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A plain term: spaces and hyphens match any run of spaces, hyphens, dashes or slashes (or none). */
function compileTerm(term: string, weight = 1): Term {
  if (term.startsWith("re:")) {
    const re = new RegExp(term.slice(3), "u");
    return { label: term, weight, test: (_folded, lower) => re.test(lower) };
  }
  const caseSensitive = /[A-Z]/.test(term) && term === term.toUpperCase();
  const source = fold(term)
    .split(/[\s-]+/)
    .map(escapeRegExp)
    .join("[\\s\\-/\\u2010-\\u2015]*");
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${source}(?![\\p{L}\\p{N}])`, caseSensitive ? "u" : "iu");
  return { label: term, weight, test: (folded) => re.test(folded) };
}

interface Vocabulary {
  terms: Term[];
  funds: Term[];
}

type RawTerm = string | { term: string; weight?: number };
type RawAlias = string | { text: string; requires?: string[] };

function loadVocabulary(): Vocabulary {
  const file = vocabularyFile as unknown as {
    terms: Record<string, RawTerm[]>;
    units: Array<{ name: string; aliases?: RawAlias[] }>;
  };
  const terms = Object.values(file.terms)
    .flat()
    .map((t) => (typeof t === "string" ? compileTerm(t) : compileTerm(t.term, t.weight ?? 1)));
  // Aliases that need company ("RL", "GDF") are too ambiguous for a bare organisation name.
  const fundNames = file.units.flatMap((u) => [
    u.name,
    ...(u.aliases ?? []).filter((a): a is string => typeof a === "string"),
  ]);
  return { terms, funds: fundNames.map((t) => compileTerm(t)) };
}

let vocabulary: Vocabulary | undefined;
function getVocabulary(): Vocabulary {
  vocabulary ??= loadVocabulary();
  return vocabulary;
}

function firstMatch(terms: Term[], text: string, minWeight: number): string | null {
  const folded = fold(text);
  const lower = folded.toLowerCase();
  let total = 0;
  let label: string | null = null;
  for (const term of terms) {
    if (!term.test(folded, lower)) continue;
    total += term.weight;
    label ??= term.label;
    if (total >= minWeight) return label;
  }
  return null;
}

/**
 * The SSTC term that makes a text relevant, or null.
 * @example matchSstc("Apoyo a la cooperación Sur-Sur") // "sur-sur"
 */
export function matchSstc(text: string | null | undefined): string | null {
  if (!text) return null;
  return firstMatch(getVocabulary().terms, text, 1);
}

/**
 * The known SSTC fund or unit an organisation name refers to (its canonical name), or null.
 * @example matchSstcFund("Perez Guerrero Trust Fund") // "Perez-Guerrero Trust Fund for South-South Cooperation"
 */
export function matchSstcFund(name: string | null | undefined): string | null {
  if (!name) return null;
  return matchSubject(name)?.name ?? firstMatch(getVocabulary().funds, name, 1);
}

/** The reason a text field makes a record SSTC, e.g. `title matches "south-south"`. */
export function textReason(field: string, text: string | null | undefined): string | null {
  const term = matchSstc(text);
  return term ? `${field} matches "${term.startsWith("re:") ? "pattern" : term}"` : null;
}
