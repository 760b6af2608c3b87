import type { Evidence, OrganizationOverview, Overview } from "../analysis/overview-types.ts";
import { escapeMarkdown, markdownUrl } from "./escape.ts";
import { allEvidence, BASIS_LABEL, cite, methodology, money, pageLink, usd } from "./format.ts";

/** Text from documents, for a table cell, list item, link text or quote (escape.ts). */
const cell = escapeMarkdown;
const link = markdownUrl;
const refs = (ids: number[]) => ids.map((id) => `[${cite(id)}](#${cite(id).toLowerCase()})`).join(" ");

/**
 * The overview as Markdown: methodology, the agency table, posts, trust funds, coverage, a
 * qualitative section per organization, the evidence list (one anchor per fact) and the sources.
 * Every number is followed by the ids of the facts behind it.
 * @example renderMarkdown(overview).startsWith("# Support to South-South") // true
 */
export function renderMarkdown(o: Overview): string {
  const out: string[] = [
    `# Support to South-South and triangular cooperation, ${o.year}`,
    "",
    `Generated ${o.generatedAt} by ssc-monitor.`,
    "",
  ];
  out.push("## Methodology", "");
  for (const m of methodology(o)) out.push(`**${m.heading}.** ${m.text}`, "");
  out.push(
    "## Funding by organization (USD)",
    "",
    "| Organization | Basis | USD counted in the year | As reported | Change vs previous year | Evidence |",
    "|---|---|---:|---:|---:|---|",
  );
  for (const org of o.organizations) {
    for (const b of org.fundingByBasis) {
      const delta = org.change.fundingByBasis.find((c) => c.basis === b.basis)?.delta ?? 0;
      out.push(
        `| ${cell(org.acronym)} | ${BASIS_LABEL[b.basis] ?? b.basis} | ${usd(b.usdForYear)} | ${usd(b.usdAsReported)} | ${delta >= 0 ? "+" : ""}${usd(delta)} | ${refs(b.evidenceIds)} |`,
      );
    }
  }
  out.push("", "## Posts by grade", "", "| Organization | Grade | Posts | Evidence |", "|---|---|---:|---|");
  for (const org of o.organizations)
    for (const p of org.posts)
      out.push(`| ${cell(org.acronym)} | ${cell(p.grade)} | ${p.count} | ${refs(p.evidenceIds)} |`);
  out.push(
    "",
    "## SSTC trust funds and facilities",
    "",
    "| Fund | Managed by | Contributors | Pledged (USD) | Received (USD) | Allocated/other (USD) | Period | Evidence |",
    "|---|---|---|---:|---:|---:|---|---|",
  );
  for (const t of o.trustFunds) {
    out.push(
      `| ${cell(t.fund)} | ${cell(t.managingOrganization ?? "")} | ${cell(t.contributors.join(", ") || "not known")} | ${usd(t.pledgedUsd)} | ${usd(t.receivedUsd)} | ${usd(t.allocatedUsd)} | ${cell(t.period ?? "")} | ${refs(t.evidence.map((e) => e.factId))} |`,
    );
  }
  out.push(
    "",
    "## Coverage",
    "",
    "| Organization | Sources | Documents | Analysed | Last successful crawl | Failed runs (90 days) | Failed documents |",
    "|---|---|---:|---:|---|---:|---:|",
  );
  for (const c of o.coverage) {
    out.push(
      `| ${cell(c.acronym)} | ${cell(c.sources.map((s) => `${s.id} (${s.status})`).join(", ") || "none")} | ${c.documents} | ${c.documentsAnalysed} | ${c.lastSuccessfulCrawl ?? "never"} | ${c.failedRuns} | ${c.failedDocuments} |`,
    );
  }
  out.push("", "## By organization", "");
  for (const org of o.organizations) out.push(...organizationSection(org), "");
  out.push("## Evidence", "");
  for (const e of allEvidence(o)) out.push(evidenceLine(e));
  out.push("", "## Sources", "");
  for (const s of o.sources) out.push(`- [${cell(s.title ?? s.url)}](${link(s.url)})`);
  return out.join("\n") + "\n";
}

function organizationSection(org: OrganizationOverview): string[] {
  const out = [`### ${cell(org.acronym)}: ${cell(org.name)}`, ""];
  out.push(
    `${org.documentsAnalysed} documents analysed (${org.documentsWithFacts} with figures for the year), ${org.relevantPassages} of ${org.passagesAnalysed} passages about SSTC.`,
    "",
  );
  for (const f of org.funding) {
    const conv = f.conversion ? ` (≈ USD ${usd(f.usd)} at ${f.conversion.label})` : "";
    const spread = f.spread ? `; ${f.spread}: USD ${usd(f.usdForYear)}` : "";
    out.push(
      `- ${BASIS_LABEL[f.basis] ?? f.basis}${f.subject ? `, ${cell(f.subject)}` : ""}${f.period ? `, ${cell(f.period)}` : ""}: ${cell(money(f.value, f.currency))}${conv}${spread} ${refs(f.evidence.map((e) => e.factId))}`,
    );
  }
  for (const s of org.staffing)
    out.push(
      `- ${s.count} post(s) ${cell(s.grade ?? "(grade not stated)")}${s.subject ? `, ${cell(s.subject)}` : ""}${s.period ? `, ${cell(s.period)}` : ""} ${refs(s.evidence.map((e) => e.factId))}`,
    );
  if (org.units.length) out.push("", `SSTC units and funds named: ${org.units.map((u) => cell(u.name)).join("; ")}.`);
  for (const h of org.highlights)
    out.push("", `> ${cell(h.text)}`, `> — [${cell(h.title ?? h.url)}, p. ${h.page}](${link(pageLink(h))})`);
  return out;
}

function evidenceLine(e: Evidence): string {
  const where = e.recordId ? `record ${e.recordId}${e.field ? `, field ${e.field}` : ""}` : `p. ${e.page ?? "?"}`;
  return `- <a id="${cite(e.factId).toLowerCase()}"></a>**${cite(e.factId)}** “${cell(e.quote)}”, [${cell(e.title ?? e.url)}](${link(pageLink(e))}), ${where} (${e.status})`;
}
