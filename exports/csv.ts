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
  "evidence_fact_ids",
];

// RFC 4180 quoting and formula neutralising: see escape.ts.
export { csvField };

/**
 * The agency table as CSV: one row per organization and funding basis, and per organization and
 * grade, each with the fact ids of its evidence (space-separated).
 * @example renderCsv(overview).split("\n")[0] // "year,organization_id,organization,measure,..."
 */
export function renderCsv(o: Overview): string {
  const rows: Array<Array<string | number | null>> = [HEADER];
  for (const org of o.organizations) {
    const name = `${org.acronym} (${org.name})`;
    for (const b of org.fundingByBasis) {
      const delta = org.change.fundingByBasis.find((c) => c.basis === b.basis)?.delta ?? null;
      rows.push([
        o.year,
        org.id,
        name,
        "funding_usd",
        b.basis,
        Math.round(b.usdForYear),
        Math.round(b.usdAsReported),
        null,
        b.figures,
        delta === null ? null : Math.round(delta),
        b.evidenceIds.join(" "),
      ]);
    }
    for (const p of org.posts)
      rows.push([o.year, org.id, name, "posts", p.grade, null, null, p.count, null, null, p.evidenceIds.join(" ")]);
    if (org.staffing.length) {
      rows.push([
        o.year,
        org.id,
        name,
        "posts_total",
        "all grades",
        null,
        null,
        org.postsTotal,
        null,
        org.change.posts.delta,
        org.posts.flatMap((p) => p.evidenceIds).join(" "),
      ]);
    }
  }
  return rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}
