import type { SourceStatus } from "../../db/queries/sources.ts";
import { Status } from "./fact-card.tsx";
import { failureReason, scheduleInWords } from "../plain-words.ts";
import { num, when } from "./format.ts";

/** Coordinators look here first when numbers go stale: a failing source shows its last error in red. */
export function SourcesPage({ items, csrf }: { items: SourceStatus[]; csrf?: string }) {
  const failing = items.filter((s) => s.source.status === "failed").length;
  return (
    <>
      <h1>Sources</h1>
      <p class="lead">
        {items.length} source{items.length === 1 ? "" : "s"}
        {failing ? `, ${failing} failing` : ""}. A failing source never blocks the others; its last error says what went
        wrong (open it for the details). <a href="/crawl">Crawls running and just finished</a>.
      </p>
      <table>
        <thead>
          <tr>
            <th>Source</th>
            <th>Organization</th>
            <th>Kind</th>
            <th>Status</th>
            <th>Last run</th>
            <th>Last success</th>
            <th class="num">Fetched · new · changed · failed</th>
            <th>Last error</th>
          </tr>
        </thead>
        <tbody>
          {items.map(({ source: s, lastRun: r }) => (
            <tr>
              <td>
                <strong>{s.id}</strong>
                {s.enabled ? "" : " (disabled)"}
                <div class="small muted" title={s.schedule ?? ""}>
                  {scheduleInWords(s.schedule)}
                </div>
                {csrf && s.enabled ? (
                  <form method="post" action="/crawl" class="inline">
                    <input type="hidden" name="csrf" value={csrf} />
                    <input type="hidden" name="source" value={s.id} />
                    <button type="submit" class="secondary small">
                      Crawl now
                    </button>
                  </form>
                ) : null}
              </td>
              <td>{s.organizationId ? <a href={`/organizations/${s.organizationId}`}>{s.organizationId}</a> : "–"}</td>
              <td>{s.kind}</td>
              <td>
                <Status status={s.status} />
              </td>
              <td>
                {when(s.lastRunAt)}
                {r ? (
                  <div class="small muted">
                    run {r.id}: {r.status}
                  </div>
                ) : null}
              </td>
              <td>{when(s.lastSuccessAt)}</td>
              <td class="num">
                {r ? `${num(r.fetched)} · ${num(r.new)} · ${num(r.changed)} · ${num(r.failed)}` : "–"}
              </td>
              <td>
                {s.lastError ? (
                  <details>
                    <summary class="status-failed">{failureReason(s.lastError)}</summary>
                    <span class="small">{s.lastError}</span>
                  </details>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
