import { num } from "./format.ts";

/** Previous / "1–50 of 120" / Next, keeping the list's filters in the links. */
export function Pager(props: {
  path: string;
  query: URLSearchParams;
  total: number;
  limit: number;
  offset: number;
  noun: string;
}) {
  const link = (offset: number) => {
    const q = new URLSearchParams(props.query);
    if (offset) q.set("offset", String(offset));
    else q.delete("offset");
    return q.size ? `${props.path}?${q}` : props.path;
  };
  const { total, limit, offset } = props;
  return (
    <nav class="pager" aria-label="Pages">
      {offset > 0 ? <a href={link(Math.max(0, offset - limit))}>← Previous</a> : null}
      <span>
        {total === 0 ? `No ${props.noun}` : `${offset + 1}–${Math.min(offset + limit, total)} of ${num(total)}`}
      </span>
      {offset + limit < total ? <a href={link(offset + limit)}>Next →</a> : null}
    </nav>
  );
}
