/**
 * Pure plans for storing a re-analysis: which new facts continue which stored ones, and which
 * reviews of a previous edition carry over to a new one. No database access.
 */
import type { FactRow } from "../schema/facts.ts";
import type { ReviewAction } from "./reviews.ts";
import type { FactInput } from "./version-analysis.ts";
import type { FactStatus } from "./facts.ts";

/** Statuses a person set: a re-analysis keeps them. */
export const REVIEWED = new Set<FactStatus>(["confirmed", "corrected", "rejected"]);

/**
 * Pairs new analyzer facts with stored ones of the same version: first by fingerprint, then (the
 * analyzer moved an offset or re-read a subject) by kind, page and the same quote or amount,
 * nearest offset first. Each stored fact pairs at most once.
 * @example planFactMerge(oldRows, newFacts) // { matched: [{old, next}], unmatched: [...], added: [...] }
 */
export function planFactMerge(
  old: FactRow[],
  next: FactInput[],
): { matched: Array<{ old: FactRow; next: FactInput }>; unmatched: FactRow[]; added: FactInput[] } {
  const free = new Map(old.map((o) => [o.id, o]));
  const byFingerprint = new Map(old.map((o) => [o.fingerprint, o]));
  const matched: Array<{ old: FactRow; next: FactInput }> = [];
  const rest: FactInput[] = [];
  for (const n of next) {
    const o = byFingerprint.get(n.fingerprint);
    if (o && free.has(o.id)) {
      free.delete(o.id);
      matched.push({ old: o, next: n });
    } else rest.push(n);
  }
  const added: FactInput[] = [];
  for (const n of rest) {
    const amount = n.kind === "staffing" ? n.count : n.value;
    const candidates = [...free.values()].filter(
      (o) =>
        o.kind === n.kind &&
        o.page === n.page &&
        (o.quote === n.quote ||
          (amount != null && (o.kind === "staffing" ? o.count : o.value) === amount && o.grade === (n.grade ?? null))),
    );
    const best = candidates.sort(
      (a, b) => Math.abs((a.start ?? 0) - (n.start ?? 0)) - Math.abs((b.start ?? 0) - (n.start ?? 0)),
    )[0];
    if (best) {
      free.delete(best.id);
      matched.push({ old: best, next: n });
    } else added.push(n);
  }
  return { matched, unmatched: [...free.values()], added };
}

/** The review action that reproduces a reviewed status on a new fact. */
export const ACTION_OF: Record<string, ReviewAction> = {
  confirmed: "confirm",
  corrected: "correct",
  rejected: "reject",
};

/** What identifies one fact across editions of a document: everything but where it sits. */
function editionKey(
  f: Pick<FactRow, "kind" | "value" | "count" | "currency" | "grade" | "period" | "subject" | "quote">,
): string {
  const amount = f.kind === "staffing" ? f.count : f.value;
  return JSON.stringify([
    f.kind,
    amount ?? null,
    f.currency ?? null,
    f.grade ?? null,
    f.period ?? null,
    f.subject ?? null,
    f.quote,
  ]);
}

/**
 * Pairs the facts of a new edition with the reviewed facts of the previous one: same kind, amount,
 * currency, grade, period, subject and quote, wherever they sit now (a changed header or footer
 * moves every offset). Repeated facts pair in reading order; each fact pairs at most once.
 * @example planReviewCarryOver(previousReviewed, newRows) // [{ from: correctedRow, to: newRow }]
 */
export function planReviewCarryOver(previous: FactRow[], next: FactRow[]): Array<{ from: FactRow; to: FactRow }> {
  const order = (a: FactRow, b: FactRow) =>
    (a.page ?? 0) - (b.page ?? 0) || (a.start ?? 0) - (b.start ?? 0) || a.id - b.id;
  const waiting = new Map<string, FactRow[]>();
  for (const p of previous.filter((f) => REVIEWED.has(f.status)).sort(order)) {
    const list = waiting.get(editionKey(p));
    if (list) list.push(p);
    else waiting.set(editionKey(p), [p]);
  }
  const pairs: Array<{ from: FactRow; to: FactRow }> = [];
  for (const n of [...next].sort(order)) {
    const from = waiting.get(editionKey(n))?.shift();
    if (from) pairs.push({ from, to: n });
  }
  return pairs;
}
