import type { Overview } from "../analysis/overview-types.ts";
import {
  basisLabel,
  dateInWords,
  documentHref,
  evidenceHref,
  evidenceReview,
  type ExportOptions,
  figureReview,
  numberEvidence,
} from "./format.ts";

type Cell = string | number | null;

/** A column: its header, and for numbers the Excel number format ("#,##0" dollars, "0" posts, "0.00" confidence). */
export interface Column {
  header: string;
  numFmt?: string;
  /** Wide text columns wrap instead of growing past 60 characters. */
  wrap?: boolean;
}

export interface Sheet {
  name: string;
  columns: Column[];
  rows: Cell[][];
}

const USD = "#,##0";
const COUNT = "0";
const CONFIDENCE = "0.00";
const col = (header: string, numFmt?: string): Column => (numFmt ? { header, numFmt } : { header });
const text = (header: string): Column => ({ header, wrap: true });

/**
 * The workbook's sheets, one per table of the overview: the year's funding and posts with the
 * change only where the previous year has a figure, each figure in words with its review state,
 * the five-year trend, figures waiting for review, trust funds, coverage, evidence (numbered as
 * in the HTML and PDF), methodology and glossary.
 */
export function overviewSheets(o: Overview, options: ExportOptions = {}): Sheet[] {
  const ev = numberEvidence(o);
  const cites = (ids: number[]) => ev.numbers(ids).join(", ");
  return [
    {
      name: "Funding",
      columns: [
        col("Organization"),
        col("Acronym"),
        col("Basis"),
        col(`USD counted in ${o.year}`, USD),
        col("USD as reported", USD),
        col(`${o.year - 1} (USD)`, USD),
        col(`Change vs ${o.year - 1} (USD)`, USD),
        col(`Change vs ${o.year - 1}`),
        col("Figures", COUNT),
        text("How counted"),
        col("Evidence"),
      ],
      rows: o.organizations.flatMap((org) =>
        org.fundingByBasis.map((b) => {
          const c = org.change.fundingByBasis.find((x) => x.basis === b.basis);
          return [
            org.name,
            org.acronym,
            basisLabel(b.basis),
            Math.round(b.usdForYear),
            Math.round(b.usdAsReported),
            c?.previous == null ? null : Math.round(c.previous),
            c?.delta == null ? null : Math.round(c.delta),
            c?.text ?? null,
            b.figures,
            b.explanation,
            cites(b.evidenceIds),
          ];
        }),
      ),
    },
    {
      name: "Funding figures",
      columns: [
        col("Acronym"),
        col("Basis"),
        text("Subject"),
        col("Value", "#,##0.##"),
        col("Currency"),
        col("USD", USD),
        col("Rate used"),
        col("Period"),
        col(`USD counted in ${o.year}`, USD),
        text("Explanation"),
        col("Review"),
        col("Confidence", CONFIDENCE),
        col("Evidence"),
      ],
      rows: o.organizations.flatMap((org) =>
        org.funding.map((f) => [
          org.acronym,
          basisLabel(f.basis),
          f.subject,
          f.value,
          f.currency,
          f.usd,
          f.conversion?.label ?? null,
          f.period,
          f.usdForYear,
          f.explanation,
          figureReview(f),
          f.confidence,
          cites(f.evidence.map((e) => e.factId)),
        ]),
      ),
    },
    {
      name: "Posts",
      columns: [col("Acronym"), col("Grade"), col("Posts", COUNT), text("Explanation"), col("Review"), col("Evidence")],
      rows: o.organizations.flatMap((org) =>
        org.staffing.map((s) => [
          org.acronym,
          s.grade ?? "not stated",
          s.count,
          s.explanation,
          figureReview(s),
          cites(s.evidence.map((e) => e.factId)),
        ]),
      ),
    },
    {
      name: "Trend",
      columns: [col("Organization"), col("Measure"), ...o.trend.years.map((y) => col(String(y), USD))],
      rows: [{ acronym: "All organizations", trend: o.trend }, ...o.organizations].flatMap((org) => [
        ...org.trend.fundingByBasis.map((s) => [org.acronym, `${basisLabel(s.basis)} (USD)`, ...s.usd]),
        ...org.trend.postsByGrade.map((s) => [org.acronym, `Posts ${s.grade}`, ...s.posts]),
      ]),
    },
    {
      name: "Waiting for review",
      columns: [
        col("Acronym"),
        col("Kind"),
        col("Basis or grade"),
        text("As read"),
        col("Would add", USD),
        col("Confidence", CONFIDENCE),
        col("Evidence"),
      ],
      rows: o.organizations.flatMap((org) => [
        ...org.pending.funding.map((f) => [
          org.acronym,
          "Funding (USD)",
          basisLabel(f.basis),
          f.explanation,
          f.wouldAdd,
          f.confidence,
          cites(f.evidence.map((e) => e.factId)),
        ]),
        ...org.pending.staffing.map((s) => [
          org.acronym,
          "Posts",
          s.grade ?? "not stated",
          s.explanation,
          s.wouldAdd,
          s.confidence,
          cites(s.evidence.map((e) => e.factId)),
        ]),
      ]),
    },
    {
      name: "Trust funds",
      columns: [
        text("Fund or facility"),
        col("Managed by"),
        text("Contributors"),
        col("Pledged (USD)", USD),
        col("Received (USD)", USD),
        col("Allocated/other (USD)", USD),
        col("Period"),
        col("Evidence"),
      ],
      rows: o.trustFunds.map((t) => [
        t.fund,
        t.managingOrganization,
        t.contributors.join(", "),
        t.pledgedUsd,
        t.receivedUsd,
        t.allocatedUsd,
        t.period,
        cites(t.evidence.map((e) => e.factId)),
      ]),
    },
    {
      name: "Coverage",
      columns: [
        col("Acronym"),
        text("Sources"),
        col("Documents", COUNT),
        col("Analysed", COUNT),
        col("Last successful crawl"),
        col("Failed runs (90 days)", COUNT),
        col("Failed documents", COUNT),
      ],
      rows: o.coverage.map((c) => [
        c.acronym,
        c.sources.map((s) => `${s.id} (${s.status})`).join(", "),
        c.documents,
        c.documentsAnalysed,
        dateInWords(c.lastSuccessfulCrawl),
        c.failedRuns,
        c.failedDocuments,
      ]),
    },
    {
      name: "Evidence",
      columns: [
        col("No.", COUNT),
        text("Quote"),
        text("Document"),
        col("Where"),
        col("Link"),
        col("Review"),
        col("Fact id", COUNT),
      ],
      rows: ev.list.map((e) => [
        e.n,
        e.quote,
        e.title,
        e.location,
        evidenceHref(e, options),
        evidenceReview(e),
        e.factId,
      ]),
    },
    {
      name: "Sources",
      columns: [text("Document"), col("Link")],
      rows: o.sources.map((s) => [s.title, documentHref(s, options)]),
    },
    {
      name: "Methodology",
      columns: [col("Topic"), text("Text")],
      rows: [...o.methodology, ...o.glossary.map((g) => ({ heading: `Glossary: ${g.heading}`, text: g.text }))].map(
        (m) => [m.heading, m.text],
      ),
    },
  ];
}
