import type { Evidence, OrganizationOverview, Overview } from "../analysis/overview-types.ts";
import { fundingChart } from "./chart.ts";
import { allEvidence, BASIS_LABEL, cite, methodology, money, pageLink, usd } from "./format.ts";

export interface HtmlOptions {
  /** Where the service runs (e.g. https://ssc.example.org): evidence then also links to each fact's review page. */
  baseUrl?: string;
}

const esc = (s: string | number | null | undefined) =>
  String(s ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
const refs = (ids: number[]) =>
  `<sup class="ev">${ids.map((id) => `<a href="#${cite(id).toLowerCase()}">${cite(id)}</a>`).join(" ")}</sup>`;
const signed = (n: number) => `${n >= 0 ? "+" : "−"}${usd(Math.abs(n))}`;

const CSS = `body{font-family:Georgia,"Times New Roman",serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
h1,h2,h3{font-family:Helvetica,Arial,sans-serif;color:#103a5c}h2{border-bottom:2px solid #103a5c;padding-bottom:.2rem;margin-top:2.5rem}
table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #c8c8c8;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#eef3f7}sup.ev{font-size:.7rem}sup.ev a{color:#8b3a62;text-decoration:none}
blockquote{border-left:4px solid #9ab;margin:.8rem 0;padding:.2rem .8rem;color:#333}ol.evidence li{margin:.3rem 0}.muted{color:#666}
@media print{body{margin:0;max-width:none}a{color:inherit}h2{page-break-after:avoid}table{page-break-inside:auto}tr{page-break-inside:avoid}}`;

/**
 * The overview as one standalone HTML document (no external resources): methodology, a chart of
 * funding by organization (inline SVG), the tables, a qualitative section per organization, the
 * evidence behind every number (each cited as F<fact id>) and the list of sources.
 * @example renderHtml(overview).startsWith("<!DOCTYPE html>") // true
 */
export function renderHtml(o: Overview, options: HtmlOptions = {}): string {
  const title = `Support to South-South and triangular cooperation, ${o.year}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="muted">Annual overview generated ${esc(o.generatedAt)} by ssc-monitor: ${o.totals.organizationsWithData} organizations with figures, ${o.totals.figures} figures from ${o.totals.documents} documents. Every number cites the facts behind it (F<i>n</i>, listed under Evidence).</p>
<nav><a href="#methodology">Methodology</a> · <a href="#funding">Funding</a> · <a href="#posts">Posts</a> · <a href="#funds">Trust funds</a> · <a href="#coverage">Coverage</a> · <a href="#organizations">By organization</a> · <a href="#evidence">Evidence</a> · <a href="#sources">Sources</a></nav>
<h2 id="methodology">Methodology</h2>
${methodology(o)
  .map((m) => `<h3>${esc(m.heading)}</h3><p>${esc(m.text)}</p>`)
  .join("\n")}
${o.fx.ratesUsed.length ? `<p>Rates used in this overview: ${o.fx.ratesUsed.map(esc).join("; ")}.</p>` : ""}
<h2 id="funding">Funding by organization</h2>
${fundingChart(o)}
${fundingTable(o)}
<h2 id="posts">Posts by grade</h2>
${postsTable(o)}
<h2 id="funds">SSTC trust funds and facilities</h2>
${fundsTable(o)}
<h2 id="coverage">Coverage</h2>
${coverageTable(o)}
<h2 id="organizations">By organization</h2>
${o.organizations.map(organizationSection).join("\n")}
<h2 id="evidence">Evidence</h2>
<ol class="evidence">${allEvidence(o)
    .map((e) => evidenceItem(e, options))
    .join("\n")}</ol>
<h2 id="sources">Sources</h2>
<ul>${o.sources.map((s) => `<li><a href="${esc(s.url)}">${esc(s.title ?? s.url)}</a></li>`).join("\n")}</ul>
</body></html>
`;
}

function fundingTable(o: Overview): string {
  const rows = o.organizations.flatMap((org) =>
    org.fundingByBasis.map((b) => {
      const c = org.change.fundingByBasis.find((x) => x.basis === b.basis);
      return `<tr><td>${esc(org.acronym)}</td><td>${esc(BASIS_LABEL[b.basis] ?? b.basis)}</td><td class="n">${usd(b.usdForYear)} ${refs(b.evidenceIds)}</td><td class="n">${usd(b.usdAsReported)}</td><td class="n">${esc(c?.text ?? "")}</td></tr>`;
    }),
  );
  if (!rows.length) return `<p class="muted">No funding figures for ${o.year}.</p>`;
  return `<table><thead><tr><th>Organization</th><th>Basis</th><th class="n">USD counted in ${o.year}</th><th class="n">USD as reported (whole period)</th><th class="n">Change vs ${o.year - 1}</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function postsTable(o: Overview): string {
  const rows = o.organizations
    .filter((org) => org.posts.length)
    .map(
      (org) =>
        `<tr><td>${esc(org.acronym)}</td><td>${org.posts.map((p) => `${esc(p.grade)}: ${p.count} ${refs(p.evidenceIds)}`).join("; ")}</td><td class="n">${org.postsTotal}</td><td class="n">${esc(org.change.posts.text)}</td></tr>`,
    );
  if (!rows.length) return `<p class="muted">No staffing figures for ${o.year}.</p>`;
  return `<table><thead><tr><th>Organization</th><th>Posts by grade</th><th class="n">Total</th><th class="n">Change vs ${o.year - 1}</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function fundsTable(o: Overview): string {
  if (!o.trustFunds.length) return `<p class="muted">No trust fund or facility figures for ${o.year}.</p>`;
  const ids = (t: Overview["trustFunds"][number]) => refs(t.evidence.map((e) => e.factId));
  const rows = o.trustFunds.map(
    (t) =>
      `<tr><td>${esc(t.fund)}</td><td>${esc(t.managingOrganization)}</td><td>${esc(t.contributors.join(", ") || "not known")}</td><td class="n">${usd(t.pledgedUsd)}</td><td class="n">${usd(t.receivedUsd)}</td><td class="n">${usd(t.allocatedUsd)}</td><td>${esc(t.period)} ${ids(t)}</td></tr>`,
  );
  return `<table><thead><tr><th>Fund or facility</th><th>Managed by</th><th>Contributors</th><th class="n">Pledged (USD)</th><th class="n">Received (USD)</th><th class="n">Allocated/other (USD)</th><th>Period</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function coverageTable(o: Overview): string {
  const rows = o.coverage.map(
    (c) =>
      `<tr><td>${esc(c.acronym)}</td><td>${c.sources.map((s) => `${esc(s.id)} (${esc(s.status)}${s.lastError ? `: ${esc(s.lastError)}` : ""})`).join("<br>") || "none"}</td><td class="n">${c.documents}</td><td class="n">${c.documentsAnalysed}</td><td>${esc(c.lastSuccessfulCrawl ?? "never")}</td><td class="n">${c.failedRuns}</td><td class="n">${c.failedDocuments}</td></tr>`,
  );
  return `<table><thead><tr><th>Organization</th><th>Sources</th><th class="n">Documents</th><th class="n">Analysed</th><th>Last successful crawl</th><th class="n">Failed runs (90 days)</th><th class="n">Failed documents</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function organizationSection(org: OrganizationOverview): string {
  const funding = org.funding.map((f) => {
    const conv = f.conversion
      ? ` (USD ${usd(f.usd)} at ${esc(f.conversion.label)}${f.conversion.note ? `; ${esc(f.conversion.note)}` : ""})`
      : "";
    const spread = f.spread ? `; ${esc(f.spread)}: USD ${usd(f.usdForYear)}` : "";
    return `<li>${esc(BASIS_LABEL[f.basis] ?? f.basis)}${f.subject ? `, ${esc(f.subject)}` : ""}${f.period ? `, ${esc(f.period)}` : ""}: ${esc(money(f.value, f.currency))}${conv}${spread} ${refs(f.evidence.map((e) => e.factId))}</li>`;
  });
  const staff = org.staffing.map(
    (s) =>
      `<li>${s.count} post(s) ${esc(s.grade ?? "grade not stated")}${s.subject ? `, ${esc(s.subject)}` : ""}${s.period ? `, ${esc(s.period)}` : ""} ${refs(s.evidence.map((e) => e.factId))}${s.alternatives.length ? ` <span class="muted">(other documents: ${s.alternatives.map((a) => `${a.count} ${refs(a.evidence.map((e) => e.factId))}`).join(", ")})</span>` : ""}</li>`,
  );
  const quotes = org.highlights.map(
    (h) =>
      `<blockquote>${esc(h.text)}<br><span class="muted">— <a href="${esc(pageLink(h))}">${esc(h.title ?? h.url)}</a>, p. ${h.page}</span></blockquote>`,
  );
  return `<section><h3 id="org-${esc(org.id)}">${esc(org.acronym)}: ${esc(org.name)}</h3>
<p>${org.documentsAnalysed} documents analysed (${org.documentsWithFacts} with figures for the year); ${org.relevantPassages} of ${org.passagesAnalysed} passages speak of SSTC.${org.units.length ? ` SSTC units and funds named: ${org.units.map((u) => esc(u.name)).join("; ")}.` : ""}</p>
${funding.length || staff.length ? `<ul>${funding.join("")}${staff.join("")}</ul>` : ""}
${quotes.join("\n")}</section>`;
}

function evidenceItem(e: Evidence, options: HtmlOptions): string {
  const where = e.recordId
    ? `record ${esc(e.recordId)}${e.field ? `, field ${esc(e.field)}` : ""}`
    : `page ${esc(e.page ?? "?")}`;
  const review = options.baseUrl
    ? ` · <a href="${esc(`${options.baseUrl.replace(/\/$/, "")}/facts/${e.factId}`)}">review</a>`
    : "";
  return `<li id="${cite(e.factId).toLowerCase()}" value="${e.factId}"><b>${cite(e.factId)}</b> “${esc(e.quote)}” — <a href="${esc(pageLink(e))}">${esc(e.title ?? e.url)}</a>, ${where} <span class="muted">(${esc(e.status)})</span>${review}</li>`;
}
