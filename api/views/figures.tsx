import type { OrganizationOverview, Overview, Pending, ReviewState, Trend } from "../../analysis/overview-types.ts";
import { basisLabel } from "../../analysis/overview-words.ts";
import { trendChart } from "../../exports/chart.ts";
import { num } from "./format.ts";

/** The review state of the figures behind a total, e.g. "1 confirmed, 2 unreviewed". */
export function reviewMix(figures: Array<{ review: ReviewState; confidence: number }>): string {
  const counts: Record<string, number> = {};
  for (const f of figures) counts[f.review] = (counts[f.review] ?? 0) + 1;
  const low = Math.min(...figures.map((f) => f.confidence));
  const parts = (["confirmed", "corrected", "unreviewed"] as const)
    .filter((r) => counts[r])
    .map((r) => (figures.length === 1 ? r : `${counts[r]} ${r}`));
  return parts.length ? `${parts.join(", ")}${counts.unreviewed ? `, confidence ${Math.round(low * 100)}%` : ""}` : "";
}

export function ReviewBadge({ figures }: { figures: Array<{ review: ReviewState; confidence: number }> }) {
  if (!figures.length) return null;
  const state = figures.every((f) => f.review !== "unreviewed")
    ? "confirmed"
    : figures.some((f) => f.review !== "unreviewed")
      ? "mixed"
      : "auto";
  return <div class={`small review-mix review-${state}`}>{reviewMix(figures)}</div>;
}

/**
 * A total's explanation as a table cell shows it: without the amount and year the cell already
 * shows ("USD 3,000,000 counted in 2024 (half of USD 6,000,000 for 2024-2025)" reads "half of
 * USD 6,000,000 for 2024-2025"); the whole sentence stays in the organization page and the exports.
 */
export function cellExplanation(text: string): string {
  const m = /^[A-Z]{3} [\d,.]+ counted in \d{4} \((.*)\)$/s.exec(text.trim());
  return m ? m[1] : text;
}

const cell = (v: number | null) => (v === null ? <span title="no figure that year">–</span> : num(v));

/** Five years as a table (a year without a figure is a dash, never zero) and as a line chart. */
export function TrendSection({ trend, title, id }: { trend: Trend; title: string; id: string }) {
  const rows = [
    ...trend.fundingByBasis.map((s) => ({ label: `${basisLabel(s.basis)} (USD)`, values: s.usd })),
    ...trend.postsByGrade.map((s) => ({ label: `Posts at ${s.grade}`, values: s.posts })),
    ...(trend.postsTotal.some((v) => v !== null) ? [{ label: "Posts, all grades", values: trend.postsTotal }] : []),
  ];
  if (!rows.length)
    return (
      <p class="muted">
        No figures in {trend.years[0]}–{trend.years[trend.years.length - 1]}.
      </p>
    );
  return (
    <>
      <div class="scroll">
        <table id={id} class="trend">
          <caption>
            {title}, {trend.years[0]}–{trend.years[trend.years.length - 1]}: counted with the same rules every year; a
            dash is a year without a figure.
          </caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              {trend.years.map((y) => (
                <th scope="col" class="num">
                  {String(y)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                {r.values.map((v) => (
                  <td class="num">{cell(v)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figure class="trend-chart" dangerouslySetInnerHTML={{ __html: trendChart(trend, title) }} />
    </>
  );
}

/** Figures below the review threshold: shown apart, with what each would add once an analyst confirms it. */
export function PendingSection(props: {
  items: Array<{ org: OrganizationOverview; pending: Pending }>;
  threshold: number;
}) {
  const rows = props.items.flatMap(({ org, pending }) => [
    ...pending.funding.map((f) => ({
      org,
      text: f.explanation,
      adds: f.wouldAdd ? `+ USD ${num(f.wouldAdd)} to ${basisLabel(f.basis)}` : "nothing (already counted)",
      confidence: f.confidence,
      ids: f.evidence.map((e) => e.factId),
    })),
    ...pending.staffing.map((s) => ({
      org,
      text: s.explanation,
      adds: s.wouldAdd ? `+ ${num(s.wouldAdd)} post${s.wouldAdd === 1 ? "" : "s"}` : "nothing (already counted)",
      confidence: s.confidence,
      ids: s.evidence.map((e) => e.factId),
    })),
  ]);
  if (!rows.length) return null;
  return (
    <section id="pending">
      <h2>Waiting for review ({rows.length})</h2>
      <p class="lead">
        The analyzer read these figures with a confidence below {Math.round(props.threshold * 100)}%: they are not in
        the totals above. Each counts once an analyst confirms or corrects it.
      </p>
      <div class="scroll">
        <table id="pending-table">
          <thead>
            <tr>
              <th>Organization</th>
              <th>Figure</th>
              <th class="num">Confidence</th>
              <th>Would add</th>
              <th>Review</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{r.org.acronym}</td>
                <td>{r.text}</td>
                <td class="num">{Math.round(r.confidence * 100)}%</td>
                <td>{r.adds}</td>
                <td>
                  {r.ids.map((id) => (
                    <a href={`/facts/${id}`}>fact {id} </a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The methodology and glossary, as the model words them for the web and every export. */
export function Explainers({ items, id }: { items: Overview["methodology"]; id: string }) {
  return (
    <dl class="explainers" id={id}>
      {items.map((e) => (
        <>
          <dt>{e.heading}</dt>
          <dd>{e.text}</dd>
        </>
      ))}
    </dl>
  );
}
