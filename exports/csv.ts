import type { Overview } from "../analysis/overview-types.ts";
import { csvField } from "./escape.ts";

const HEADER = [
  "year",
  "organization_id",
  "organization",
  "measure",
  "basis_or_grade",
  "usd_for_year",
  "usd_as_reported",
  "posts",
  "figures",
  "change_vs_previous_year",
  "change_note",
  "review",
  "explanation",
  "evidence_fact_ids",
];

export { csvField };

type Row = Array<string | number | null>;

/** "2 confirmed by an analyst, 1 not yet reviewed" for the figures behind a row. */
function reviewNote(figures: Array<{ review: string }>): string {
  const n = (r: string) => figures.filter((f) => f.review === r).length;
  const parts = [
    n("confirmed") && `${n("confirmed")} confirmed`,
    n("corrected") && `${n("corrected")} corrected`,
    n("unreviewed") && `${n("unreviewed")} not yet reviewed`,
  ].filter(Boolean);
  return parts.join(", ");
}

/**
 * The agency table as CSV: one row per organization and funding basis, and per organization and
 * grade, with the change against the previous year only where that year has a figure (empty
 * otherwise, and change_note says "new: no 2023 figure"), how the figures were reviewed, the
 * explanation in words and the fact ids of the evidence (space-separated). Figures waiting for
 * review follow as measures pending_funding_usd and pending_posts (what they would add), never
 * in funding_usd or posts.
 * @example renderCsv(overview).split("\r\n")[0] // "year,organization_id,organization,measure,..."
 */
export function renderCsv(o: Overview): string {
  const rows: Row[] = [HEADER];
  for (const org of o.organizations) {
    const name = `${org.acronym} (${org.name})`;
    const row = (
      measure: string,
      key: string,
      values: Partial<Record<(typeof HEADER)[number], string | number | null>>,
    ) => rows.push([o.year, org.id, name, measure, key, ...HEADER.slice(5).map((h) => values[h] ?? null)]);
    for (const b of org.fundingByBasis) {
      const c = org.change.fundingByBasis.find((x) => x.basis === b.basis);
      row("funding_usd", b.basis, {
        usd_for_year: Math.round(b.usdForYear),
        usd_as_reported: Math.round(b.usdAsReported),
        figures: b.figures,
        change_vs_previous_year: c?.delta == null ? null : Math.round(c.delta),
        change_note: c?.text ?? null,
        review: reviewNote(org.funding.filter((f) => f.basis === b.basis && f.usd !== null)),
        explanation: b.explanation,
        evidence_fact_ids: b.evidenceIds.join(" "),
      });
    }
    for (const p of org.posts) {
      const figures = org.staffing.filter((s) => (s.grade ?? "not stated") === p.grade);
      row("posts", p.grade, {
        posts: p.count,
        figures: figures.length,
        review: reviewNote(figures),
        explanation: figures.map((s) => s.explanation).join("; "),
        evidence_fact_ids: p.evidenceIds.join(" "),
      });
    }
    if (org.staffing.length)
      row("posts_total", "all grades", {
        posts: org.postsTotal,
        figures: org.staffing.length,
        change_vs_previous_year: org.change.posts.delta,
        change_note: org.change.posts.text,
        review: reviewNote(org.staffing),
        evidence_fact_ids: org.posts.flatMap((p) => p.evidenceIds).join(" "),
      });
    for (const f of org.pending.funding)
      row("pending_funding_usd", f.basis, {
        usd_for_year: f.wouldAdd,
        usd_as_reported: f.usd === null ? null : Math.round(f.usd),
        figures: 1,
        review: `not yet reviewed, confidence ${f.confidence.toFixed(2)}`,
        explanation: f.explanation,
        evidence_fact_ids: f.evidence.map((e) => e.factId).join(" "),
      });
    for (const s of org.pending.staffing)
      row("pending_posts", s.grade ?? "not stated", {
        posts: s.wouldAdd,
        figures: 1,
        review: `not yet reviewed, confidence ${s.confidence.toFixed(2)}`,
        explanation: s.explanation,
        evidence_fact_ids: s.evidence.map((e) => e.factId).join(" "),
      });
  }
  return `${rows.map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}
