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
