/** A GET form: works without JavaScript, and the chosen year stays in the URL (shareable, bookmarkable). */
export function YearPicker(props: { action: string; year: number; years: number[] }) {
  const years = [...new Set([props.year, ...props.years])].sort((a, b) => b - a);
  return (
    <form method="get" action={props.action} class="inline" aria-label="Choose the year">
      <label for="year-select">
        <strong>Year</strong>
      </label>
      <select id="year-select" name="year">
        {years.map((y) => (
          <option value={String(y)} selected={y === props.year}>
            {String(y)}
          </option>
        ))}
      </select>
      <button type="submit">Show</button>
    </form>
  );
}
