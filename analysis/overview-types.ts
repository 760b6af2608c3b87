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
}

/** Where a number comes from: enough to open the document at the page and read the quote. */
export interface Evidence {
  factId: number;
  documentId: number;
  title: string | null;
  url: string;
  page: number | null;
  quote: string;
  status: FactStatus;
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
  evidence: Evidence[];
}

export interface StaffFigure {
  key: string;
  grade: string | null;
  subject: string | null;
  count: number;
  period: string | null;
  status: FactStatus;
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

export interface Change {
  previousYear: number;
  /** Per basis (bases are never added to one another), in USD counted for each year. */
  fundingByBasis: Array<{ basis: string; current: number; previous: number; delta: number; pct: number | null }>;
  posts: { current: number; previous: number; delta: number };
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
  organizations: OrganizationOverview[];
  /** System-wide: a contribution several organizations report (manager and contributor) counts once. */
  trustFunds: TrustFundRow[];
  coverage: CoverageRow[];
  /** System-wide, with the same de-duplication across organizations as `trustFunds`; each organization's own table is not de-duplicated against the others. */
  totals: {
    fundingByBasis: BasisTotal[];
    postsTotal: number;
    organizationsWithData: number;
    figures: number;
    facts: number;
    documents: number;
  };
  fx: { source: string; basis: string; ratesUsed: string[]; provisionalYears: number[]; unverifiedYears: number[] };
  /** Every document cited by a figure, for the list of sources. */
  sources: Array<{ documentId: number; title: string | null; url: string; organizationId: string | null }>;
}
