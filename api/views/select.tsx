/**
 * A labelled filter menu: `all` adds a first, empty choice ("all", "any"); the option whose value
 * is `value` is selected. Used by the filter forms (review queue, search).
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
      {props.label}
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
