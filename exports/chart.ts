import type { Overview, Trend } from "../analysis/overview-types.ts";
import { basisLabel, usd } from "../analysis/overview-words.ts";
import { escapeHtml as esc } from "./escape.ts";

/** Inline SVG charts for the HTML and PDF exports (and the web pages): no scripts, no fonts to fetch. */

export const BASIS_COLORS: Record<string, string> = {
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
const POSTS_COLOR = "#103a5c";

interface Bar {
  label: string;
  value: number;
  color: string;
  text: string;
}

/** Horizontal bars scaled to the largest, each labelled with its value. */
function barChart(bars: Bar[], label: string): string {
  const max = Math.max(...bars.map((b) => b.value), 1);
  const row = 22;
  const left = 230;
  const width = 760;
  const height = bars.length * row + 16;
  const parts = bars.map((b, i) => {
    const y = 8 + i * row;
    const w = Math.max(1, ((width - left - 130) * b.value) / max);
    return (
      `<g><text x="${left - 8}" y="${y + 13}" text-anchor="end">${esc(b.label)}</text>` +
      `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${row - 7}" fill="${b.color}">` +
      `<title>${esc(`${b.label}: ${b.text}`)}</title></rect>` +
      `<text x="${(left + w + 6).toFixed(1)}" y="${y + 13}">${esc(b.text)}</text></g>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(label)}" viewBox="0 0 ${width} ${height}" ` +
    `width="100%" font-family="Helvetica, Arial, sans-serif" font-size="12">${parts.join("")}</svg>`
  );
}

/**
 * Funding by organization and basis: one bar per organization and basis (bases are never stacked:
 * a budget and its expenditure are the same money).
 * @example fundingChart(overview).startsWith("<svg") // true
 */
export function fundingChart(o: Overview): string {
  const bars = o.organizations.flatMap((org) =>
    org.fundingByBasis.map((b) => ({
      label: `${org.acronym} · ${basisLabel(b.basis)}`,
      value: b.usdForYear,
      color: BASIS_COLORS[b.basis] ?? "#777",
      text: `USD ${usd(b.usdForYear)}`,
    })),
  );
  if (!bars.length) return `<p class="empty">No funding figures for ${o.year}.</p>`;
  return barChart(bars, `SSTC funding by organization, ${o.year}, USD`);
}

/** Posts by organization and grade. @example postsChart(overview).includes("P-4") */
export function postsChart(o: Overview): string {
  const bars = o.organizations.flatMap((org) =>
    org.posts.map((p) => ({
      label: `${org.acronym} · ${p.grade}`,
      value: p.count,
      color: POSTS_COLOR,
      text: `${p.count} ${p.count === 1 ? "post" : "posts"}`,
    })),
  );
  if (!bars.length) return `<p class="empty">No staffing figures for ${o.year}.</p>`;
  return barChart(bars, `SSTC posts by organization and grade, ${o.year}`);
}

/** The next round number at or above `n` (1, 2, 2.5, 5 times a power of ten): the top of a scale. */
function niceCeiling(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 2.5, 5, 10].find((m) => m * power >= n) ?? 10) * power;
}

interface Line {
  name: string;
  values: Array<number | null>;
  color: string;
}

/**
 * A five-year trend as lines; a year without a figure has no point and breaks the line, it is
 * never drawn as zero. The legend wraps onto as many rows as it needs.
 */
function lineChart(
  years: number[],
  series: Line[],
  label: string,
  fmt: (n: number) => string,
  top: { value: number; label: string },
): string {
  const [w, left, right, plotTop, plotHeight] = [760, 90, 30, 14, 170];
  const x = (i: number) => left + (i * (w - left - right)) / Math.max(1, years.length - 1);
  const y = (v: number) => plotTop + plotHeight * (1 - v / top.value);
  const base = plotTop + plotHeight;
  const axis = years
    .map((yr, i) => `<text x="${x(i).toFixed(1)}" y="${base + 16}" text-anchor="middle">${yr}</text>`)
    .join("");
  const grid =
    `<line x1="${left}" y1="${base}" x2="${w - right}" y2="${base}" stroke="#999"/>` +
    `<text x="${left - 6}" y="${plotTop + 4}" text-anchor="end">${esc(top.label)}</text>` +
    `<text x="${left - 6}" y="${base}" text-anchor="end">0</text>`;
  const lines = series.map((s) => {
    const points = s.values.map((v, i) => (v === null ? null : { x: x(i), y: y(v), v }));
    const segments: string[][] = [[]];
    for (const p of points) {
      if (p) segments[segments.length - 1].push(`${p.x.toFixed(1)},${p.y.toFixed(1)}`);
      else if (segments[segments.length - 1].length) segments.push([]);
    }
    const polylines = segments
      .filter((seg) => seg.length > 1)
      .map((seg) => `<polyline points="${seg.join(" ")}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    const dots = points.map((p) =>
      p
        ? `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="3.5" fill="${s.color}">` +
          `<title>${esc(`${s.name}: ${fmt(p.v)}`)}</title></circle>`
        : "",
    );
    return polylines.join("") + dots.join("");
  });
  let [at, row] = [left, 0];
  const legend = series.map((s) => {
    const width = 16 + s.name.length * 6.5 + 18;
    if (at + width > w && at > left) [at, row] = [left, row + 1];
    const ly = base + 30 + row * 18;
    const item =
      `<rect x="${at}" y="${ly}" width="12" height="12" fill="${s.color}"/>` +
      `<text x="${at + 16}" y="${ly + 10}">${esc(s.name)}</text>`;
    at += width;
    return item;
  });
  const h = base + 30 + (row + 1) * 18 + 4;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(label)}" viewBox="0 0 ${w} ${h}" ` +
    `width="100%" font-family="Helvetica, Arial, sans-serif" font-size="12">` +
    `${grid}${axis}${lines.join("")}${legend.join("")}</svg>`
  );
}

const span = (t: Trend) => `${t.years[0]}-${t.years[t.years.length - 1]}`;

/**
 * Funding by basis over five years (USD counted in each year), one line per basis.
 * @example trendChart(overview.trend, "All organizations") // "<svg ..."
 */
export function trendChart(t: Trend, title: string): string {
  if (!t.fundingByBasis.length) return `<p class="empty">No funding figures in ${span(t)}.</p>`;
  const max = Math.max(1, ...t.fundingByBasis.flatMap((s) => s.usd.map((v) => v ?? 0)));
  return lineChart(
    t.years,
    t.fundingByBasis.map((s) => ({ name: basisLabel(s.basis), values: s.usd, color: BASIS_COLORS[s.basis] ?? "#777" })),
    `${title}: SSTC funding by basis, ${span(t)}, USD`,
    (n) => `USD ${usd(n)}`,
    { value: niceCeiling(max * 1.05), label: usd(niceCeiling(max * 1.05)) },
  );
}

const GRADE_COLORS = [
  "#103a5c",
  "#2e8b57",
  "#b8860b",
  "#8b3a62",
  "#6a5acd",
  "#20708a",
  "#a0522d",
  "#556b2f",
  "#777777",
];

/** Posts over five years: the total and one line per grade. */
export function postsTrendChart(t: Trend, title: string): string {
  if (!t.postsTotal.some((n) => n !== null)) return `<p class="empty">No staffing figures in ${span(t)}.</p>`;
  const series = [
    { name: "All grades", values: t.postsTotal, color: "#1b1b1b" },
    ...t.postsByGrade.map((g, i) => ({ name: g.grade, values: g.posts, color: GRADE_COLORS[i % GRADE_COLORS.length] })),
  ];
  const top = Math.ceil(1.15 * Math.max(1, ...t.postsTotal.map((v) => v ?? 0)));
  return lineChart(t.years, series, `${title}: SSTC posts, ${span(t)}`, (n) => `${n} ${n === 1 ? "post" : "posts"}`, {
    value: top,
    label: `${top} posts`,
  });
}
