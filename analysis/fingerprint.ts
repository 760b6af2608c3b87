import type { Fact } from "./types.ts";

/** Bump when the method changes, so stored facts can be re-derived and compared. */
export const ANALYZER_VERSION = "1.2.0";

/**
 * A stable key for a fact (kind, value or count, currency, grade, period, subject, page, start),
 * used to carry analyst reviews over a re-analysis of the same document.
 * @example factFingerprint({kind: "staffing", count: 2, grade: "P-3", period: null, subject: null, page: 1, start: 10}
 *   as Fact)
 *   // => "staffing|2||P-3||||1|10"
 */
export function factFingerprint(fact: Fact): string {
  const amount = fact.kind === "funding" ? fact.value : fact.count;
  const currency = fact.kind === "funding" ? fact.currency : "";
  const grade = fact.kind === "staffing" ? (fact.grade ?? "") : "";
  return [fact.kind, amount, currency, grade, fact.period ?? "", fact.subject ?? "", fact.page, fact.start].join("|");
}
