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
    return `<g><text x="${left - 8}" y="${y + 13}" text-anchor="end">${esc(b.label)}</text><rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${row - 7}" fill="${b.color}"><title>${esc(`${b.label}: ${b.text}`)}</title></rect><text x="${(left + w + 6).toFixed(1)}" y="${y + 13}">${esc(b.text)}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(label)}" viewBox="0 0 ${width} ${height}" width="100%" font-family="Helvetica, Arial, sans-serif" font-size="12">${parts.join("")}</svg>`;
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

/**
 * A five-year trend as lines, one per basis (USD, left) and the posts total (right scale, dashed);
 * a year without a figure has no point and breaks the line, it is never drawn as zero.
 * @example trendChart(overview.trend, "System-wide") // "<svg ..."
 */
export function trendChart(t: Trend, title: string): string {
  const series = [
    ...t.fundingByBasis.map((s) => ({
      name: basisLabel(s.basis),
      values: s.usd,
      color: BASIS_COLORS[s.basis] ?? "#777",
      posts: false,
    })),
    ...(t.postsTotal.some((n) => n !== null)
      ? [{ name: "Posts", values: t.postsTotal, color: POSTS_COLOR, posts: true }]
      : []),
  ];
  if (!series.length) return `<p class="empty">No figures in ${t.years[0]}-${t.years[t.years.length - 1]}.</p>`;
  const [w, h, left, right, top, bottom] = [760, 230, 90, 60, 14, 46];
  const maxUsd = niceCeiling(
    Math.max(1, ...series.filter((s) => !s.posts).flatMap((s) => s.values.map((v) => v ?? 0))),
  );
  // Whole posts, with headroom so the top point does not sit on the scale's label.
  const maxPosts = Math.ceil(
    1.25 * Math.max(1, ...series.filter((s) => s.posts).flatMap((s) => s.values.map((v) => v ?? 0))),
  );
  const x = (i: number) => left + (i * (w - left - right)) / Math.max(1, t.years.length - 1);
  const y = (v: number, posts: boolean) => top + (h - top - bottom) * (1 - v / (posts ? maxPosts : maxUsd));
  const axis = t.years
    .map((yr, i) => `<text x="${x(i).toFixed(1)}" y="${h - bottom + 16}" text-anchor="middle">${yr}</text>`)
    .join("");
  const grid = `<line x1="${left}" y1="${h - bottom}" x2="${w - right}" y2="${h - bottom}" stroke="#999"/><text x="${left - 6}" y="${top + 4}" text-anchor="end">${esc(usd(maxUsd))}</text><text x="${left - 6}" y="${h - bottom}" text-anchor="end">0</text>${series.some((s) => s.posts) ? `<text x="${w - right + 8}" y="${top + 4}">${maxPosts} posts</text><text x="${w - right + 8}" y="${h - bottom}">0</text>` : ""}`;
  const lines = series.map((s) => {
    const points = s.values.map((v, i) => (v === null ? null : { x: x(i), y: y(v, s.posts), v }));
    const segments: string[] = [];
    let run: string[] = [];
    for (const p of [...points, null]) {
      if (p) run.push(`${p.x.toFixed(1)},${p.y.toFixed(1)}`);
      else if (run.length) {
        segments.push(run.join(" "));
        run = [];
      }
    }
    const dash = s.posts ? ' stroke-dasharray="5 3"' : "";
    return `${segments.map((pts) => `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`).join("")}${points
      .map((p) =>
        p
          ? `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="3.5" fill="${s.color}"><title>${esc(`${s.name}: ${s.posts ? p.v : `USD ${usd(p.v)}`}`)}</title></circle>`
          : "",
      )
      .join("")}`;
  });
  let at = left;
  const legend = series
    .map((s) => {
      const name = s.posts ? "Posts (right scale)" : `${s.name} (USD)`;
      const item = `<rect x="${at}" y="${h - 18}" width="12" height="12" fill="${s.color}"/><text x="${at + 16}" y="${h - 8}">${esc(name)}</text>`;
      at += 16 + name.length * 6.5 + 18;
      return item;
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(`${title}, ${t.years[0]}-${t.years[t.years.length - 1]}`)}" viewBox="0 0 ${w} ${h}" width="100%" font-family="Helvetica, Arial, sans-serif" font-size="12">${grid}${axis}${lines.join("")}${legend}</svg>`;
}
