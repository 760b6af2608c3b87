import type { CrawlRun } from "../../db/schema/crawl-runs.ts";
import { failureReason } from "../plain-words.ts";
import { Status } from "./fact-card.tsx";
import { num, when } from "./format.ts";

/** One crawl's progress and outcome, in a line a coordinator reads at a glance. */
function RunRow({ r }: { r: CrawlRun }) {
  const reason = failureReason(r.error);
  return (
    <tr data-run={String(r.id)} data-status={r.status}>
      <td>
        <strong>{r.sourceId}</strong>
      </td>
      <td>
        <Status status={r.status} />
      </td>
      <td>{when(r.startedAt)}</td>
      <td class="num">
        {num(r.fetched)} fetched · {num(r.new)} new · {num(r.changed)} changed · {num(r.failed)} failed
      </td>
      <td>
        {reason ? (
          <details>
            <summary class="status-failed">{reason}</summary>
            <span class="small">{r.error}</span>
          </details>
        ) : r.status === "running" ? (
          <span class="small muted">working…</span>
        ) : null}
      </td>
    </tr>
  );
}

/** The crawls now running and just finished; the page reloads itself while any still runs (no JavaScript). */
export function CrawlPage(props: { runs: CrawlRun[]; csrf?: string; started?: string[] }) {
  const running = props.runs.filter((r) => r.status === "running").length;
  return (
    <>
      <h1>Crawls</h1>
      {props.started?.length ? (
        <p class="notice">
          Started: {props.started.join(", ")}. Each source's documents are fetched, then analysed; the numbers appear in
          the overview as they are read.
        </p>
      ) : null}
      <p class="lead" aria-live="polite">
        {running
          ? `${running} crawl${running === 1 ? "" : "s"} running. This page refreshes every few seconds.`
          : "No crawl is running."}
      </p>
      {props.csrf && !running ? (
        <form method="post" action="/crawl" class="inline">
          <input type="hidden" name="csrf" value={props.csrf} />
          <button type="submit">Crawl every enabled source now</button>
        </form>
      ) : null}
      <table id="runs">
        <thead>
          <tr>
            <th>Source</th>
            <th>State</th>
            <th>Started</th>
            <th class="num">Progress</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {props.runs.map((r) => (
            <RunRow r={r} />
          ))}
        </tbody>
      </table>
      <p class="small">
        <a href="/sources">Sources</a> shows each source's schedule and last result.
      </p>
    </>
  );
}
