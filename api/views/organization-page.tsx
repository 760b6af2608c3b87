import type { OrganizationOverview } from "../../analysis/overview-types.ts";
import { basisLabel } from "../../analysis/overview-words.ts";
import type { Organization } from "../../db/schema/organizations.ts";
import { evidenceHref } from "./overview-page.tsx";
import { PendingSection, ReviewBadge, TrendSection } from "./figures.tsx";
import { num } from "./format.ts";
import { FactCard, type FactCardData } from "./fact-card.tsx";
import { YearPicker } from "./year-picker.tsx";

const SECTIONS = [
  { kind: "funding", title: "Funding" },
  { kind: "staffing", title: "Posts" },
  { kind: "unit", title: "Units and funds named" },
] as const;

/** The organization's row of the overview, figure by figure: what counts in the year and why. */
function YearFigures({ s, year }: { s: OrganizationOverview; year: number }) {
  const lines = [
    ...s.fundingByBasis.map((t) => ({
      label: `${basisLabel(t.basis)} (USD)`,
      value: t.usdForYear,
      ids: t.evidenceIds,
      explanation: t.explanation,
      figures: s.funding.filter((f) => f.basis === t.basis),
      change: s.change.fundingByBasis.find((x) => x.basis === t.basis)?.text ?? "",
    })),
    ...(s.staffing.length
      ? [
          {
            label: "Posts",
            value: s.postsTotal,
            ids: s.posts.flatMap((p) => p.evidenceIds),
            explanation: s.staffing.map((f) => f.explanation).join("; "),
            figures: s.staffing,
            change: s.change.posts.text,
          },
        ]
      : []),
  ];
  if (!lines.length) return <p class="notice">No funding or posts figures count for {year}.</p>;
  return (
    <div class="scroll">
      <table id="year-figures">
        <caption>What counts for {year} in the overview, and how each number is made</caption>
        <thead>
          <tr>
            <th>Measure</th>
            <th class="num">{String(year)}</th>
            <th>How it is counted</th>
            <th>Review</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr>
              <th scope="row">{l.label}</th>
              <td class="num">
                <a href={evidenceHref(l.ids)}>{num(l.value)}</a>
              </td>
              <td class="explain">{l.explanation}</td>
              <td>
                <ReviewBadge figures={l.figures} />
              </td>
              <td class="small">{l.change}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function OrganizationPage(props: {
  org: Organization;
  year: number;
  years: number[];
  facts: FactCardData[];
  csrf?: string;
  total: number;
  summary?: OrganizationOverview;
  reviewThreshold: number;
}) {
  const { org, year } = props;
  const back = `/organizations/${org.id}?year=${year}`;
  return (
    <>
      <h1>
        {org.name} ({org.acronym}) — {year}
      </h1>
      <YearPicker action={`/organizations/${org.id}`} year={year} years={props.years} />
      <p class="lead">
        What counts for {org.acronym} in {year} and how each number is made, the figures waiting for review, five years
        of trend, then every fact found with its quote highlighted in its passage.
        {props.csrf
          ? " Confirm, correct or reject each fact; every change is recorded with your name and the time."
          : ""}{" "}
        <a href={`/?year=${year}`}>Back to the {year} overview</a>.
      </p>
      <h2>Figures for {year}</h2>
      {props.summary ? (
        <YearFigures s={props.summary} year={year} />
      ) : (
        <p class="notice">No figures count for {year}.</p>
      )}
      {props.summary ? (
        <PendingSection
          items={[{ org: props.summary, pending: props.summary.pending }]}
          threshold={props.reviewThreshold}
        />
      ) : null}
      {props.summary ? (
        <>
          <h2>Five-year trend</h2>
          <TrendSection trend={props.summary.trend} title={org.acronym} id="trend-table" />
        </>
      ) : null}
      <h2>Every fact found for {year}</h2>
      {props.total > props.facts.length ? (
        <p class="notice">
          Showing the first {props.facts.length} of {props.total} facts; the API lists them all (
          <a href={`/api/facts?organization=${org.id}&year=${year}`}>/api/facts</a>).
        </p>
      ) : null}
      {props.facts.length === 0 ? (
        <p class="notice">
          No facts found for {org.acronym} in {year}.
        </p>
      ) : null}
      {SECTIONS.map(({ kind, title }) => {
        const list = props.facts.filter((f) => f.fact.kind === kind);
        return list.length ? (
          <section>
            <h3>
              {title} ({list.length})
            </h3>
            {list.map((f) => (
              <FactCard {...f} csrf={props.csrf} back={`${back}#fact-${f.fact.id}`} />
            ))}
          </section>
        ) : null;
      })}
    </>
  );
}
