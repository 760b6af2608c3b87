import type { Evidence, FundingFigure, Overview, StaffFigure, SummaryChange } from "../analysis/overview-types.ts";
import { measureValue } from "../analysis/overview-trend.ts";
import { basisLabel, reviewWords, usd } from "../analysis/overview-words.ts";
import { pageLink } from "../analysis/page-link.ts";
import { safeUrl } from "./escape.ts";

/**
 * What the text exports (Markdown, HTML, PDF) share beyond the model's own words: evidence
 * numbered plainly in order of citation, links a reader can open, and the executive summary's
 * lines, so every format says the same thing in the same words.
 */

export {
  BASIS_LABEL,
  basisLabel,
  dateInWords,
  money,
  REVIEW_LABEL,
  reviewWords,
  usd,
} from "../analysis/overview-words.ts";

const PRIVATE_HOST = new RegExp(
  String.raw`^(localhost|.*\.localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|` +
    String.raw`172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|\[::1?\]|\[f[cd][0-9a-f:]*\]|\[fe80:[0-9a-f:]*\])$`,
  "i",
);

/**
 * A link a reader outside this machine can open: http(s) only (escape.ts `safeUrl`), and never a
 * loopback or private address (a local mirror's URL means nothing in a circulated report).
 * @example publicHref("http://127.0.0.1:8080/x.pdf") // null
 */
export function publicHref(url: string | null | undefined): string | null {
  const safe = safeUrl(url);
  return safe && !PRIVATE_HOST.test(new URL(safe).hostname) ? safe : null;
}

/** Options every export takes. */
export interface ExportOptions {
  /** The service's public origin (config.publicUrl): the only origin for links back to it. */
  publicUrl?: string;
}

/** The evidence's document opened at its page (analysis/page-link.ts, the one rule). */
export function evidenceLink(e: Pick<Evidence, "url" | "page">): string {
  return pageLink(e.url ?? "", e.page);
}

/**
 * Where a reader opens a piece of evidence: the document at its page when its address is public,
 * else the document's page on the public service (publicUrl), else nothing.
 */
export function evidenceHref(e: Pick<Evidence, "url" | "page" | "documentId">, options: ExportOptions): string | null {
  return publicHref(evidenceLink(e)) ?? (options.publicUrl ? `${options.publicUrl}/documents/${e.documentId}` : null);
}

/** A document's link for the list of sources, by the same rule. */
export function documentHref(s: { url: string; documentId: number }, options: ExportOptions): string | null {
  return publicHref(s.url) ?? (options.publicUrl ? `${options.publicUrl}/documents/${s.documentId}` : null);
}

/** Every piece of evidence of the overview, in order of first citation, numbered from 1. */
export interface NumberedEvidence {
  list: Array<Evidence & { n: number }>;
  /** Citation numbers of a list of fact ids. */
  numbers(factIds: number[]): number[];
}

/** @example numberEvidence(o).numbers([101, 102]) // [1, 2] */
export function numberEvidence(o: Overview): NumberedEvidence {
  const seen = new Map<number, Evidence & { n: number }>();
  const cited = [
    ...o.organizations.flatMap((org) => [...org.funding, ...org.staffing]),
    ...o.trustFunds,
    ...o.organizations.flatMap((org) => [...org.pending.funding, ...org.pending.staffing]),
  ];
  for (const e of cited.flatMap((c) => c.evidence))
    if (!seen.has(e.factId)) seen.set(e.factId, { ...e, n: seen.size + 1 });
  return {
    list: [...seen.values()],
    numbers: (ids) => [...new Set(ids.map((id) => seen.get(id)?.n).filter((n): n is number => n !== undefined))],
  };
}

/** "Confirmed by an analyst" / "Not yet reviewed (confidence 0.74)" for a figure, as a sentence. */
export const figureReview = (f: FundingFigure | StaffFigure) => {
  const words = reviewWords(f.review, f.confidence);
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** "1 document", "3 documents". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** How an evidence line states its review, as a sentence: "Confirmed by an analyst", never the status code. */
export const evidenceReview = (e: Evidence) => {
  const words = reviewWords(
    e.status === "confirmed" || e.status === "corrected" ? e.status : "unreviewed",
    e.confidence,
  );
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The executive summary's sentences about changes, in plain words. */
export function changeSentences(o: Overview): { largest: string[]; fresh: string | null } {
  // "UNDP allocation: USD 4,200,000", "FAO funding, basis not stated: USD 3,000,000", "UNDP: 5 posts"
  const what = (c: SummaryChange) =>
    c.measure === "posts"
      ? `${c.acronym}: ${measureValue(c.measure, c.line.current)}`
      : `${c.acronym} ` +
        `${c.measure === "unspecified" ? "funding, basis not stated" : basisLabel(c.measure).toLowerCase()}: ` +
        `${measureValue(c.measure, c.line.current)}`;
  const largest = o.summary.largestChanges.map((c) => `${what(c)}, ${c.line.text}`);
  const fresh = o.summary.newFigures.length
    ? `New in ${o.year} (no ${o.year - 1} figure to compare with): ${o.summary.newFigures.map(what).join("; ")}.`
    : null;
  return { largest, fresh };
}

/** "3 figures pending review would add USD 500,000 (budget) and 2 posts once confirmed." or null. */
export function pendingSentence(o: Overview): string | null {
  const p = o.totals.pending;
  if (!p.figures) return null;
  const parts = [
    ...p.fundingByBasis.map((b) => `USD ${usd(b.usdForYear)} (${basisLabel(b.basis).toLowerCase()})`),
    ...(p.posts ? [measureValue("posts", p.posts)] : []),
  ];
  return (
    `${p.figures} ${p.figures === 1 ? "figure" : "figures"} below the review threshold (${o.reviewThreshold}) ` +
    `${p.figures === 1 ? "is" : "are"} not counted until an analyst confirms ${p.figures === 1 ? "it" : "them"}` +
    `${parts.length ? `; together they would add ${parts.join(" and ")}` : ""}.`
  );
}

/** Funding by basis in one cell: "Budget USD 1,750,000; Allocation USD 300,000". */
export function basisCell(list: Array<{ basis: string; usdForYear: number }>): string {
  return list.map((b) => `${basisLabel(b.basis)} USD ${usd(b.usdForYear)}`).join("; ");
}
