import type { VersionSummary } from "../../db/queries/documents.ts";
import type { DocumentRow } from "../../db/schema/documents.ts";
import type { FactChange, TextChange } from "../version-diff.ts";
import { factHeadline } from "./fact-card.tsx";
import { num, when } from "./format.ts";

function VersionSelect(props: { name: string; label: string; versions: VersionSummary[]; value: number }) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.versions.map((v) => (
          <option value={String(v.id)} selected={v.id === props.value}>
            {`version ${v.id}, fetched ${when(v.fetchedAt)}`}
          </option>
        ))}
      </select>
    </label>
  );
}

const CHANGE_WORD = { added: "new", removed: "gone", changed: "changed", same: "unchanged" } as const;

function FactChanges({ changes }: { changes: FactChange[] }) {
  const moved = changes.filter((c) => c.change !== "same");
  if (!moved.length) return <p class="notice">The facts read are the same in both editions ({changes.length}).</p>;
  return (
    <table id="fact-changes">
      <thead>
        <tr>
          <th>Change</th>
          <th>Before</th>
          <th>After</th>
          <th>Subject and period</th>
        </tr>
      </thead>
      <tbody>
        {moved.map((c) => {
          const f = (c.after ?? c.before)!;
          return (
            <tr class={`change-${c.change}`}>
              <td>
                <strong>{CHANGE_WORD[c.change]}</strong>
              </td>
              <td>{c.before ? <a href={`/facts/${c.before.id}`}>{factHeadline(c.before)}</a> : "–"}</td>
              <td>{c.after ? <a href={`/facts/${c.after.id}`}>{factHeadline(c.after)}</a> : "–"}</td>
              <td class="small">
                {f.subject ?? "–"}
                {f.period ? `, ${f.period}` : ""}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function TextChanges({ changes }: { changes: TextChange[] }) {
  if (changes.every((c) => c.kind === "same")) return <p class="notice">The text is the same in both editions.</p>;
  return (
    <div class="text-diff">
      {changes.map((c) =>
        c.kind === "same" ? (
          <p class="muted small">
            … {num(c.count)} unchanged sentence{c.count === 1 ? "" : "s"} …
          </p>
        ) : (
          <div class={c.kind}>
            <strong class="small">{c.kind === "added" ? "Added" : "Removed"}</strong>
            {c.sentences.map((s) => (
              <p>
                {c.kind === "added" ? <ins>{s.text}</ins> : <del>{s.text}</del>}{" "}
                <span class="small muted">(page {s.page})</span>
              </p>
            ))}
          </div>
        ),
      )}
    </div>
  );
}

/** Two editions of one document side by side in time: which facts moved, then which sentences. */
export function ComparePage(props: {
  doc: DocumentRow & { versions: VersionSummary[] };
  from: number;
  to: number;
  facts: FactChange[];
  text: TextChange[];
}) {
  const { doc } = props;
  return (
    <>
      <p class="small muted">
        <a href={`/documents/${doc.id}`}>{doc.title ?? doc.url}</a>
      </p>
      <h1>What changed between two editions</h1>
      <form method="get" action={`/documents/${doc.id}/compare`} class="filters" aria-label="Choose the editions">
        <VersionSelect name="from" label="Earlier edition" versions={doc.versions} value={props.from} />
        <VersionSelect name="to" label="Later edition" versions={doc.versions} value={props.to} />
        <button type="submit">Compare</button>
      </form>
      <h2>Facts</h2>
      <FactChanges changes={props.facts} />
      <h2>Text</h2>
      <TextChanges changes={props.text} />
    </>
  );
}
