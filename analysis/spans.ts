import type { Span } from "./segment.ts";

/** Marks which characters of [from, to) are already claimed by a match: overlap tests in O(length). */
export interface Claims {
  overlaps(start: number, end: number): boolean;
  claim(start: number, end: number): void;
}

/**
 * Claims over the text span [from, to).
 * @example const c = createClaims(0, 10); c.claim(2, 4); c.overlaps(3, 6) // => true
 */
export function createClaims(from: number, to: number): Claims {
  const mask = new Uint8Array(Math.max(0, to - from));
  return {
    overlaps(start, end) {
      for (let i = Math.max(start, from); i < Math.min(end, to); i++) if (mask[i - from]) return true;
      return false;
    },
    claim(start, end) {
      mask.fill(1, Math.max(0, start - from), Math.max(0, Math.min(end, to) - from));
    },
  };
}

/**
 * Index of the span (sorted, disjoint) that contains `at`, or -1.
 * @example spanIndexAt([{start: 0, end: 5}, {start: 6, end: 9}], 7) // => 1
 */
export function spanIndexAt(spans: Span[], at: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at < spans[mid].start) hi = mid - 1;
    else if (at >= spans[mid].end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * The spans (sorted by start) that lie inside [from, to), found by binary search.
 * @example spansWithin([{start: 0, end: 2}, {start: 5, end: 7}], 4, 9) // => [{start: 5, end: 7}]
 */
export function spansWithin<T extends Span>(spans: T[], from: number, to: number): T[] {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < spans.length && spans[i].start < to; i++) if (spans[i].end <= to) out.push(spans[i]);
  return out;
}
