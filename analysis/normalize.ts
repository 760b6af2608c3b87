/**
 * Matching text: accents folded, quotes and dashes unified, whitespace collapsed,
 * line-end hyphenation joined, with a map from each normalised character back to the
 * original text so that every match can be quoted with its original offsets.
 */
export interface NormText {
  /** Normalised text, case preserved. */
  text: string;
  /** Same as `text`, lower-cased (same length). */
  lower: string;
  /** For each normalised character: start offset in the original. */
  from: Int32Array;
  /** Length of the original text. */
  sourceLength: number;
}

const SUPERSCRIPTS = /[\u00B9\u00B2\u00B3\u2070-\u209F]/;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/;
const QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u00B4`]/;
const DQUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB]/;
const MARKS = /[\u0300-\u036f]/g;
const foldCache = new Map<string, string>();

/** Folds one non-ASCII character to its matching form (may be "" or several chars). */
function fold(ch: string): string {
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  let out: string;
  if (ch === "\u00AD") out = "";
  else if (SUPERSCRIPTS.test(ch)) out = " ";
  else if (DASHES.test(ch)) out = "-";
  else if (QUOTES.test(ch)) out = "'";
  else if (DQUOTES.test(ch)) out = '"';
  else if (ch === "\u20AC" || ch === "\u00A3" || ch === "\u00A5") out = ch;
  else {
    const k = ch.normalize("NFKD").replace(MARKS, "");
    out = k.length === 1 || /^[a-z]+$/i.test(k) ? k : ch;
  }
  foldCache.set(ch, out);
  return out;
}

const isSpace = (c: number) =>
  c === 32 ||
  c === 9 ||
  c === 13 ||
  c === 10 ||
  c === 12 ||
  c === 0xa0 ||
  c === 0x202f ||
  c === 0x2009 ||
  c === 0x2007 ||
  c === 0x3000 ||
  c === 0x200b;
const isLower = (c: string) => c >= "a" && c <= "z";
const isLetter = (c: string) => /[A-Za-z\u00C0-\u024F]/.test(c);

/**
 * Normalises `src` for matching and keeps the offset map.
 * @example normalize("South-\nSouth coopera-\ntion").text === "South-\nSouth cooperation"
 */
export function normalize(src: string): NormText {
  const n = src.length;
  let from: Int32Array = new Int32Array(n + 16);
  const pieces: string[] = [];
  let lastChar = "";
  let len = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    // Runs of plain ASCII are copied as they are, with single spaces and newlines between plain
    // characters and hyphens not followed by a space or line end (never line-end hyphenation).
    for (
      let c = src.charCodeAt(j);
      j < n && (isPlain(c) || ((c === 32 || c === 10 || c === 45) && isPlain(src.charCodeAt(j + 1))));
      c = src.charCodeAt(++j)
    );
    if (j > i) {
      pieces.push(src.slice(i, j));
      lastChar = src[j - 1];
      for (let k = i; k < j; k++) from[len++] = k;
      i = j;
      continue;
    }
    let out: string;
    const code = src.charCodeAt(i);
    if (isSpace(code)) {
      let newlines = 0;
      while (j < n && isSpace(src.charCodeAt(j))) if (src.charCodeAt(j++) === 10) newlines++;
      out = newlines >= 2 ? "\n\n" : newlines === 1 ? "\n" : " ";
    } else if (code === 45 && joinsHyphenation(src, i, lastChar)) {
      i = skipHyphenation(src, i);
      continue;
    } else {
      out = code < 128 ? src[i] : fold(src[i]);
      j = i + 1;
    }
    if (len + out.length > from.length) from = grow(from);
    for (let k = 0; k < out.length; k++) from[len++] = i;
    pieces.push(out);
    lastChar = out[out.length - 1] ?? lastChar;
    i = j;
  }
  const text = pieces.join("");
  let lower = text.toLowerCase();
  if (lower.length !== text.length)
    lower = Array.from(text, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join("");
  return { text, lower, from: from.subarray(0, len), sourceLength: n };
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** ASCII characters copied as they are (everything but spaces, controls and "-"). */
const isPlain = (c: number) => c > 32 && c < 127 && c !== 45;

/** "coopera-\ntion": a hyphen at a line end between lower-case word parts. */
function joinsHyphenation(src: string, i: number, prev: string): boolean {
  if (!isLetter(prev)) return false;
  let j = i + 1;
  while (j < src.length && (src[j] === " " || src[j] === "\t" || src[j] === "\r")) j++;
  if (src[j] !== "\n") return false;
  j++;
  while (j < src.length && (src[j] === " " || src[j] === "\t")) j++;
  return isLower(src[j] ?? "");
}

function skipHyphenation(src: string, i: number): number {
  let j = i + 1;
  while (j < src.length && isSpace(src.charCodeAt(j))) j++;
  return j;
}

/**
 * Maps a normalised span back to original offsets.
 * @example const n = normalize("a  b"); toOriginal(n, 0, 3) // => [0, 4]
 */
export function toOriginal(norm: NormText, start: number, end: number): [number, number] {
  const { from } = norm;
  const s = from[start] ?? norm.sourceLength;
  if (end <= start) return [s, s];
  // The end is where the next normalised character starts (skipping characters a ligature
  // expanded into), so collapsed whitespace and joined hyphenation are covered.
  let k = end;
  while (k < from.length && from[k] <= from[end - 1]) k++;
  let e = k < from.length ? from[k] : norm.sourceLength;
  // Never end a quote on the whitespace that follows it.
  if (k === end && end < from.length && e > from[end - 1] + 1 && /^\s$/.test(norm.text[end - 1] ?? ""))
    e = from[end - 1] + 1;
  return [s, e];
}
