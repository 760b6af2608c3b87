/**
 * The shapes of the annual overview: what `buildOverview` takes (plain rows, no database types,
 * so analysis/ stays pure) and what it returns (every figure with its evidence).
 */

import type { FactStatus, StoredFact } from "./stored-fact.ts";

export type { FactStatus } from "./stored-fact.ts";

export interface OverviewFactInput extends StoredFact {
  documentId: number;
  versionId: number;
  evidence: Record<string, unknown> | null;
}

export interface OverviewDocumentInput {
  id: number;
  title: string | null;
  url: string;
  organizationId: string | null;
  sourceId: string | null;
  type: string | null;
  symbol: string | null;
  status: string;
  /** The newest analysed version: only its facts are current (older editions are history). */
  latestVersionId: number | null;
  passages: number;
  relevantPassages: number;
}

export interface OverviewPassageInput {
  id: number;
  documentId: number;
  versionId: number;
  page: number;
  text: string;
  score: number;
}

export interface OverviewOrganizationInput {
  id: string;
  name: string;
  acronym: string;
  kind: string;
}

export interface OverviewSourceInput {
  id: string;
  organizationId: string | null;
  enabled: boolean;
  status: string;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
}

export interface OverviewRunInput {
  sourceId: string;
  status: string;
  startedAt: string;
  failed: number;
}

export interface OverviewInput {
  year: number;
  facts: OverviewFactInput[];
  documents: OverviewDocumentInput[];
  organizations: OverviewOrganizationInput[];
  passages?: OverviewPassageInput[];
  sources?: OverviewSourceInput[];
  runs?: OverviewRunInput[];
  now: Date;
  /**
   * An `auto` fact whose confidence is below this (0..1, default REVIEW_THRESHOLD = 0.9) is pending:
   * it counts only once an analyst confirms it, and is shown apart with what it would add.
   */
  reviewThreshold?: number;
}

/** How far a person has checked a figure: an analyst confirmed it, corrected it, or nobody has yet. */
export type ReviewState = "confirmed" | "corrected" | "unreviewed";

/** Where a number comes from: enough to open the document at the page and read the quote. */
export interface Evidence {
  factId: number;
  documentId: number;
  title: string | null;
  url: string;
  page: number | null;
  quote: string;
  status: FactStatus;
  /** The analyzer's confidence in the fact (0..1). */
  confidence: number;
  /** Where in the document, in words: "page 4", or "World Bank project P900001, total commitment". */
  location: string;
  /** For facts from structured records: the record and field. */
  recordId?: string;
  field?: string;
}

export interface Conversion {
  rate: number;
  rateYear: number | null;
  label: string;
  note?: string;
}

export interface FundingFigure {
  key: string;
  basis: string;
  subject: string | null;
  /** As reported (or as corrected by an analyst), in units of `currency`. */
  value: number;
  currency: string;
  usd: number | null;
  conversion: Conversion | null;
  period: string | null;
  years: number;
  /** The part of the amount counted in the overview's year. */
  usdForYear: number | null;
  /** How `usdForYear` was derived when it differs from `usd`, e.g. "evenly spread over 2 years (2024-2025)". */
  spread: string | null;
  status: FactStatus;
  /** Confirmed or corrected by an analyst, else unreviewed. */
  review: ReviewState;
  /** The highest confidence among the figure's facts (0..1). */
  confidence: number;
  /**
   * The figure in words, the same on the page and in every export:
   * "USD 3,000,000 counted in 2024 (half of USD 6,000,000 for 2024-2025)".
   */
  explanation: string;
  evidence: Evidence[];
}

export interface StaffFigure {
  key: string;
  grade: string | null;
  subject: string | null;
  count: number;
  period: string | null;
  status: FactStatus;
  review: ReviewState;
  confidence: number;
  /** "2 posts at P-4 in 2024 (as reported for 2024-2025)". */
  explanation: string;
  evidence: Evidence[];
  /** Other counts reported for the same unit, grade and period (older or conflicting documents). */
  alternatives: Array<{ count: number; evidence: Evidence[] }>;
}

export interface BasisTotal {
  basis: string;
  usdForYear: number;
  usdAsReported: number;
  figures: number;
  evidenceIds: number[];
  /** How the total is made: one figure's explanation, or "sum of 3 figures: ...". */
  explanation: string;
}

export interface PostTotal {
  grade: string;
  count: number;
  evidenceIds: number[];
}

export interface Highlight {
  passageId: number;
  documentId: number;
  title: string | null;
  url: string;
  page: number;
  text: string;
  score: number;
}

/**
 * One line of the change column. A change is computed only when both years have a figure:
 * `previous` null means the previous year has no figure ("new"), `current` null that this year has
 * none; `delta` and `pct` are then null and `text` says so. Never read a missing year as zero.
 */
export interface ChangeLine {
  current: number | null;
  previous: number | null;
  delta: number | null;
  /** Percent change, one decimal; null when there is no change to compute or previous is 0. */
  pct: number | null;
  /** "+25.0% (+750,000) vs 2023", "new: no 2023 figure", "no 2024 figure (2023: 1,000,000)". */
  text: string;
}

export interface Change {
  previousYear: number;
  /** Whether the organization has any funding or staffing figure in the previous year. */
  previousHasData: boolean;
  /** Per basis (bases are never added to one another), in USD counted for each year. */
  fundingByBasis: Array<ChangeLine & { basis: string }>;
  posts: ChangeLine;
}

/**
 * Five years ending with the overview's year (oldest first), counted with the same rules as the
 * year itself (confirmed, corrected and above-threshold facts; multi-year amounts spread). A null
 * is a year without any figure, never zero.
 */
export interface Trend {
  years: number[];
  fundingByBasis: Array<{ basis: string; usd: Array<number | null> }>;
  postsByGrade: Array<{ grade: string; posts: Array<number | null> }>;
  postsTotal: Array<number | null>;
}

/** A figure an analyst has not confirmed whose confidence is below the review threshold. */
export interface PendingFunding extends FundingFigure {
  /** USD it would add to its basis total for the year once confirmed (0 when the same amount already counts). */
  wouldAdd: number;
}

export interface PendingStaff extends StaffFigure {
  /** Posts it would add once confirmed. */
  wouldAdd: number;
}

/** Below-threshold figures, kept out of the totals until an analyst confirms them. */
export interface Pending {
  funding: PendingFunding[];
  staffing: PendingStaff[];
  /** What confirming all of them would add, per basis (USD counted in the year) and in posts. */
  wouldAdd: { fundingByBasis: Array<{ basis: string; usdForYear: number }>; posts: number };
}

/** One entry of the executive summary's "largest changes". */
export interface SummaryChange {
  organizationId: string;
  acronym: string;
  /** A funding basis, or "posts". */
  measure: string;
  line: ChangeLine;
}

/** Text the reader needs to read the numbers, as data so the web and every export say the same. */
export interface Explainer {
  heading: string;
  text: string;
}

export interface OrganizationOverview {
  id: string;
  name: string;
  acronym: string;
  kind: string;
  funding: FundingFigure[];
  fundingByBasis: BasisTotal[];
  /** Figures whose currency has no rate in the table (kept, shown in their currency, not summed). */
  unconverted: number;
  staffing: StaffFigure[];
  posts: PostTotal[];
  postsTotal: number;
  units: Array<{ name: string; evidence: Evidence[] }>;
  documentsAnalysed: number;
  documentsWithFacts: number;
  passagesAnalysed: number;
  relevantPassages: number;
  highlights: Highlight[];
  change: Change;
  trend: Trend;
  pending: Pending;
}

export interface TrustFundRow {
  fund: string;
  managingOrganization: string | null;
  contributors: string[];
  pledgedUsd: number | null;
  receivedUsd: number | null;
  allocatedUsd: number | null;
  period: string | null;
  evidence: Evidence[];
}

export interface CoverageRow {
  organizationId: string;
  acronym: string;
  sources: Array<{
    id: string;
    status: string;
    enabled: boolean;
    lastSuccessAt: string | null;
    lastError: string | null;
  }>;
  documents: number;
  documentsAnalysed: number;
  lastSuccessfulCrawl: string | null;
  failedRuns: number;
  failedDocuments: number;
}

export interface Overview {
  year: number;
  generatedAt: string;
  /** The threshold used: `auto` facts below it are pending. */
  reviewThreshold: number;
  organizations: OrganizationOverview[];
  /** System-wide: a contribution several organizations report (manager and contributor) counts once. */
  trustFunds: TrustFundRow[];
  coverage: CoverageRow[];
  /**
   * System-wide, with the same de-duplication across organizations as `trustFunds`; each
   * organization's own table is not de-duplicated against the others.
   */
  totals: {
    fundingByBasis: BasisTotal[];
    postsTotal: number;
    organizationsWithData: number;
    figures: number;
    facts: number;
    documents: number;
    /** Figures per review state (funding and staffing, each organization's own). */
    review: Record<ReviewState, number>;
    /** All organizations' pending figures: how many, and what they would add. */
    pending: { figures: number; fundingByBasis: Array<{ basis: string; usdForYear: number }>; posts: number };
  };
  /** The system-wide five-year trend (same de-duplication as `totals`). */
  trend: Trend;
  summary: {
    /** The largest changes against the previous year, only where both years have figures. */
    largestChanges: SummaryChange[];
    /** New figures (no previous-year figure), by organization and measure. */
    newFigures: SummaryChange[];
    /** Coverage in one line: "Read 14 documents from 6 of 7 sources ... last successful crawl 6 December 2026." */
    coverage: string;
  };
  /** Headed paragraphs: sources, what counts, periods and spreading, currency, review and confidence, gaps. */
  methodology: Explainer[];
  /** Terms: each basis, spreading, confidence, each review state, pending. */
  glossary: Explainer[];
  fx: { source: string; basis: string; ratesUsed: string[]; provisionalYears: number[]; unverifiedYears: number[] };
  /** Every document cited by a figure, for the list of sources. */
  sources: Array<{ documentId: number; title: string | null; url: string; organizationId: string | null }>;
}
