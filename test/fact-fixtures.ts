import { buildOverview } from "../analysis/overview.ts";
import type { OverviewDocumentInput, OverviewFactInput, OverviewInput } from "../analysis/overview-types.ts";
import type { StoredFact } from "../analysis/stored-fact.ts";

/**
 * Fact and document builders shared by the unit tests of analysis/ and the export tests (test
 * code only: no product folder imports this file). Every test file runs in its own module, so
 * `nextId` starts at 1 in each.
 */

type CorrectedField = `corrected${"Value" | "Currency" | "Period" | "Count" | "Basis" | "Subject"}`;

/** No analyst's correction: every corrected field null. */
export const UNCORRECTED = Object.fromEntries(
  ["Value", "Currency", "Period", "Count", "Basis", "Subject"].map((k) => [`corrected${k}`, null]),
) as Pick<StoredFact, CorrectedField>;

/** Two organizations for the overview tests. */
export const ORGS = [
  { id: "undp", name: "United Nations Development Programme", acronym: "UNDP", kind: "fund-programme" },
  { id: "fao", name: "Food and Agriculture Organization", acronym: "FAO", kind: "specialized-agency" },
];

let nextId = 1;

/** An active UNDP budget document (its id from the file's counter unless given; version id ten times it). */
export function doc(over: Partial<OverviewDocumentInput> = {}): OverviewDocumentInput {
  const id = over.id ?? nextId++;
  return {
    id,
    title: `Doc ${id}`,
    url: `https://example.org/${id}.pdf`,
    organizationId: "undp",
    sourceId: null,
    type: "budget",
    symbol: null,
    status: "active",
    latestVersionId: id * 10,
    passages: 10,
    relevantPassages: 2,
    ...over,
  };
}

/** An unreviewed USD 1 million budget fact of `d`'s latest version for 2024 (years follow `over.period`). */
export function fact(d: OverviewDocumentInput, over: Partial<OverviewFactInput> = {}): OverviewFactInput {
  const period = over.period === undefined ? "2024" : over.period;
  const [start, end] = period ? period.split("-").map(Number) : [null, null];
  return {
    id: nextId++,
    documentId: d.id,
    versionId: d.latestVersionId!,
    organizationId: d.organizationId,
    kind: "funding",
    value: 1_000_000,
    currency: "USD",
    period,
    periodStart: start ?? null,
    periodEnd: end ?? start ?? null,
    basis: "budget",
    count: null,
    grade: null,
    subject: "South-South Cooperation Unit",
    quote: "$1 million",
    page: 3,
    confidence: 0.9,
    status: "auto",
    ...UNCORRECTED,
    evidence: null,
    ...over,
  };
}

/** A staffing fact of `d`: `count` posts of `grade`. */
export const staff = (d: OverviewDocumentInput, grade: string, count: number, over: Partial<OverviewFactInput> = {}) =>
  fact(d, {
    kind: "staffing",
    value: null,
    currency: null,
    basis: null,
    grade,
    count,
    quote: `${count} ${grade}`,
    ...over,
  });

/** The overview of 2024 over ORGS, as built on 2026-11-29. */
export const build = (
  facts: OverviewFactInput[],
  documents: OverviewDocumentInput[],
  extra: Partial<OverviewInput> = {},
) =>
  buildOverview({ year: 2024, facts, documents, organizations: ORGS, now: new Date("2026-11-29T00:00:00Z"), ...extra });

/** UNDP's part of an overview. */
export const undp = (o: ReturnType<typeof build>) => o.organizations.find((x) => x.id === "undp")!;
