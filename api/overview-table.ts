import type { BasisTotal, OrganizationOverview, Overview } from "../analysis/overview-types.ts";
import { type CellLink, cellLink } from "./overview-cells.ts";

/**
 * The overview as `GET /api/overview/:year` answers it: the agency tables (totals by basis, posts
 * by grade, units, pending, change, trend, coverage, summary) with, per cell, its value, how many
 * pieces of evidence it has and the link that fetches them. A few hundred cells however many facts
 * stand behind them (the full overview lists every figure with every quote: 54 MB at a million
 * facts; `?evidence=full` still answers it). Pure.
 * @example overviewTable(overview).organizations[0].fundingByBasis[0].evidence
 *   // { count: 3, href: "/api/overview/2024/evidence?organization=undp&metric=funding%3Aallocation" }
 */
export function overviewTable(o: Overview) {
  const { sources, ...rest } = o;
  const link = (organization: string | null, metric: string, count: number) =>
    cellLink(o.year, organization, metric, count);
  return {
    ...rest,
    organizations: o.organizations.map((org) => organizationTable(org, link)),
    trustFunds: o.trustFunds.map((f) => ({ ...f, evidence: link(null, `trust-fund:${f.fund}`, f.evidence.length) })),
    totals: { ...o.totals, fundingByBasis: o.totals.fundingByBasis.map((t) => basisCell(t, null, link)) },
    sources: { count: sources.length, full: `/api/overview/${o.year}?evidence=full` },
  };
}

export type OverviewTable = ReturnType<typeof overviewTable>;

type Link = (organization: string | null, metric: string, count: number) => CellLink;

function organizationTable(org: OrganizationOverview, link: Link) {
  const { funding, staffing, pending, ...rest } = org;
  const unconverted = funding.filter((f) => f.usd === null);
  const waiting = [...pending.funding, ...pending.staffing];
  const count = (figures: Array<{ evidence: unknown[] }>) => figures.reduce((n, f) => n + f.evidence.length, 0);
  return {
    ...rest,
    figures: { funding: funding.length, staffing: staffing.length },
    fundingByBasis: org.fundingByBasis.map((t) => basisCell(t, org.id, link)),
    unconverted: {
      figures: unconverted.length,
      evidence: unconverted.length ? link(org.id, "unconverted", count(unconverted)) : null,
    },
    posts: org.posts.map(({ evidenceIds, ...p }) => ({
      ...p,
      evidence: link(org.id, `posts:${p.grade}`, evidenceIds.length),
    })),
    units: org.units.map((u) => ({ name: u.name, evidence: link(org.id, `unit:${u.name}`, u.evidence.length) })),
    pending: {
      figures: waiting.length,
      wouldAdd: pending.wouldAdd,
      evidence: waiting.length ? link(org.id, "pending", count(waiting)) : null,
    },
  };
}

function basisCell({ evidenceIds, ...t }: BasisTotal, organization: string | null, link: Link) {
  return { ...t, evidence: link(organization, `funding:${t.basis}`, evidenceIds.length) };
}
