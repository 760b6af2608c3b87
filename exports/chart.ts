import type { Overview } from "../analysis/overview-types.ts";
import { escapeHtml } from "./escape.ts";
import { BASIS_LABEL, usd } from "./format.ts";

const COLORS: Record<string, string> = {
  budget: "#1f5f8b",
  allocation: "#2e8b57",
  expenditure: "#b8860b",
  contribution: "#8b3a62",
  pledge: "#6a5acd",
  commitment: "#20708a",
  disbursement: "#a0522d",
  "trust-fund": "#556b2f",
  unspecified: "#777777",
};
const esc = escapeHtml;

/**
 * Funding by organization as inline SVG: one bar per organization and basis (bases are never
 * stacked: a budget and its expenditure are the same money), scaled to the largest bar.
 * @example fundingChart(overview).startsWith("<svg") // true
 */
export function fundingChart(o: Overview): string {
  const bars = o.organizations.flatMap((org) =>
    org.fundingByBasis.map((b) => ({ org: org.acronym, basis: b.basis, value: b.usdForYear })),
  );
  if (!bars.length) return `<p class="empty">No funding figures for ${o.year}.</p>`;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const row = 22;
  const left = 210;
  const width = 760;
  const height = bars.length * row + 30;
  const parts = bars.map((b, i) => {
    const y = 10 + i * row;
    const w = Math.max(1, ((width - left - 120) * b.value) / max);
    const label = `${b.org} · ${BASIS_LABEL[b.basis] ?? b.basis}`;
    return `<g><text x="${left - 8}" y="${y + 14}" text-anchor="end">${esc(label)}</text><rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${row - 6}" fill="${COLORS[b.basis] ?? "#777"}"><title>${esc(`${label}: USD ${usd(b.value)}`)}</title></rect><text x="${(left + w + 6).toFixed(1)}" y="${y + 14}">USD ${usd(b.value)}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="SSTC funding by organization, ${o.year}, USD" viewBox="0 0 ${width} ${height}" width="100%" font-family="sans-serif" font-size="12">${parts.join("")}</svg>`;
}
