import type {
  Evidence,
  FundingFigure,
  OrganizationOverview,
  Overview,
  StaffFigure,
} from "../analysis/overview-types.ts";

/**
 * The cells of the overview's tables and the evidence behind each: the API answers the tables
 * with a count and a link per cell (`/api/overview/:year/evidence?organization=&metric=`), and the
 * link answers that cell's evidence exactly as the full overview lists it. A metric names a cell:
 * - with an organization: `funding:<basis>` (its total for a basis), `posts:<grade>` ("not stated"
 *   when no grade is given), `unit:<name>`, `unconverted` (amounts without a rate), `pending`;
 * - system-wide (no organization): `funding:<basis>` (the de-duplicated total), `trust-fund:<fund>`.
 */

/** How many pieces of evidence a cell has and where to fetch them. */
export interface CellLink {
  count: number;
  href: string;
}

/** A cell's evidence: the items in the order the full answer lists them, and the figures that make the cell. */
export interface CellEvidence {
  year: number;
  organization: string | null;
  metric: string;
  count: number;
  evidence: Evidence[];
  figures?: Array<FundingFigure | StaffFigure>;
}

/** Why a cell could not be found, and which cells there are instead. */
export interface CellMiss {
  missing: "organization" | "cell";
  message: string;
}

/** The grade a post total is listed under. */
const gradeOf = (s: StaffFigure) => s.grade ?? "not stated";

/**
 * The link to one cell's evidence.
 * @example cellLink(2024, "undp", "funding:allocation", 3).href
 *   // "/api/overview/2024/evidence?organization=undp&metric=funding%3Aallocation"
 */
export function cellLink(year: number, organization: string | null, metric: string, count: number): CellLink {
  const query = new URLSearchParams({ ...(organization ? { organization } : {}), metric });
  return { count, href: `/api/overview/${year}/evidence?${query}` };
}

/** The metrics of one organization's cells, for messages and for the table's links. */
export function organizationMetrics(o: OrganizationOverview): string[] {
  return [
    ...o.fundingByBasis.map((t) => `funding:${t.basis}`),
    ...(o.unconverted ? ["unconverted"] : []),
    ...o.posts.map((p) => `posts:${p.grade}`),
    ...o.units.map((u) => `unit:${u.name}`),
    ...(o.pending.funding.length || o.pending.staffing.length ? ["pending"] : []),
  ];
}

/** The metrics of the system-wide cells. */
export function systemMetrics(o: Overview): string[] {
  return [
    ...o.totals.fundingByBasis.map((t) => `funding:${t.basis}`),
    ...o.trustFunds.map((f) => `trust-fund:${f.fund}`),
  ];
}

/**
 * The evidence of one cell of `o`, or why there is no such cell.
 * @example cellEvidence(overview, "undp", "posts:P-4") // { count: 2, evidence: [...], figures: [...] }
 */
export function cellEvidence(o: Overview, organization: string | null, metric: string): CellEvidence | CellMiss {
  const found = organization === null ? systemCell(o, metric) : organizationCell(o, organization, metric);
  if ("missing" in found) return found;
  const evidence = found.evidence ?? found.figures!.flatMap((f) => f.evidence);
  return { year: o.year, organization, metric, count: evidence.length, evidence, ...found };
}

type Found = { evidence?: Evidence[]; figures?: Array<FundingFigure | StaffFigure> } | CellMiss;

function organizationCell(o: Overview, id: string, metric: string): Found {
  const org = o.organizations.find((x) => x.id === id);
  if (!org) return { missing: "organization", message: `No organization "${id}" in the ${o.year} overview` };
  const [kind, ...rest] = metric.split(":");
  const name = rest.join(":");
  if (!organizationMetrics(org).includes(metric)) {
    const cells = organizationMetrics(org).join(", ") || "none";
    return { missing: "cell", message: `${org.acronym} has no cell "${metric}" in ${o.year}; its cells: ${cells}` };
  }
  if (kind === "funding") return { figures: org.funding.filter((f) => f.basis === name && f.usd !== null) };
  if (kind === "unconverted") return { figures: org.funding.filter((f) => f.usd === null) };
  if (kind === "posts") return { figures: org.staffing.filter((s) => gradeOf(s) === name) };
  if (kind === "unit") return { evidence: org.units.find((u) => u.name === name)!.evidence };
  return { figures: [...org.pending.funding, ...org.pending.staffing] };
}

function systemCell(o: Overview, metric: string): Found {
  if (!systemMetrics(o).includes(metric)) {
    const cells = systemMetrics(o).join(", ") || "none";
    return {
      missing: "cell",
      message: `No system-wide cell "${metric}" in ${o.year} (name an organization for its own cells); cells: ${cells}`,
    };
  }
  if (metric.startsWith("trust-fund:"))
    return { evidence: o.trustFunds.find((f) => `trust-fund:${f.fund}` === metric)!.evidence };
  const total = o.totals.fundingByBasis.find((t) => `funding:${t.basis}` === metric)!;
  const byFact = fundingEvidence(o);
  return { evidence: total.evidenceIds.map((id) => byFact.get(id)!) };
}

const evidenceIndexes = new WeakMap<Overview, Map<number, Evidence>>();

/** Every funding figure's evidence by fact id, made once per overview (a system-wide total lists fact ids). */
function fundingEvidence(o: Overview): Map<number, Evidence> {
  let byFact = evidenceIndexes.get(o);
  if (!byFact) {
    byFact = new Map();
    for (const org of o.organizations) for (const f of org.funding) for (const e of f.evidence) byFact.set(e.factId, e);
    evidenceIndexes.set(o, byFact);
  }
  return byFact;
}
