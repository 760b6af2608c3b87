import { buildOverview } from "../analysis/overview.ts";
import type { OverviewDocumentInput, OverviewFactInput } from "../analysis/overview-types.ts";
import { UNCORRECTED } from "./fact-fixtures.ts";

/**
 * One overview for the export tests, in the shapes the loader gives: UNCTAD with a biennial budget
 * reported by two documents and two P-4 posts (no 2023 figure: "new"); UNOSSC with a EUR
 * contribution and its 2023 one (a real change); FAO with a World Bank-style record field and a
 * document served from a local mirror (127.0.0.1); a pending low-confidence allocation.
 */
const doc = (id: number, org: string, title: string, url = `https://example.org/${id}.pdf`): OverviewDocumentInput => ({
  id,
  title,
  url,
  organizationId: org,
  sourceId: null,
  type: "budget",
  symbol: null,
  status: "active",
  latestVersionId: id,
  passages: 40,
  relevantPassages: 5,
});
const base = {
  value: null,
  currency: null,
  basis: null,
  count: null,
  grade: null,
  confidence: 0.95,
  status: "auto" as const,
  ...UNCORRECTED,
  evidence: null,
  page: 4,
};
const fact = (id: number, d: OverviewDocumentInput, over: Partial<OverviewFactInput>): OverviewFactInput => ({
  ...base,
  id,
  documentId: d.id,
  versionId: d.id,
  organizationId: d.organizationId,
  kind: "funding",
  period: "2024-2025",
  periodStart: 2024,
  periodEnd: 2025,
  subject: "South-South Cooperation Unit",
  quote: "$3.5 million",
  ...over,
});
const year = (y: number) => ({ period: String(y), periodStart: y, periodEnd: y });

const budget = doc(1, "unctad", "Proposed programme budget for 2024-2025, section 12");
const report = doc(2, "unctad", "Annual report 2024");
const fund = doc(3, "unossc", "UNFSSC annual report <2024>");
const mirror = doc(4, "fao", "FAO South-South project", "http://127.0.0.1:8123/fao/project.html");

export const MIRROR_URL = mirror.url;

export const OVERVIEW = buildOverview({
  year: 2024,
  now: new Date("2026-12-07T08:00:00Z"),
  reviewThreshold: 0.9,
  organizations: [
    {
      id: "unctad",
      name: "United Nations Conference on Trade and Development",
      acronym: "UNCTAD",
      kind: "secretariat",
    },
    {
      id: "unossc",
      name: "United Nations Office for South-South Cooperation",
      acronym: "UNOSSC",
      kind: "fund-programme",
    },
    { id: "fao", name: "Food and Agriculture Organization", acronym: "FAO", kind: "specialized-agency" },
  ],
  documents: [budget, report, fund, mirror],
  facts: [
    fact(101, budget, { value: 3_500_000, currency: "USD", basis: "budget", status: "confirmed" }),
    fact(102, report, { value: 3_500_000, currency: "USD", basis: "budget", page: 12 }),
    fact(103, budget, { kind: "staffing", count: 2, grade: "P-4", quote: "2 P-4" }),
    fact(104, fund, {
      ...year(2024),
      organizationId: "unossc",
      value: 2_000_000,
      currency: "EUR",
      basis: "contribution",
      subject: "United Nations Fund for South-South Cooperation",
      quote: 'EUR 2 million <script>alert("x")</script>',
      evidence: { subjectId: "unfssc" },
    }),
    fact(105, fund, {
      ...year(2023),
      organizationId: "unossc",
      value: 1_000_000,
      currency: "USD",
      basis: "contribution",
      subject: "United Nations Fund for South-South Cooperation",
      quote: "$1 million",
      evidence: { subjectId: "unfssc" },
    }),
    fact(106, mirror, {
      value: 6_000_000,
      currency: "USD",
      basis: "commitment",
      subject: "South-South knowledge exchange",
      quote: "6000000",
      page: 1,
      evidence: { recordId: "wb-project:P900001", field: "totalcommamt" },
    }),
    fact(107, budget, {
      ...year(2024),
      value: 400_000,
      currency: "USD",
      basis: "allocation",
      subject: "Triangular cooperation pilot",
      quote: "$400,000",
      confidence: 0.74,
    }),
  ],
  passages: [
    {
      id: 9,
      documentId: 1,
      versionId: 1,
      page: 4,
      text: "South-South cooperation is a priority of subprogramme 5, with dedicated resources.",
      score: 3,
    },
  ],
});
