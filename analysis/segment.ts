/** Spans are [start, end) offsets into the text they were computed on. */
export interface Span {
  start: number;
  end: number;
}

const PAGE_NUMBER = /^\s*(?:page\s+|p\.\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?\s*(?:(?:of|\/|de|sur)\s*\d{1,4})?\s*$/i;

function lineSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", start)) {
    spans.push({ start, end: i });
    start = i + 1;
  }
  spans.push({ start, end: text.length });
  return spans;
}

/**
 * Short lines among the first and last `k` non-empty lines of a page: where running headers,
 * footers and page numbers live (long lines are body text and are never blanked).
 */
function edgeLines(text: string, k = 3): Span[] {
  const head: Span[] = [];
  let seen = 0;
  for (let s = 0; s < text.length && seen < k; ) {
    let e = text.indexOf("\n", s);
    if (e < 0) e = text.length;
    if (e - s > 0 && /\S/.test(text.slice(s, Math.min(e, s + 200)))) {
      seen++;
      if (e - s <= 120) head.push({ start: s, end: e });
    }
    s = e + 1;
  }
  const tail: Span[] = [];
  seen = 0;
  for (let e = text.length; e > 0 && seen < k; ) {
    const s = text.lastIndexOf("\n", e - 1) + 1;
    if (e - s > 0 && /\S/.test(text.slice(Math.max(s, e - 200), e))) {
      seen++;
      if (e - s <= 120 && !head.some((h) => h.start === s)) tail.unshift({ start: s, end: e });
    }
    e = s - 1;
  }
  return [...head, ...tail];
}

// Odd and even pages print the same header parts in a different order ("A/80/271 16/19", "15/19 A/80/271").
const lineKey = (s: string) => s.trim().toLowerCase().replace(/\d+/g, "#").split(/\s+/).sort().join(" ");

/**
 * Blanks running headers, footers and page-number lines with spaces, so offsets stay those of the
 * original pages. A header is an edge line (digits ignored) repeated on at least half the pages (min. 3).
 * @example stripPageFurniture(["A/78/6\nText one", "A/78/6\nText two", "A/78/6\nText 3"])[0] // => "      \nText one"
 */
export function stripPageFurniture(pages: string[]): string[] {
  const counts = new Map<string, number>();
  const edges = pages.map((page) => edgeLines(page).map((s) => ({ ...s, key: lineKey(page.slice(s.start, s.end)) })));
  for (const lines of edges) {
    for (const key of new Set(lines.map((l) => l.key))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const minPages = Math.max(3, Math.ceil(pages.length / 2));
  return pages.map((page, k) => {
    let out = page;
    for (const s of edges[k]) {
      const line = page.slice(s.start, s.end);
      // A body sentence on a short page can be an edge line too: headers do not end with a full stop.
      const sentenceLike = line.trim().split(/\s+/).length >= 4 && /[.;:]$/.test(line.trim());
      const repeated = pages.length >= 3 && !sentenceLike && (counts.get(s.key) ?? 0) >= minPages;
      if (repeated || (pages.length > 1 && PAGE_NUMBER.test(line))) {
        out = out.slice(0, s.start) + " ".repeat(s.end - s.start) + out.slice(s.end);
      }
    }
    return out;
  });
}

const ENUMERATOR = /^(?:\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s|[•·▪\-–]\s)/;
/** A table or page footnote: "a/ ...", "e/ ...", "12/ ...": its own scope, whatever the line before ends with. */
const FOOTNOTE = /^[ \t]*(?:[a-z]|\d{1,2})\/[ \t]+\S/;
/** A numbered paragraph of a UN document ("23. Despite ..."): a new paragraph even after a footnote number. */
const NUMBERED = /^[ \t]*\d{1,3}\.[ \t]+[A-Z\u00C0-\u00DE"“]/;

/**
 * Splits normalised page text into paragraphs: at blank lines, and at a line that ends a sentence
 * when the next line starts an enumerated item or the line is visibly short (ragged paragraph end).
 * @example paragraphs("One.\n\nTwo.").length // => 2
 */
export function paragraphs(text: string): Span[] {
  const out: Span[] = [];
  const blockRe = /\n\n/g;
  let start = 0;
  const blocks: Span[] = [];
  for (let m = blockRe.exec(text); m; m = blockRe.exec(text)) {
    blocks.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  blocks.push({ start, end: text.length });
  for (const b of blocks) splitBlock(text, b, out);
  return out.filter((p) => text.slice(p.start, p.end).trim().length > 0).map((p) => trimSpan(text, p));
}

function splitBlock(text: string, block: Span, out: Span[]): void {
  const lines = lineSpans(text.slice(block.start, block.end)).map((s) => ({
    start: s.start + block.start,
    end: s.end + block.start,
  }));
  const maxLen = Math.max(...lines.map((l) => l.end - l.start));
  let start = block.start;
  for (let i = 0; i < lines.length - 1; i++) {
    const line = text.slice(lines[i].start, lines[i].end).trimEnd();
    const next = text.slice(lines[i + 1].start, lines[i + 1].end);
    const endsSentence = /[.!?]["')]?$/.test(line);
    const short = lines.length >= 3 && line.length < 0.7 * maxLen && maxLen > 60;
    const boundary =
      (endsSentence && (ENUMERATOR.test(next) || short)) ||
      FOOTNOTE.test(next) ||
      (NUMBERED.test(next) && !/[-,]$/.test(line));
    if (boundary) {
      // A short line without a full stop right before a numbered paragraph is that paragraph's
      // heading ("Climate finance", "Global window – estimated resources: $13.4 million"): a passage of its own.
      if (NUMBERED.test(next) && i > 0 && isHeadingLine(line, text, lines[i - 1], maxLen)) {
        if (lines[i].start > start) out.push({ start, end: lines[i - 1].end });
        start = lines[i].start;
      }
      out.push({ start, end: lines[i].end });
      start = lines[i + 1].start;
    }
  }
  out.push({ start, end: block.end });
}

function isHeadingLine(line: string, text: string, before: Span, maxLen: number): boolean {
  const prev = text.slice(before.start, before.end).trimEnd();
  if (!/^[A-Z\u00C0-\u00DE]/.test(line.trim()) || /[.,;]$/.test(line) || line.length > Math.max(60, 0.8 * maxLen))
    return false;
  // The line before ends a sentence (maybe with a footnote number) or is itself short.
  return /[.!?:;)\d]["')]?$/.test(prev) || prev.length < 0.6 * maxLen;
}

function trimSpan(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}

const ABBREVIATIONS = new Set(
  (
    "mr mrs ms dr prof no nos e.g i.e etc vs st sect para paras approx fig art arts vol inc ltd jan feb mar apr jun " +
    "jul aug sep sept oct nov dec p pp op cf ibid al sr sra m mme"
  ).split(" "),
);

/**
 * Splits a passage (normalised text) into sentences; table-like lines are sentences of their own.
 * @example sentences("Mr. Li spoke. The Fund grew.", {start: 0, end: 28}).length // => 2
 */
export function sentences(text: string, passage: Span): Span[] {
  const out: Span[] = [];
  let start = passage.start;
  for (let i = passage.start; i < passage.end; i++) {
    const c = text[i];
    if ((c === "." || c === "!" || c === "?" || c === ";") && isSentenceEnd(text, i, passage.end)) {
      out.push({ start, end: i + 1 });
      start = i + 1;
    } else if (c === "\n" && isLineBreakEnd(text, i, passage.end)) {
      out.push({ start, end: i });
      start = i + 1;
    }
  }
  out.push({ start, end: passage.end });
  return out.map((s) => trimSpan(text, s)).filter((s) => s.end > s.start);
}

function isSentenceEnd(text: string, i: number, end: number): boolean {
  const after = text.slice(i + 1, i + 3);
  // A semicolon ends a clause with its own subject: amounts do not cross it.
  if (text[i] === ";") return /^\s/.test(after) || i + 1 >= end;
  if (i + 1 < end && !/^\s["'(]?[A-Z0-9"'(]/.test(after)) return false;
  if (text[i] !== ".") return true;
  const word = /([A-Za-z.]+)$/.exec(text.slice(Math.max(0, i - 12), i))?.[1] ?? "";
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  return !/^[A-Z]$/.test(word) && !/\.[A-Za-z]$/.test(word);
}

function isLineBreakEnd(text: string, i: number, end: number): boolean {
  const prev = text.slice(Math.max(0, i - 80), i);
  const nextChar = text[i + 1] ?? "";
  if (i + 1 >= end || /[a-z]/.test(nextChar)) return false;
  return /[.:;!?)\d]\s*$/.test(prev) || !/[a-z,]\s*$/.test(prev);
}
