import type { OrganizationOverview, Overview, Trend } from "../analysis/overview-types.ts";
import { escapeMarkdown as md, markdownUrl } from "./escape.ts";
import {
  plural,
  basisCell,
  basisLabel,
  changeSentences,
  dateInWords,
  documentHref,
  evidenceHref,
  evidenceReview,
  type ExportOptions,
  figureReview,
  numberEvidence,
  pendingSentence,
  usd,
} from "./format.ts";

const link = (text: string, href: string | null) => {
  const url = markdownUrl(href);
  return url ? `[${md(text)}](${url})` : md(text);
};

/**
 * The overview as Markdown, in the report's order: executive summary, the tables (funding, posts,
 * five-year trend, figures waiting for review, trust funds, coverage), each organization's figures
 * in words, methodology and glossary, the evidence numbered [1], [2]... and the sources. Text from
 * documents is escaped; links only to public addresses.
 * @example renderMarkdown(overview).startsWith("# Support to South-South") // true
 */
export function renderMarkdown(o: Overview, options: ExportOptions = {}): string {
  const ev = numberEvidence(o);
  const refs = (ids: number[]) => {
    const ns = ev.numbers(ids);
    return ns.length ? `[${ns.map((n) => `[${n}](#e${n})`).join(", ")}]` : "";
  };
  const out: string[] = [
    `# Support to South-South and triangular cooperation, ${o.year}`,
    "",
    `Annual overview, ${dateInWords(o.generatedAt)}. Every number cites its evidence [n], listed at the end.`,
    "",
    ...summary(o, options),
    "## Funding by organization (USD)",
    "",
    `| Organization | Basis | USD counted in ${o.year} | As reported | Change vs ${o.year - 1} | Evidence |`,
    "|---|---|---:|---:|---|---|",
  ];
  for (const org of o.organizations)
    for (const b of org.fundingByBasis) {
      const c = org.change.fundingByBasis.find((x) => x.basis === b.basis);
      out.push(
        `| ${md(org.acronym)} | ${basisLabel(b.basis)} | ${usd(b.usdForYear)} | ${usd(b.usdAsReported)} | ` +
          `${c?.text ?? ""} | ${refs(b.evidenceIds)} |`,
      );
    }
  out.push("", "## Posts by grade", "", `| Organization | Grade | Posts | Evidence |`, "|---|---|---:|---|");
  for (const org of o.organizations)
    for (const p of org.posts)
      out.push(`| ${md(org.acronym)} | ${md(p.grade)} | ${p.count} | ${refs(p.evidenceIds)} |`);
  out.push(
    "",
    `Posts, change vs ${o.year - 1}: ${
      o.organizations
        .filter((x) => x.change.posts.text)
        .map((x) => `${md(x.acronym)} ${x.change.posts.text}`)
        .join("; ") || "none"
    }.`,
  );
  out.push(
    "",
    `## Five-year trend, ${o.trend.years[0]}-${o.year}`,
    "",
    "A dash is a year without a figure, not zero.",
    "",
  );
  out.push(
    `| Organization | Measure | ${o.trend.years.join(" | ")} |`,
    `|---|---|${o.trend.years.map(() => "---:").join("|")}|`,
  );
  out.push(...trendRows(o.trend, "All organizations"));
  for (const org of o.organizations) out.push(...trendRows(org.trend, org.acronym));
  out.push(
    "",
    "## Figures waiting for review",
    "",
    `Not yet reviewed, with a confidence below ${o.reviewThreshold}: not in the totals above.`,
    "",
  );
  const pending = o.organizations.flatMap((org) => [
    ...org.pending.funding.map(
      (f) =>
        `- ${md(org.acronym)}, ${basisLabel(f.basis)}${f.subject ? `, ${md(f.subject)}` : ""}: ` +
        `${md(f.explanation)} ${refs(f.evidence.map((e) => e.factId))}`,
    ),
    ...org.pending.staffing.map(
      (s) =>
        `- ${md(org.acronym)}, posts${s.subject ? `, ${md(s.subject)}` : ""}: ${md(s.explanation)} ` +
        `${refs(s.evidence.map((e) => e.factId))}`,
    ),
  ]);
  out.push(...(pending.length ? pending : ["None: every figure read counts."]));
  out.push(
    "",
    "## SSTC trust funds and facilities",
    "",
    "| Fund | Managed by | Contributors | Pledged (USD) | Received (USD) | Allocated/other (USD) | Period | Evidence |",
    "|---|---|---|---:|---:|---:|---|---|",
  );
  for (const t of o.trustFunds)
    out.push(
      `| ${md(t.fund)} | ${md(t.managingOrganization)} | ${md(t.contributors.join(", ") || "not known")} | ` +
        `${usd(t.pledgedUsd)} | ${usd(t.receivedUsd)} | ${usd(t.allocatedUsd)} | ${t.period ?? ""} | ` +
        `${refs(t.evidence.map((e) => e.factId))} |`,
    );
  out.push(
    "",
    "## Coverage",
    "",
    "| Organization | Sources | Documents | Analysed | Last successful crawl | " +
      "Failed runs (90 days) | Failed documents |",
    "|---|---|---:|---:|---|---:|---:|",
  );
  for (const c of o.coverage)
    out.push(
      `| ${md(c.acronym)} | ${md(c.sources.map((s) => `${s.id} (${s.status})`).join(", ") || "none")} | ` +
        `${c.documents} | ${c.documentsAnalysed} | ${dateInWords(c.lastSuccessfulCrawl)} | ${c.failedRuns} | ` +
        `${c.failedDocuments} |`,
    );
  out.push("", "## By organization", "");
  for (const org of o.organizations) out.push(...organizationSection(org, refs, options), "");
  out.push("## Methodology", "");
  for (const m of o.methodology) out.push(`**${m.heading}.** ${md(m.text)}`, "");
  out.push("### Glossary", "");
  for (const g of o.glossary) out.push(`- **${g.heading}**: ${md(g.text)}`);
  out.push("", "## Evidence", "");
  for (const e of ev.list)
    out.push(
      `${e.n}. <a id="e${e.n}"></a>“${md(e.quote)}”, ` +
        `${link(e.title ?? "untitled document", evidenceHref(e, options))}, ${md(e.location)}. ` +
        `${evidenceReview(e)}.`,
    );
  out.push("", "## Sources", "");
  for (const s of o.sources) out.push(`- ${link(s.title ?? "untitled document", documentHref(s, options))}`);
  return `${out.join("\n")}\n`;
}

function summary(o: Overview, options: ExportOptions): string[] {
  const { largest, fresh } = changeSentences(o);
  const reviewed = o.totals.review.confirmed + o.totals.review.corrected;
  const all = reviewed + o.totals.review.unreviewed;
  const out = [
    "## Executive summary",
    "",
    `| Organization | Funding counted in ${o.year} (USD, by basis) | Posts | Figures checked |`,
    "|---|---|---:|---:|",
    ...o.organizations
      .filter((org) => org.fundingByBasis.length || org.postsTotal)
      .map(
        (org) =>
          `| ${md(org.acronym)} | ${basisCell(org.fundingByBasis) || "none"} | ` +
          `${org.staffing.length ? org.postsTotal : "–"} | ` +
          `${[...org.funding, ...org.staffing].filter((f) => f.review !== "unreviewed").length} of ` +
          `${org.funding.length + org.staffing.length} |`,
      ),
    `| **All organizations** | ${basisCell(o.totals.fundingByBasis) || "none"} | ${o.totals.postsTotal} | ` +
      `${reviewed} of ${all} |`,
    "",
    `**Largest changes against ${o.year - 1}.** ${
      largest.length
        ? ""
        : `No organization has figures of the same kind in both ${o.year - 1} and ${o.year} to compare.`
    }`,
    ...largest.map((l) => `- ${md(l)}`),
    "",
  ];
  if (fresh) out.push(md(fresh), "");
  const pending = pendingSentence(o);
  if (pending) out.push(`**Waiting for review.** ${pending}`, "");
  out.push(`**Coverage.** ${md(o.summary.coverage)}`, "");
  if (options.publicUrl)
    out.push(`Online, with the evidence behind every number: ${options.publicUrl}/?year=${o.year}`, "");
  return out;
}

function trendRows(t: Trend, label: string): string[] {
  const cells = (v: Array<number | null>, fmt: (n: number) => string) =>
    v.map((x) => (x === null ? "–" : fmt(x))).join(" | ");
  return [
    ...t.fundingByBasis.map((s) => `| ${md(label)} | ${basisLabel(s.basis)} (USD) | ${cells(s.usd, usd)} |`),
    ...t.postsByGrade.map((s) => `| ${md(label)} | Posts ${md(s.grade)} | ${cells(s.posts, String)} |`),
  ];
}

function organizationSection(
  org: OrganizationOverview,
  refs: (ids: number[]) => string,
  options: ExportOptions,
): string[] {
  const out = [`### ${md(org.acronym)}: ${md(org.name)}`, ""];
  out.push(
    `${plural(org.documentsAnalysed, "document")} analysed (${org.documentsWithFacts} with figures for the year), ` +
      `${org.relevantPassages} of ${org.passagesAnalysed} passages about SSTC.`,
    "",
  );
  for (const f of org.funding)
    out.push(
      `- **${basisLabel(f.basis)}${f.subject ? `, ${md(f.subject)}` : ""}**: ${md(f.explanation)}. ` +
        `${figureReview(f)} ${refs(f.evidence.map((e) => e.factId))}`,
    );
  for (const s of org.staffing)
    out.push(
      `- **Posts${s.subject ? `, ${md(s.subject)}` : ""}**: ${md(s.explanation)}. ${figureReview(s)} ` +
        `${refs(s.evidence.map((e) => e.factId))}`,
    );
  if (org.units.length) out.push("", `SSTC units and funds named: ${org.units.map((u) => md(u.name)).join("; ")}.`);
  for (const h of org.highlights)
    out.push("", `> ${md(h.text)}`, `> — ${link(h.title ?? "document", evidenceHref(h, options))}, page ${h.page}`);
  return out;
}
