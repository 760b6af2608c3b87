import type { Overview } from "../analysis/overview-types.ts";
import { fundingChart, postsChart, postsTrendChart, trendChart } from "./chart.ts";
import { escapeHtml as esc } from "./escape.ts";
import {
  basisCell,
  basisLabel,
  changeSentences,
  dateInWords,
  documentHref,
  evidenceHref,
  evidenceReview,
  type ExportOptions,
  numberEvidence,
  pendingSentence,
  usd,
} from "./format.ts";
import {
  coverageTable,
  fundingTable,
  fundsTable,
  organizationSection,
  pendingTable,
  postsTable,
  refsFor,
  trendTables,
} from "./html-tables.ts";

export type HtmlOptions = ExportOptions;

const CSS =
  'body{font-family:Georgia,"Times New Roman",serif;max-width:60rem;margin:2rem auto;padding:0 1rem;' +
  "color:#1b1b1b;line-height:1.45}\n" +
  "h1,h2,h3{font-family:Helvetica,Arial,sans-serif;color:#103a5c}h1{margin-bottom:.2rem}" +
  "h2{border-bottom:2px solid #103a5c;padding-bottom:.2rem;margin-top:2rem}\n" +
  ".lede{color:#444;margin-top:0}.summary p,.summary li{font-size:.95rem}.keyline{font-size:1.05rem}\n" +
  "table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.85rem}" +
  "th,td{border:1px solid #c8c8c8;padding:.25rem .45rem;text-align:left;vertical-align:top}\n" +
  "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#eef3f7}" +
  "tr.total td{font-weight:bold;background:#f6f6f6}\n" +
  ".ev{font-size:.75rem;color:#8b3a62}.ev a{color:#8b3a62;text-decoration:none}" +
  ".review{font-size:.85rem;color:#555}.review.confirmed,.review.corrected{color:#2e6b2e}\n" +
  "blockquote{border-left:4px solid #9ab;margin:.8rem 0;padding:.2rem .8rem;color:#333}" +
  "ol.evidence li{margin:.3rem 0;font-size:.9rem}.muted{color:#666}\n" +
  "dl.glossary dt{font-weight:bold;font-family:Helvetica,Arial,sans-serif;break-after:avoid}" +
  "dl.glossary dd{margin:0 0 .5rem 1rem}\n" +
  "@media print{body{margin:0;max-width:none;font-size:10.5pt}a{color:inherit;text-decoration:none}" +
  "h2{break-after:avoid}section.summary,section.charts{break-after:page}\n" +
  "tr,li,blockquote,svg{break-inside:avoid}h1{font-size:18pt}h2{font-size:14pt;margin-top:1rem}}";

/**
 * The overview as a report to circulate, one standalone HTML document (no scripts, no external
 * resources) that the PDF prints: an executive summary first (totals by organization, the
 * largest changes, pending figures, coverage in one line), then charts, the tables, each
 * organization's figures in words, and at the end the methodology, glossary, the evidence
 * (numbered 1, 2, 3 in order of citation) and the sources. Links only to public addresses.
 * @example renderHtml(overview, { publicUrl: "https://ssc.example.org" }).startsWith("<!DOCTYPE html>") // true
 */
export function renderHtml(o: Overview, options: HtmlOptions = {}): string {
  const title = `Support to South-South and triangular cooperation, ${o.year}`;
  const ev = numberEvidence(o);
  const refs = refsFor(ev);
  const quoteHref = (h: { url: string; page: number; documentId: number }) => evidenceHref(h, options);
  return (
    `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${esc(title)}</title><style>${CSS}</style></head>
<body>
<h1>${esc(title)}</h1>
<p class="lede">Annual overview, ${esc(dateInWords(o.generatedAt))}. Figures from ${o.totals.documents} documents ` +
    `of ${o.totals.organizationsWithData} organizations; every number cites its evidence [n], listed at the end.</p>
${summary(o, options)}
<section class="charts">
<h2 id="charts">Charts</h2>
<h3>Funding by organization and basis, ${o.year} (USD counted in the year)</h3>
${fundingChart(o)}
<h3>Posts by organization and grade, ${o.year}</h3>
${postsChart(o)}
<h3>Funding trend, all organizations, ${o.trend.years[0]}-${o.year} (USD counted in each year)</h3>
${trendChart(o.trend, "All organizations")}
<h3>Posts trend, all organizations, ${o.trend.years[0]}-${o.year}</h3>
${postsTrendChart(o.trend, "All organizations")}
</section>
<h2 id="tables">Tables</h2>
<h3 id="funding">Funding by organization (USD)</h3>
${fundingTable(o, refs)}
<h3 id="posts">Posts by grade</h3>
${postsTable(o, refs)}
<h3 id="trend">Five-year trend by organization</h3>
<p class="muted">Each year counted with the same rules; a dash is a year without a figure, not zero.</p>
${trendTables(o)}
<h3 id="pending">Figures waiting for review</h3>
<p class="muted">Not yet reviewed, with a confidence below ${o.reviewThreshold}: not in the totals above.</p>
${pendingTable(o, refs)}
<h3 id="funds">SSTC trust funds and facilities</h3>
${fundsTable(o, refs)}
<h3 id="coverage">Coverage</h3>
${coverageTable(o)}
<h2 id="organizations">By organization</h2>
${o.organizations.map((org) => organizationSection(org, refs, quoteHref)).join("\n")}
<h2 id="methodology">Methodology</h2>
${o.methodology.map((m) => `<h3>${esc(m.heading)}</h3><p>${esc(m.text)}</p>`).join("\n")}
${o.fx.ratesUsed.length ? `<p>Rates used in this overview: ${o.fx.ratesUsed.map(esc).join("; ")}.</p>` : ""}
<h3 id="glossary">Glossary</h3>
<dl class="glossary">${o.glossary.map((g) => `<dt>${esc(g.heading)}</dt><dd>${esc(g.text)}</dd>`).join("")}</dl>
<h2 id="evidence">Evidence</h2>
<ol class="evidence">${ev.list
      .map((e) => {
        const href = evidenceHref(e, options);
        const doc = esc(e.title ?? "untitled document");
        return (
          `<li id="e${e.n}" value="${e.n}">“${esc(e.quote)}”, ` +
          `${href ? `<a href="${esc(href)}">${doc}</a>` : doc}, ${esc(e.location)}. ` +
          `<span class="review">${esc(evidenceReview(e))}</span></li>`
        );
      })
      .join("\n")}</ol>
<h2 id="sources">Sources</h2>
<ul>${o.sources
      .map((s) => {
        const href = documentHref(s, options);
        const name = esc(s.title ?? "untitled document");
        return `<li>${href ? `<a href="${esc(href)}">${name}</a>` : name}</li>`;
      })
      .join("\n")}</ul>
</body></html>
`
  );
}

/** The first page: what a reader needs before any table. */
function summary(o: Overview, options: HtmlOptions): string {
  const { largest, fresh } = changeSentences(o);
  const reviewed = o.totals.review.confirmed + o.totals.review.corrected;
  const all = reviewed + o.totals.review.unreviewed;
  const rows = o.organizations
    .filter((org) => org.fundingByBasis.length || org.postsTotal)
    .map(
      (org) =>
        `<tr><td>${esc(org.acronym)}</td>` +
        `<td>${esc(basisCell(org.fundingByBasis)) || '<span class="muted">none</span>'}</td>` +
        `<td class="n">${org.staffing.length ? org.postsTotal : "–"}</td>` +
        `<td class="n">${[...org.funding, ...org.staffing].filter((f) => f.review !== "unreviewed").length} ` +
        `of ${org.funding.length + org.staffing.length}</td></tr>`,
    );
  const total =
    `<tr class="total"><td>All organizations</td><td>${esc(basisCell(o.totals.fundingByBasis)) || "none"}</td>` +
    `<td class="n">${o.totals.postsTotal}</td><td class="n">${reviewed} of ${all}</td></tr>`;
  const pending = pendingSentence(o);
  const online = options.publicUrl ? `${options.publicUrl}/?year=${o.year}` : null;
  return (
    `<section class="summary">
<h2 id="summary">Executive summary</h2>
<p class="keyline">In ${o.year}, ${o.totals.organizationsWithData} organizations report support to SSTC: ${esc(
      o.totals.fundingByBasis.map((b) => `USD ${usd(b.usdForYear)} ${basisLabel(b.basis).toLowerCase()}`).join(", ") ||
        "no funding figure",
    )}, and ${o.totals.postsTotal} posts. ${reviewed} of ${all} figures have been checked by an analyst.</p>
<table><thead><tr><th>Organization</th><th>Funding counted in ${o.year} (USD, by basis)</th><th class="n">Posts</th>` +
    `<th class="n">Figures checked</th></tr></thead><tbody>${rows.join("")}${total}</tbody></table>
<h3>Largest changes against ${o.year - 1}</h3>
${
  largest.length
    ? `<ul>${largest.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>`
    : `<p>No organization has figures of the same kind in both ${o.year - 1} and ${o.year} to compare.</p>`
}
${fresh ? `<p>${esc(fresh)}</p>` : ""}
${pending ? `<p><b>Waiting for review.</b> ${esc(pending)}</p>` : ""}
<p><b>Coverage.</b> ${esc(o.summary.coverage)}</p>
${
  online
    ? `<p class="muted">Online, with the evidence behind every number: <a href="${esc(online)}">${esc(online)}</a></p>`
    : ""
}
</section>`
  );
}
