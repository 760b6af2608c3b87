import type { Organization } from "../../db/schema/organizations.ts";

/**
 * A labelled menu: `all` adds a first, empty choice ("all", "any"); the option whose value is
 * `value` is selected. A space after the label keeps it apart from the menu in an inline form.
 * Used by the filter forms (review queue, search, documents) and the subscription form.
 */
export function Select(props: {
  name: string;
  label: string;
  value?: string;
  options: ReadonlyArray<readonly [string, string]>;
  all?: string;
}) {
  return (
    <label>
      {`${props.label} `}
      <select name={props.name}>
        {props.all ? <option value="">{props.all}</option> : null}
        {props.options.map(([v, text]) => (
          <option value={v} selected={v === props.value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The filter forms' organization menu: every organization by acronym, "all" first.
 * @example <OrganizationSelect orgs={orgs} value="undp" />
 */
export function OrganizationSelect(props: {
  orgs: ReadonlyArray<Pick<Organization, "id" | "acronym">>;
  value?: string;
}) {
  const options = props.orgs.map((o) => [o.id, o.acronym] as const);
  return <Select name="organization" label="Organization" value={props.value} all="all" options={options} />;
}
