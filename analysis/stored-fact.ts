/**
 * A stored fact as plain data (no database types, so analysis/ stays pure): the fields that
 * change detection and the overview both read from a `facts` row.
 */

export type FactStatus = "auto" | "confirmed" | "corrected" | "rejected" | "superseded";

export interface StoredFact {
  id: number;
  kind: "funding" | "staffing" | "unit";
  organizationId: string | null;
  subject: string | null;
  value: number | null;
  currency: string | null;
  period: string | null;
  periodStart: number | null;
  periodEnd: number | null;
  basis: string | null;
  count: number | null;
  grade: string | null;
  quote: string;
  page: number | null;
  confidence: number;
  status: FactStatus;
  correctedValue: number | null;
  correctedCurrency: string | null;
  correctedPeriod: string | null;
  correctedCount: number | null;
  correctedBasis: string | null;
  correctedSubject: string | null;
}
