import { effectiveValues } from "../analysis/effective-fact.ts";
import type { FactRow } from "../db/schema/facts.ts";
import type { PassageRow } from "../db/schema/passages.ts";

/**
 * Where the quote sits in its passage, so pages can wrap it in <mark> and API clients can do the
 * same. Fact offsets are into the page text, passage offsets too; when they disagree (a
 * re-segmented page) the quote is looked up in the passage instead, and when absent the passage
 * is shown without a highlight.
 * @example
 * splitPassage({ text: "UNDP gave $3.5 million.", start: 100 }, { quote: "$3.5 million", start: 110, end: 122 })
 *   // { before: "UNDP gave ", quote: "$3.5 million", after: "." }
 */
export function splitPassage(
  passage: Pick<PassageRow, "text" | "start">,
  fact: Pick<FactRow, "quote" | "start" | "end">,
): { before: string; quote: string; after: string } {
  const text = passage.text;
  if (fact.start !== null && fact.end !== null) {
    const a = fact.start - passage.start,
      b = fact.end - passage.start;
    if (a >= 0 && b <= text.length && a < b && text.slice(a, b) === fact.quote)
      return { before: text.slice(0, a), quote: fact.quote, after: text.slice(b) };
  }
  const at = fact.quote ? text.indexOf(fact.quote) : -1;
  if (at < 0) return { before: text, quote: "", after: "" };
  return { before: text.slice(0, at), quote: fact.quote, after: text.slice(at + fact.quote.length) };
}

/**
 * What counts after review: the analyst's correction where there is one, else the analyzer's reading
 * (`effectiveValues`).
 */
export function effective(f: FactRow): {
  value: number | null;
  currency: string | null;
  usd: number | null;
  period: string | null;
  count: number | null;
  basis: string | null;
  subject: string | null;
} {
  const { value, currency, usd, period, count, basis, subject } = effectiveValues(f);
  return { value, currency, usd, period, count, basis, subject };
}
