import type { CoverageRow, Explainer, Overview } from "./overview-types.ts";
import { BASIS_LABEL, dateInWords, REVIEW_LABEL } from "./overview-words.ts";

/**
 * The methodology and glossary of the overview as data: the web pages and every export render the
 * same paragraphs. Pure.
 * @example methodology({ year: 2024, fx, reviewThreshold: 0.9 })[0].heading // "Sources"
 */
export function methodology(o: Pick<Overview, "year" | "fx" | "reviewThreshold">): Explainer[] {
  return [
    {
      heading: "Sources",
      text:
        "ssc-monitor collects, on a schedule, the budget, programme, project and reporting documents published by " +
        "UN-system organizations and development banks on their own sites, the UN Official Document System and " +
        "open data services (IATI, World Bank projects and documents, open.undp.org). Each document is kept with " +
        "every distinct version of its content; the list of sources at the end gives every document cited.",
    },
    {
      heading: "Vocabulary",
      text:
        "South-South and triangular cooperation (SSTC) is recognised by its names in English, French, Spanish and " +
        "Portuguese (South-South, triangular cooperation, TCDC, coopération Sud-Sud, cooperación Sur-Sur, " +
        "cooperação Sul-Sul and their variants) and by the names of SSTC units and funds (UNOSSC, the UN Fund for " +
        "South-South Cooperation, the Pérez-Guerrero Trust Fund, the IBSA Fund and others).",
    },
    {
      heading: "What counts as a figure",
      text:
        "A figure is an amount of money (a budget, allocation, expenditure, contribution or pledge; commitments " +
        "and disbursements for project records) or a number of posts by grade that a passage about SSTC attributes " +
        "to SSTC support, with its quote, page and document. Percentages, counts of projects, events or countries, " +
        "and years are never figures. The same amount (within 0.5%) for the same subject, basis and period " +
        "reported in several documents or editions is one figure with several pieces of evidence. Only the newest " +
        "edition of each document is current. Bases are never added to one another (a budget and its expenditure " +
        "are the same money).",
    },
    {
      heading: "Periods and spreading",
      text:
        `An amount counts in ${o.year} when its period covers ${o.year}. Amounts for several years are kept as ` +
        "reported and, for the year's totals, spread evenly over the years of their period: USD 6,000,000 for " +
        "2024-2025 counts as USD 3,000,000 in each year. Amounts reported per year count in full. Each figure says " +
        "how it was counted.",
    },
    {
      heading: "Changes and trend",
      text:
        `The change column compares ${o.year} with ${o.year - 1} under the same rules, and only where both years ` +
        `have a figure; a figure without one in ${o.year - 1} is marked new, never shown as an increase from zero. ` +
        "The five-year trend counts each year the same way; a year without a figure is left blank.",
    },
    {
      heading: "Review and confidence",
      text:
        "Analysts check figures against their sources: a figure is confirmed (checked as found), corrected (an " +
        "analyst's value, currency, period or count replaces what was read) or not yet reviewed. Rejected figures " +
        "never count. Each figure read by the analyzer carries a confidence between 0 and 1. A figure not yet " +
        `reviewed whose confidence is below ${o.reviewThreshold} is pending: it is left out of the totals until an ` +
        "analyst confirms it, and is listed apart with what it would add.",
    },
    {
      heading: "Currency conversion",
      text:
        `Amounts in other currencies are converted to US dollars with the ${o.fx.basis} exchange rate of the year ` +
        `in which their period starts. Rates: ${o.fx.source} Each converted figure states the rate used.` +
        `${o.fx.provisionalYears.length ? ` Rates for ${o.fx.provisionalYears.join(", ")} are provisional.` : ""}`,
    },
    {
      heading: "Known gaps",
      text:
        "Documents that are not published online, scanned documents without a text layer, and amounts whose period " +
        "cannot be read are missing or not counted. Staff of SSTC units funded outside the documents read are not " +
        "seen. Figures are as reported by each organization; reporting practices differ, so comparisons across " +
        "organizations are indicative. The coverage table shows which sources were read and which failed.",
    },
  ];
}

const BASIS_MEANING: Record<string, string> = {
  budget: "money approved in a budget or programme plan for SSTC.",
  allocation: "money set aside for SSTC from a larger budget or fund.",
  expenditure: "money reported as spent on SSTC.",
  contribution: "money paid by a donor into an SSTC fund or programme.",
  pledge: "money promised by a donor, not necessarily paid yet.",
  commitment: "the amount a project record commits (World Bank, IATI).",
  disbursement: "money a project record reports as paid out.",
  "trust-fund": "the capital of an SSTC trust fund.",
  unspecified: "the document does not say whether the amount is a budget, an expenditure or another basis.",
};

/**
 * Terms the tables use: each basis, spreading, confidence, each review state and pending.
 * @example glossary({ reviewThreshold: 0.9 }).map((g) => g.heading) // ["Budget", ..., "Pending"]
 */
export function glossary(o: Pick<Overview, "reviewThreshold">): Explainer[] {
  return [
    ...Object.entries(BASIS_MEANING).map(([basis, text]) => ({ heading: BASIS_LABEL[basis], text: cap(text) })),
    {
      heading: "Counted in the year",
      text:
        "The part of an amount that falls in the overview's year: the whole amount for one year, an even share of " +
        "an amount for several years.",
    },
    {
      heading: "Confidence",
      text:
        "How sure the analyzer is that a figure is SSTC support and was read correctly, from 0 to 1. It matters " +
        "only until an analyst reviews the figure.",
    },
    {
      heading: "Confirmed",
      text: `${cap(REVIEW_LABEL.confirmed)}: the figure was checked against its source as read.`,
    },
    {
      heading: "Corrected",
      text: `${cap(REVIEW_LABEL.corrected)}: the analyst's value, currency, period or count replaces what was read.`,
    },
    { heading: "Not yet reviewed", text: "Read by the analyzer and not yet checked by an analyst." },
    {
      heading: "Pending",
      text:
        `Not yet reviewed and with a confidence below ${o.reviewThreshold}: not in the totals until an analyst ` +
        "confirms it.",
    },
    { heading: "New", text: "A figure with no figure of the same kind in the previous year: no change is computed." },
  ];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Coverage in one line for the executive summary.
 * @example coverageLine(rows)
 *   // "14 documents analysed from 6 sources for 5 organizations; 1 source failing (UNIDO);
 *   //  last successful crawl 6 December 2026."
 */
export function coverageLine(rows: CoverageRow[]): string {
  const sources = rows.flatMap((r) => r.sources.filter((s) => s.enabled));
  const failing = rows.filter((r) => r.sources.some((s) => s.enabled && s.status === "failed"));
  const analysed = rows.reduce((n, r) => n + r.documentsAnalysed, 0);
  const last = rows
    .map((r) => r.lastSuccessfulCrawl)
    .filter((d): d is string => Boolean(d))
    .sort()
    .pop();
  const failed = failing.length
    ? `; ${failing.length} ${failing.length === 1 ? "organization has a source" : "organizations have sources"} ` +
      `failing (${failing.map((r) => r.acronym).join(", ")})`
    : "; no source failing";
  const orgs = rows.length;
  return (
    `${analysed} ${analysed === 1 ? "document" : "documents"} analysed from ` +
    `${sources.length} ${sources.length === 1 ? "source" : "sources"} ` +
    `for ${orgs} ${orgs === 1 ? "organization" : "organizations"}${failed}; ` +
    `${last ? `last successful crawl ${dateInWords(last)}` : "no successful crawl yet"}.`
  );
}
