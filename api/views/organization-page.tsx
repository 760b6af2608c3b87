import type { Organization } from "../../db/schema/organizations.ts";
import { FactCard, type FactCardData } from "./fact-card.tsx";
import { YearPicker } from "./year-picker.tsx";

const SECTIONS = [
  { kind: "funding", title: "Funding" },
  { kind: "staffing", title: "Posts" },
  { kind: "unit", title: "Units and funds named" },
] as const;

export function OrganizationPage(props: {
  org: Organization;
  year: number;
  years: number[];
  facts: FactCardData[];
  csrf?: string;
  total: number;
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
        Every fact found for {year}, each with its quote highlighted in its passage and a link that opens the document
        at that page.
        {props.csrf
          ? " Confirm, correct or reject each one below; every change is recorded with your name and the time."
          : ""}{" "}
        <a href={`/?year=${year}`}>Back to the {year} overview</a>.
      </p>
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
            <h2>
              {title} ({list.length})
            </h2>
            {list.map((f) => (
              <FactCard {...f} csrf={props.csrf} back={`${back}#fact-${f.fact.id}`} />
            ))}
          </section>
        ) : null;
      })}
    </>
  );
}
