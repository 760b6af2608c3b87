import type { ChangeLine, Evidence, FactStatus, ReviewState } from "./overview-types.ts";

/**
 * The overview's numbers in words: one wording for the web pages and every export, so a reader
 * sees the same sentence wherever a figure appears. Pure.
 */

// One formatter each: toLocaleString builds a new one per call, which dominates a large overview.
const WHOLE = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const CENTS = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** Whole US dollars with thousands separators. @example usd(1750000) // "1,750,000" */
export function usd(n: number | null): string {
  return n === null ? "n/a" : WHOLE.format(Math.round(n));
}

/** An amount in its own currency. @example money(2000000, "EUR") // "EUR 2,000,000" */
export function money(value: number, currency: string): string {
  return `${currency} ${CENTS.format(value)}`;
}

export const BASIS_LABEL: Record<string, string> = {
  budget: "Budget",
  allocation: "Allocation",
  expenditure: "Expenditure",
  contribution: "Contribution",
  pledge: "Pledge",
  commitment: "Commitment (records)",
  disbursement: "Disbursement (records)",
  "trust-fund": "Trust fund capital",
  unspecified: "Basis not stated",
};

/** @example basisLabel("trust-fund") // "Trust fund capital" */
export const basisLabel = (basis: string) => BASIS_LABEL[basis] ?? basis;

export const REVIEW_LABEL: Record<ReviewState, string> = {
  confirmed: "confirmed by an analyst",
  corrected: "corrected by an analyst",
  unreviewed: "not yet reviewed",
};

/** A figure's review state from the best status among its facts. */
export function reviewState(status: FactStatus): ReviewState {
  return status === "confirmed" || status === "corrected" ? status : "unreviewed";
}

/** "confirmed by an analyst", or "not yet reviewed (confidence 0.74)". */
export function reviewWords(review: ReviewState, confidence: number): string {
  return review === "unreviewed"
    ? `${REVIEW_LABEL.unreviewed} (confidence ${confidence.toFixed(2)})`
    : REVIEW_LABEL[review];
}

const SHARE: Record<number, string> = { 2: "half", 3: "a third", 4: "a quarter", 5: "a fifth", 6: "a sixth" };

/**
 * How a funding figure's amount for the year comes from what the document says.
 * @example
 * fundingExplanation({ year: 2024, value: 6e6, currency: "USD", usd: 6e6, usdForYear: 3e6, period: "2024-2025",
 *   years: 2, spread: true, perYear: false, conversion: null })
 * // "USD 3,000,000 counted in 2024 (half of USD 6,000,000 for 2024-2025)"
 */
export function fundingExplanation(f: {
  year: number;
  value: number;
  currency: string;
  usd: number | null;
  usdForYear: number | null;
  period: string | null;
  years: number;
  spread: boolean;
  perYear: boolean;
  conversion: { label: string } | null;
}): string {
  const asReported = money(f.value, f.currency);
  if (f.usd === null || f.usdForYear === null)
    return (
      `${asReported}${f.period ? ` for ${f.period}` : ""}, ` +
      `not counted in the USD totals: no exchange rate for ${f.currency}`
    );
  const inUsd = f.conversion ? `${asReported} (USD ${usd(f.usd)} at ${f.conversion.label})` : asReported;
  const counted = `USD ${usd(f.usdForYear)} counted in ${f.year}`;
  if (f.spread) {
    const share = SHARE[f.years] ?? `1/${f.years}`;
    return `${counted} (${share} of ${inUsd} for ${f.period}, spread evenly over ${f.years} years)`;
  }
  if (f.perYear && f.years > 1) return `${counted} (${inUsd} a year, reported per year for ${f.period})`;
  return `${counted} (${inUsd}${f.period ? ` for ${f.period}` : ", no period stated"})`;
}

/**
 * @example staffExplanation({ year: 2024, count: 2, grade: "P-4", period: "2024-2025", others: [] })
 *   // "2 posts at P-4 in 2024 (for 2024-2025)"
 */
export function staffExplanation(s: {
  year: number;
  count: number;
  grade: string | null;
  period: string | null;
  others: number[];
}): string {
  const posts = `${s.count} ${s.count === 1 ? "post" : "posts"}`;
  const grade = s.grade ? ` at ${s.grade}` : ", grade not stated,";
  const others = s.others.length ? `; other documents report ${s.others.join(" or ")}` : "";
  return `${posts}${grade} in ${s.year} (${s.period ? `for ${s.period}` : "no period stated"}${others})`;
}

/**
 * A change against the previous year, computed only when both years have a figure.
 * @example changeLine(3e6, null, 2023, usd).text // "new: no 2023 figure"
 */
export function changeLine(
  current: number | null,
  previous: number | null,
  previousYear: number,
  fmt: (n: number) => string = usd,
): ChangeLine {
  if (previous === null)
    return {
      current,
      previous,
      delta: null,
      pct: null,
      text: current === null ? "" : `new: no ${previousYear} figure`,
    };
  if (current === null)
    return {
      current,
      previous,
      delta: null,
      pct: null,
      text: `no ${previousYear + 1} figure (${previousYear}: ${fmt(previous)})`,
    };
  const delta = current - previous;
  const pct = previous > 0 ? Math.round((delta / previous) * 1000) / 10 : null;
  if (delta === 0) return { current, previous, delta, pct, text: `unchanged vs ${previousYear}` };
  const sign = delta > 0 ? "+" : "−";
  const pctText = pct === null ? "" : `${sign}${Math.abs(pct).toFixed(1)}% `;
  return { current, previous, delta, pct, text: `${pctText}(${sign}${fmt(Math.abs(delta))}) vs ${previousYear}` };
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A date in words, in UTC. @example dateInWords("2026-12-07T03:56:00Z") // "7 December 2026" */
export function dateInWords(iso: string | null): string {
  if (!iso) return "never";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const RECORD_KIND: Array<[RegExp, string]> = [
  [/^wb-project:/, "World Bank project"],
  [/^wb:/, "World Bank document"],
  [/^undp:/, "UNDP project (open.undp.org)"],
  [/^iati:/, "IATI activity"],
  [/^un:/, "UN document"],
];
const FIELD_WORDS: Record<string, string> = {
  totalcommamt: "total commitment",
  ibrdcommamt: "IBRD commitment",
  idacommamt: "IDA commitment",
  total_budget: "total budget",
  budget: "budget",
  expenditure: "expenditure",
  transaction: "transaction",
  "planned-disbursement": "planned disbursement",
};

/**
 * Where a fact sits, in words a reader understands (no record keys or field codes).
 * @example locationOf({ page: 4 }) // "page 4"
 * @example locationOf({ page: 1, recordId: "wb-project:P900001", field: "totalcommamt" })
 *   // "World Bank project P900001, total commitment"
 */
export function locationOf(e: Pick<Evidence, "page" | "recordId" | "field">): string {
  if (!e.recordId) return e.page ? `page ${e.page}` : "page not known";
  const kind = RECORD_KIND.find(([re]) => re.test(e.recordId!));
  const id = kind ? e.recordId.replace(kind[0], "") : e.recordId;
  const record = `${kind?.[1] ?? "record"} ${id}`;
  if (!e.field) return record;
  // "outputs[0]/budget[2]/value" → "budget"; the last named part says what the amount is.
  const parts = e.field
    .split("/")
    .map((p) => p.replace(/\[\d+\]$/, ""))
    .filter((p) => p && p !== "value" && p !== "outputs" && p !== "project_list");
  const last = parts[parts.length - 1] ?? e.field;
  return `${record}, ${FIELD_WORDS[last] ?? last.replace(/[_-]+/g, " ")}`;
}
