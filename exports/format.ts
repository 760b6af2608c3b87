import type { Evidence, FundingFigure, Overview, StaffFigure } from "../analysis/overview-types.ts";
import { measureValue } from "../analysis/overview-trend.ts";
import { basisLabel, reviewWords, usd } from "../analysis/overview-words.ts";
import { safeHref } from "./escape.ts";

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

/** Options every export takes. */
export interface ExportOptions {
  /** The service's public origin (config.publicUrl): the only origin for links back to it. */
  publicUrl?: string;
}

/** A link that opens the document at the page (PDF viewers honour #page=N). */
export function pageLink(e: Pick<Evidence, "url" | "page">): string {
  if (!e.url) return "";
  return e.page && !e.url.includes("#") ? `${e.url}#page=${e.page}` : e.url;
}

/**
 * Where a reader opens a piece of evidence: the document at its page when its address is public,
 * else the document's page on the public service (publicUrl), else nothing.
 */
export function evidenceHref(e: Pick<Evidence, "url" | "page" | "documentId">, options: ExportOptions): string | null {
  return safeHref(pageLink(e)) ?? (options.publicUrl ? `${options.publicUrl}/documents/${e.documentId}` : null);
}

/** A document's link for the list of sources, by the same rule. */
export function documentHref(s: { url: string; documentId: number }, options: ExportOptions): string | null {
  return safeHref(s.url) ?? (options.publicUrl ? `${options.publicUrl}/documents/${s.documentId}` : null);
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
  const add = (list: Evidence[]) =>
    list.forEach((e) => seen.has(e.factId) || seen.set(e.factId, { ...e, n: seen.size + 1 }));
  for (const org of o.organizations) {
    org.funding.forEach((f) => add(f.evidence));
    org.staffing.forEach((s) => add(s.evidence));
  }
  o.trustFunds.forEach((t) => add(t.evidence));
  for (const org of o.organizations) {
    org.pending.funding.forEach((f) => add(f.evidence));
    org.pending.staffing.forEach((s) => add(s.evidence));
  }
  return {
    list: [...seen.values()],
    numbers: (ids) => [...new Set(ids.map((id) => seen.get(id)?.n).filter((n): n is number => n !== undefined))],
  };
}

/** "confirmed by an analyst" / "not yet reviewed (confidence 0.74)" for a figure. */
export const figureReview = (f: FundingFigure | StaffFigure) => reviewWords(f.review, f.confidence);

/** How an evidence line states its review: "confirmed by an analyst", never the status code. */
export const evidenceReview = (e: Evidence) =>
  reviewWords(e.status === "confirmed" || e.status === "corrected" ? e.status : "unreviewed", e.confidence);

/** The executive summary's sentences about changes, in plain words. */
export function changeSentences(o: Overview): { largest: string[]; fresh: string | null } {
  const what = (measure: string) => (measure === "posts" ? "posts" : basisLabel(measure).toLowerCase());
  const largest = o.summary.largestChanges.map(
    (c) => `${c.acronym} ${what(c.measure)}: ${measureValue(c.measure, c.line.current)}, ${c.line.text}`,
  );
  const fresh = o.summary.newFigures.length
    ? `New in ${o.year} (no ${o.year - 1} figure to compare with): ${o.summary.newFigures
        .map((c) => `${c.acronym} ${what(c.measure)} ${measureValue(c.measure, c.line.current)}`)
        .join("; ")}.`
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
  return `${p.figures} ${p.figures === 1 ? "figure" : "figures"} below the review threshold (${o.reviewThreshold}) ${p.figures === 1 ? "is" : "are"} not counted until an analyst confirms ${p.figures === 1 ? "it" : "them"}${parts.length ? `; together they would add ${parts.join(" and ")}` : ""}.`;
}

/** Funding by basis in one cell: "Budget USD 1,750,000; Allocation USD 300,000". */
export function basisCell(list: Array<{ basis: string; usdForYear: number }>): string {
  return list.map((b) => `${basisLabel(b.basis)} USD ${usd(b.usdForYear)}`).join("; ");
}
