import type { Evidence, Overview } from "../analysis/overview-types.ts";

/**
 * Wording shared by the text exports (Markdown, HTML, PDF): numbers, citations and the
 * methodology, so every format says the same thing in the same words.
 */

/** Whole US dollars with thousands separators. @example usd(1750000) // "1,750,000" */
export function usd(n: number | null): string {
  return n === null ? "n/a" : Math.round(n).toLocaleString("en-US");
}

/** An amount in its own currency. @example money(2000000, "EUR") // "EUR 2,000,000" */
export function money(value: number, currency: string): string {
  return `${currency} ${value.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
}

/** The citation label of a fact. @example cite(12) // "F12" */
export const cite = (factId: number) => `F${factId}`;

/** A link that opens the document at the page (PDF viewers honour #page=N). */
export function pageLink(e: Pick<Evidence, "url" | "page">): string {
  if (!e.url) return "";
  return e.page && !e.url.includes("#") ? `${e.url}#page=${e.page}` : e.url;
}

/** Every piece of evidence of the overview, by fact id, in order of first citation. */
export function allEvidence(o: Overview): Evidence[] {
  const seen = new Map<number, Evidence>();
  const add = (list: Evidence[]) => list.forEach((e) => seen.has(e.factId) || seen.set(e.factId, e));
  for (const org of o.organizations) {
    org.funding.forEach((f) => add(f.evidence));
    org.staffing.forEach((s) => add(s.evidence));
  }
  o.trustFunds.forEach((t) => add(t.evidence));
  return [...seen.values()];
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

/** The methodology, as headed paragraphs (each export lays them out its own way). */
export function methodology(o: Overview): Array<{ heading: string; text: string }> {
  return [
    {
      heading: "Sources",
      text: "ssc-monitor collects, on a schedule, the budget, programme, project and reporting documents published by UN-system organizations and development banks on their own sites, the UN Official Document System and open data services (IATI, World Bank projects and documents, open.undp.org). Each document is kept with every distinct version of its content; the list of sources at the end of this document gives every document cited.",
    },
    {
      heading: "Vocabulary",
      text: "South-South and triangular cooperation (SSTC) is recognised by its names in English, French, Spanish and Portuguese (South-South, triangular cooperation, TCDC, coopération Sud-Sud, cooperación Sur-Sur, cooperação Sul-Sul and their variants) and by the names of SSTC units and funds (UNOSSC, the UN Fund for South-South Cooperation, the Pérez-Guerrero Trust Fund, the IBSA Fund and others).",
    },
    {
      heading: "What counts as a fact",
      text: "A fact is an amount of money (a budget, allocation, expenditure, contribution or pledge; commitments and disbursements for project records) or a number of posts by grade, that a passage about SSTC attributes to SSTC support, with its quote, page and document. Percentages, counts of projects, events or countries, and years are never facts. Analysts review facts: rejected and superseded facts never count; corrected facts count with the analyst's value, currency and period. The same amount (within 0.5%) for the same subject, basis and period reported in several documents or editions is one figure with several pieces of evidence. Only the newest analysed version of each document is current. Bases are never added to one another (a budget and its expenditure are the same money).",
    },
    {
      heading: "Periods",
      text: `An amount counts in ${o.year} when its period covers ${o.year}. Multi-year amounts are kept as reported and, for the year's totals, spread evenly over the years of their period (labelled as such); amounts reported per year count in full. The change column compares with ${o.year - 1} under the same rules.`,
    },
    {
      heading: "Currency conversion",
      text: `Amounts in other currencies are converted to US dollars with the ${o.fx.basis} exchange rate of the year in which their period starts. Rates: ${o.fx.source} Each converted figure states the rate used.${o.fx.provisionalYears.length ? ` Rates for ${o.fx.provisionalYears.join(", ")} are provisional.` : ""}`,
    },
    {
      heading: "Known gaps",
      text: "Documents that are not published online, scanned documents without a text layer, and amounts whose period cannot be read are missing or not counted. Staff of SSTC units funded outside the documents read are not seen. Figures are as reported by each organization; reporting practices differ between organizations, so comparisons across organizations are indicative. The coverage table shows which sources were read and which failed.",
    },
  ];
}
