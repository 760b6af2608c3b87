/**
 * UN document symbols: finding them in text, splitting off the edition (Rev.1, Corr.1, Add.1 are
 * editions of one document), and expanding the patterns the un-ods source is configured with.
 * Pure functions.
 */

/** Series whose symbols matter for SSTC (General Assembly, ECOSOC, Executive Boards, HLC, JIU...). */
const PREFIXES = ["A", "E", "S", "DP", "SSC", "TD", "JIU", "UNEP", "UNW", "WFP", "ICEF"];
const SEGMENT = "[A-Z0-9]+(?:\\.[A-Z0-9]+)*";
const EDITION = "(?:Rev|Corr|Add|Amend)\\.\\d+";
const SYMBOL_RE = new RegExp(
  `(?<![A-Za-z0-9/])(?:${PREFIXES.join("|")})(?:/${SEGMENT})+(?:/${EDITION})*(?: \\(Sect\\. ` +
    `?\\d+[A-Z]?\\))?(?![A-Za-z0-9])`,
  "g",
);

export interface SymbolParts {
  /** The symbol without its edition: the document's identity. */
  symbol: string;
  /** "Rev.1", "Corr.1/Add.1"... or null for the original. */
  edition: string | null;
}

/**
 * Splits the edition off a symbol.
 * @example splitEdition("DP/CF/SSC/7/Corr.1") // { symbol: "DP/CF/SSC/7", edition: "Corr.1" }
 */
export function splitEdition(full: string): SymbolParts {
  const clean = full.trim().replace(/\s+/g, " ");
  const match = new RegExp(`^(.*?)((?:/${EDITION})+)$`).exec(clean);
  if (!match) return { symbol: clean, edition: null };
  return { symbol: match[1], edition: match[2].slice(1) };
}

/**
 * The UN symbols named in a text (a listing page, a report), in order, without repeats. A symbol
 * needs a number somewhere, so "A/RES" or "E/ICEF" alone are not taken.
 * @example findSymbols("see DP/CF/SSC/7 and A/78/290/Add.1") // ["DP/CF/SSC/7", "A/78/290/Add.1"]
 */
export function findSymbols(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(SYMBOL_RE)) {
    if (/\d/.test(match[0])) found.add(match[0]);
  }
  return [...found];
}

/**
 * Expands `{a..b}` ranges in a pattern, capped at `max` symbols.
 * @example expandPattern("DP/CF/SSC/{5..7}") // ["DP/CF/SSC/5", "DP/CF/SSC/6", "DP/CF/SSC/7"]
 */
export function expandPattern(pattern: string, max = 200): string[] {
  const range = /\{(\d+)\.\.(\d+)\}/.exec(pattern);
  if (!range) return [pattern];
  const [from, to] = [Number(range[1]), Number(range[2])];
  const out: string[] = [];
  for (let n = from; n <= to && out.length < max; n++) {
    const head = pattern.slice(0, range.index) + n;
    const tail = pattern.slice(range.index + range[0].length);
    for (const s of expandPattern(head + tail, max - out.length)) out.push(s);
  }
  return out;
}

/** The ODS address of a symbol's English PDF. */
export function odsUrl(base: string, symbol: string): string {
  return `${base}/api/symbol/access?s=${encodeURIComponent(symbol)}&l=E&t=pdf`;
}
