/** Kinds of basis a funding amount can have. */
export type FundingBasis = "budget" | "allocation" | "expenditure" | "contribution" | "pledge" | "trust-fund" | null;

interface FactBase {
  subject: string | null;
  /** Vocabulary id of the subject when it is a known SSTC unit or fund. */
  subjectId: string | null;
  period: string | null;
  quote: string;
  /** Offsets into the original page text: pageText.slice(start, end) === quote. */
  start: number;
  end: number;
  page: number;
  confidence: number;
  passageIndex: number;
}

export interface FundingFact extends FactBase {
  kind: "funding";
  value: number;
  /** Upper end when the text gives a range ("$3-5 million"). */
  valueMax?: number;
  currency: string;
  usd: number | null;
  basis: FundingBasis;
  perYear?: boolean;
}

export interface StaffingFact extends FactBase {
  kind: "staffing";
  count: number;
  grade: string | null;
}

export type Fact = FundingFact | StaffingFact;

/** An SSTC unit or fund named in the text (for "unit disappeared" alerts). */
export interface UnitMention {
  kind: "unit";
  id: string;
  name: string;
  org: string | null;
  quote: string;
  start: number;
  end: number;
  page: number;
  passageIndex: number;
}

export interface Passage {
  page: number;
  start: number;
  end: number;
  text: string;
  relevant: boolean;
  score: number;
}

/**
 * A quantity the extractor found in a relevant passage, kept as a fact or dropped, with why:
 * what `analyze --explain` prints and what the confidence model is trained on.
 */
export interface Candidate {
  kept: boolean;
  /** The fact it is (or would have been): value, quote, offsets, subject, confidence. */
  fact: Fact;
  /** Why it was dropped (null when kept). */
  reason: string | null;
  /**
   * The scope that decided: "clause" (an SSTC anchor in its clause), "sentence" (carried from the sentences before),
   * "table", "record".
   */
  scope: string;
  /** The pattern that found it: "amount", "table-cell", "post-table", "graded", "count", "form". */
  cue: string;
  /** What the confidence model saw ("anchor:unit", "dist:near", ...). */
  features: string[];
}
