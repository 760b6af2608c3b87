import type { FactRow } from "../db/schema/facts.ts";
import { effective } from "./evidence.ts";

/**
 * What changed between two editions of a document (pure): the sentences removed and added, and
 * the facts that appeared, disappeared or changed value.
 */

export interface Sentence {
  page: number;
  text: string;
}

export type TextChange =
  | { kind: "same"; count: number }
  | { kind: "removed"; sentences: Sentence[] }
  | { kind: "added"; sentences: Sentence[] };

/** Above this many cells the sentence LCS is skipped and sentences are matched as sets. */
const MAX_CELLS = 4_000_000;

/** Sentences of a page's text: split after . ! ? and at blank lines, whitespace squeezed. */
export function sentencesOf(pages: Array<{ page: number; text: string }>): Sentence[] {
  return pages.flatMap((p) =>
    p.text
      .split(/(?<=[.!?])\s+|\n\s*\n/)
      .map((t) => t.replace(/\s+/g, " ").trim())
      .filter(Boolean)
      .map((text) => ({ page: p.page, text })),
  );
}

function push(out: TextChange[], kind: "removed" | "added", s: Sentence): void {
  const last = out[out.length - 1];
  if (last && last.kind === kind) last.sentences.push(s);
  else out.push({ kind, sentences: [s] });
}

function same(out: TextChange[], n: number): void {
  if (!n) return;
  const last = out[out.length - 1];
  if (last && last.kind === "same") last.count += n;
  else out.push({ kind: "same", count: n });
}

/**
 * Sentence diff of two editions, in reading order: runs of unchanged sentences are counted, the
 * removed and added ones listed with their pages. Common head and tail are peeled first (editions
 * mostly differ in a few places), then the middle is aligned by longest common subsequence.
 * @example diffSentences([{page:1,text:"A."},{page:1,text:"B."}], [{page:1,text:"A."},{page:1,text:"C."}])
 *   // [{kind:"same",count:1},{kind:"removed",sentences:[B.]},{kind:"added",sentences:[C.]}]
 */
export function diffSentences(a: Sentence[], b: Sentence[]): TextChange[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head].text === b[head].text) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail].text === b[b.length - 1 - tail].text
  )
    tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const out: TextChange[] = [];
  same(out, head);
  if (x.length * y.length > MAX_CELLS) {
    const inB = new Set(y.map((s) => s.text));
    const inA = new Set(x.map((s) => s.text));
    for (const s of x) if (!inB.has(s.text)) push(out, "removed", s);
    for (const s of y) if (!inA.has(s.text)) push(out, "added", s);
  } else {
    const n = x.length,
      m = y.length;
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        lcs[i * (m + 1) + j] =
          x[i].text === y[j].text
            ? lcs[(i + 1) * (m + 1) + j + 1] + 1
            : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
    let i = 0,
      j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i].text === y[j].text) {
        same(out, 1);
        i++;
        j++;
      } else if (j < m && (i === n || lcs[i * (m + 1) + j + 1] >= lcs[(i + 1) * (m + 1) + j]))
        push(out, "added", y[j++]);
      else push(out, "removed", x[i++]);
    }
  }
  same(out, tail);
  return out;
}

export interface FactChange {
  change: "added" | "removed" | "changed" | "same";
  before: FactRow | null;
  after: FactRow | null;
}

const norm = (s: string | null) => (s ?? "").toLowerCase().replace(/\s+/g, " ").trim();

/** What a fact is about, apart from its amount: the same key in both editions is the same line of the budget. */
function aboutKey(f: FactRow): string {
  const e = effective(f);
  return [
    f.kind,
    e.basis ?? "",
    f.grade ?? "",
    e.period ?? "",
    norm(e.subject),
    f.kind === "unit" ? norm(f.quote) : "",
  ].join("|");
}

const amountOf = (f: FactRow) => {
  const e = effective(f);
  return f.kind === "staffing" ? e.count : f.kind === "funding" ? `${e.value} ${e.currency}` : null;
};

/**
 * Pairs the facts of two editions by what they are about (kind, basis, grade, period, subject)
 * and says which appeared, disappeared or changed amount. Rejected facts take no part.
 * @example diffFacts([budget2M], [budget3M]) // [{ change: "changed", before: budget2M, after: budget3M }]
 */
export function diffFacts(before: FactRow[], after: FactRow[]): FactChange[] {
  const live = (l: FactRow[]) => l.filter((f) => f.status !== "rejected" && f.status !== "superseded");
  const waiting = new Map<string, FactRow[]>();
  for (const f of live(before)) waiting.set(aboutKey(f), [...(waiting.get(aboutKey(f)) ?? []), f]);
  const out: FactChange[] = [];
  for (const f of live(after)) {
    const list = waiting.get(aboutKey(f));
    const exact = list?.findIndex((o) => amountOf(o) === amountOf(f)) ?? -1;
    const at = exact >= 0 ? exact : list?.length ? 0 : -1;
    if (!list || at < 0) {
      out.push({ change: "added", before: null, after: f });
      continue;
    }
    const [old] = list.splice(at, 1);
    out.push({ change: amountOf(old) === amountOf(f) ? "same" : "changed", before: old, after: f });
  }
  for (const list of waiting.values()) for (const f of list) out.push({ change: "removed", before: f, after: null });
  const order = { changed: 0, added: 1, removed: 2, same: 3 };
  return out.sort((p, q) => order[p.change] - order[q.change]);
}
