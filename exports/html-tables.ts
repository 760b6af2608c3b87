import type { OrganizationOverview, Overview, Trend } from "../analysis/overview-types.ts";
import { escapeHtml as esc } from "./escape.ts";
import { basisLabel, dateInWords, figureReview, money, type NumberedEvidence, plural, usd } from "./format.ts";

/** The tables of the HTML report (and so of the PDF). Every number cites its evidence as [n]. */

export type Refs = (factIds: number[]) => string;

/** Citation marks for a list of fact ids: "[1, 2]" linking to the evidence list. */
export function refsFor(ev: NumberedEvidence): Refs {
  return (ids) => {
    const ns = ev.numbers(ids);
    return ns.length ? ` <span class="ev">[${ns.map((n) => `<a href="#e${n}">${n}</a>`).join(", ")}]</span>` : "";
  };
}

const table = (head: string[], rows: string[], numeric: number[] = []) =>
  `<table><thead><tr>${head.map((h, i) => `<th${numeric.includes(i) ? ' class="n"' : ""}>${h}</th>`).join("")}` +
  `</tr></thead><tbody>${rows.join("")}</tbody></table>`;
const td = (s: string, n = false) => `<td${n ? ' class="n"' : ""}>${s}</td>`;

export function fundingTable(o: Overview, refs: Refs): string {
  const rows = o.organizations.flatMap((org) =>
    org.fundingByBasis.map((b) => {
      const c = org.change.fundingByBasis.find((x) => x.basis === b.basis);
      return (
        `<tr>${td(esc(org.acronym))}${td(esc(basisLabel(b.basis)))}` +
        `${td(`${usd(b.usdForYear)}${refs(b.evidenceIds)}`, true)}${td(usd(b.usdAsReported), true)}` +
        `${td(esc(c?.text ?? ""))}</tr>`
      );
    }),
  );
  if (!rows.length) return `<p class="muted">No funding figures for ${o.year}.</p>`;
  return table(
    ["Organization", "Basis", `USD counted in ${o.year}`, "USD as reported (whole period)", `Change vs ${o.year - 1}`],
    rows,
    [2, 3],
  );
}

export function postsTable(o: Overview, refs: Refs): string {
  const rows = o.organizations
    .filter((org) => org.posts.length)
    .map(
      (org) =>
        `<tr>${td(esc(org.acronym))}` +
        `${td(org.posts.map((p) => `${esc(p.grade)}: ${p.count}${refs(p.evidenceIds)}`).join("; "))}` +
        `${td(String(org.postsTotal), true)}${td(esc(org.change.posts.text))}</tr>`,
    );
  if (!rows.length) return `<p class="muted">No staffing figures for ${o.year}.</p>`;
  return table(["Organization", "Posts by grade", "Total", `Change vs ${o.year - 1}`], rows, [2]);
}

/** One trend table: a row per basis (USD) and per grade (posts), a column per year; blank = no figure. */
export function trendTable(t: Trend, label: string): string {
  const cells = (values: Array<number | null>, fmt: (n: number) => string) =>
    values.map((v) => td(v === null ? '<span class="muted">–</span>' : fmt(v), true)).join("");
  const rows = [
    ...t.fundingByBasis.map(
      (s) => `<tr>${td(`${esc(label)}`)}${td(`${esc(basisLabel(s.basis))} (USD)`)}${cells(s.usd, usd)}</tr>`,
    ),
    ...t.postsByGrade.map((s) => `<tr>${td(esc(label))}${td(`Posts ${esc(s.grade)}`)}${cells(s.posts, String)}</tr>`),
    ...(t.postsByGrade.length > 1
      ? [`<tr>${td(esc(label))}${td("Posts, all grades")}${cells(t.postsTotal, String)}</tr>`]
      : []),
  ];
  return rows.join("");
}

export function trendTables(o: Overview): string {
  const rows = o.organizations.map((org) => trendTable(org.trend, org.acronym)).join("");
  if (!rows) return `<p class="muted">No figures in the five years to ${o.year}.</p>`;
  return table(["Organization", "Measure", ...o.trend.years.map(String)], [rows], [2, 3, 4, 5, 6]);
}

export function pendingTable(o: Overview, refs: Refs): string {
  const rows = o.organizations.flatMap((org) => [
    ...org.pending.funding.map(
      (f) =>
        `<tr>${td(esc(org.acronym))}${td(esc(`${basisLabel(f.basis)}${f.subject ? `, ${f.subject}` : ""}`))}` +
        `${td(`${esc(f.explanation)}${refs(f.evidence.map((e) => e.factId))}`)}` +
        `${td(`USD ${usd(f.wouldAdd)}`, true)}</tr>`,
    ),
    ...org.pending.staffing.map(
      (s) =>
        `<tr>${td(esc(org.acronym))}${td(esc(`Posts${s.subject ? `, ${s.subject}` : ""}`))}` +
        `${td(`${esc(s.explanation)}${refs(s.evidence.map((e) => e.factId))}`)}` +
        `${td(`${s.wouldAdd} ${s.wouldAdd === 1 ? "post" : "posts"}`, true)}</tr>`,
    ),
  ]);
  if (!rows.length) return `<p class="muted">No figure is waiting for review: every figure read counts.</p>`;
  return table(["Organization", "Figure", "As read", "Would add"], rows, [3]);
}

export function fundsTable(o: Overview, refs: Refs): string {
  if (!o.trustFunds.length) return `<p class="muted">No trust fund or facility figures for ${o.year}.</p>`;
  const rows = o.trustFunds.map(
    (t) =>
      `<tr>${td(esc(t.fund))}${td(esc(t.managingOrganization))}` +
      `${td(esc(t.contributors.join(", ") || "not known"))}${td(usd(t.pledgedUsd), true)}` +
      `${td(usd(t.receivedUsd), true)}${td(usd(t.allocatedUsd), true)}` +
      `${td(`${esc(t.period)}${refs(t.evidence.map((e) => e.factId))}`)}</tr>`,
  );
  return table(
    [
      "Fund or facility",
      "Managed by",
      "Contributors",
      "Pledged (USD)",
      "Received (USD)",
      "Allocated/other (USD)",
      "Period",
    ],
    rows,
    [3, 4, 5],
  );
}

export function coverageTable(o: Overview): string {
  const rows = o.coverage.map(
    (c) =>
      `<tr>${td(esc(c.acronym))}` +
      `${td(
        c.sources
          .map((s) => `${esc(s.id)} (${esc(s.status)}${s.lastError ? `: ${esc(s.lastError)}` : ""})`)
          .join("<br>") || "none",
      )}` +
      `${td(String(c.documents), true)}${td(String(c.documentsAnalysed), true)}` +
      `${td(esc(dateInWords(c.lastSuccessfulCrawl)))}${td(String(c.failedRuns), true)}` +
      `${td(String(c.failedDocuments), true)}</tr>`,
  );
  return table(
    [
      "Organization",
      "Sources",
      "Documents",
      "Analysed",
      "Last successful crawl",
      "Failed runs (90 days)",
      "Failed documents",
    ],
    rows,
    [2, 3, 5, 6],
  );
}

/** One organization: its figures, each in words with its review state, and its strongest passages. */
export function organizationSection(
  org: OrganizationOverview,
  refs: Refs,
  quoteHref: (h: { url: string; page: number; documentId: number }) => string | null,
): string {
  const funding = org.funding.map(
    (f) =>
      `<li><b>${esc(basisLabel(f.basis))}${f.subject ? `, ${esc(f.subject)}` : ""}</b>: ${esc(f.explanation)}` +
      `${f.conversion?.note ? ` (${esc(f.conversion.note)})` : ""}. ` +
      `<span class="review ${f.review}">${esc(figureReview(f))}</span>${refs(f.evidence.map((e) => e.factId))}</li>`,
  );
  const staff = org.staffing.map(
    (s) =>
      `<li><b>Posts${s.subject ? `, ${esc(s.subject)}` : ""}</b>: ${esc(s.explanation)}. ` +
      `<span class="review ${s.review}">${esc(figureReview(s))}</span>${refs(s.evidence.map((e) => e.factId))}</li>`,
  );
  const unconverted = org.funding.filter((f) => f.usd === null).map((f) => esc(money(f.value, f.currency)));
  const quotes = org.highlights.map((h) => {
    const href = quoteHref(h);
    const title = esc(h.title ?? "document");
    return (
      `<blockquote>${esc(h.text)}<br><span class="muted">— ` +
      `${href ? `<a href="${esc(href)}">${title}</a>` : title}, page ${h.page}</span></blockquote>`
    );
  });
  return (
    `<section class="org"><h3 id="org-${esc(org.id)}">${esc(org.acronym)}: ${esc(org.name)}</h3>
<p>${plural(org.documentsAnalysed, "document")} analysed (${org.documentsWithFacts} with figures for the year); ` +
    `${org.relevantPassages} of ${org.passagesAnalysed} passages speak of SSTC.` +
    `${org.units.length ? ` SSTC units and funds named: ${org.units.map((u) => esc(u.name)).join("; ")}.` : ""}` +
    `${unconverted.length ? ` Not in the USD totals (no exchange rate): ${unconverted.join("; ")}.` : ""}</p>
${funding.length || staff.length ? `<ul>${funding.join("")}${staff.join("")}</ul>` : ""}
${quotes.join("\n")}</section>`
  );
}
