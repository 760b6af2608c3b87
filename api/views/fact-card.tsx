import type { FactReview } from "../../db/schema/fact-reviews.ts";
import type { FactRow } from "../../db/schema/facts.ts";
import type { PassageRow } from "../../db/schema/passages.ts";
import { pageLink } from "../../analysis/page-link.ts";
import { effective, splitPassage } from "../evidence.ts";
import { money, num } from "./format.ts";
import { BASIS_LABEL } from "../../analysis/overview-words.ts";
import { ReviewForm, ReviewHistory, reviewState } from "./review-form.tsx";

export interface FactCardData {
  fact: FactRow;
  passage: PassageRow | null;
  document: { id: number; title: string | null; url: string };
  reviews: FactReview[];
}

/** The headline of a fact as it counts now, with the analyzer's reading when an analyst changed it. */
export function factHeadline(f: FactRow): string {
  const e = effective(f);
  if (f.kind === "funding")
    return `${money(e.value, e.currency)}${e.currency !== "USD" && e.usd !== null ? ` (USD ${num(e.usd)})` : ""}`;
  if (f.kind === "staffing") return `${num(e.count)} post${e.count === 1 ? "" : "s"}${f.grade ? ` at ${f.grade}` : ""}`;
  return f.subject ?? f.quote;
}

/** The review state in words ("unreviewed" for the analyzer's own reading). */
export function Status({ status }: { status: string }) {
  return <span class={`status status-${status}`}>{reviewState(status)}</span>;
}

/** How sure the analyzer was, in words an analyst can weigh: "high (95%)". */
export function confidenceText(confidence: number): string {
  const pct = Math.round(confidence * 100);
  return `${confidence >= 0.9 ? "high" : confidence >= 0.7 ? "medium" : "low"} (${pct}%)`;
}

/** The analyzer's own reading, for a corrected fact: what the analyst changed is visible at a glance. */
function analyzerReading(f: FactRow): string {
  const parts = [
    f.kind === "staffing" ? `${num(f.count)} posts` : f.kind === "funding" ? money(f.value, f.currency) : "",
  ];
  if (f.period) parts.push(f.period);
  if (f.kind === "funding") parts.push(BASIS_LABEL[f.basis ?? "unspecified"] ?? String(f.basis));
  if (f.subject) parts.push(`“${f.subject}”`);
  return parts.filter(Boolean).join(", ");
}

function Passage({ passage, fact }: { passage: PassageRow | null; fact: FactRow }) {
  if (!passage) {
    const ev = fact.evidence ?? {};
    return (
      <blockquote class="passage">
        <mark>{fact.quote}</mark>
        {ev.field ? (
          <span class="muted small">
            {" "}
            (field {String(ev.field)}
            {ev.recordId ? ` of record ${String(ev.recordId)}` : ""})
          </span>
        ) : null}
      </blockquote>
    );
  }
  const s = splitPassage(passage, fact);
  return (
    <blockquote class="passage">
      {s.before}
      {s.quote ? <mark>{s.quote}</mark> : null}
      {s.after}
    </blockquote>
  );
}

export function FactCard(props: FactCardData & { csrf?: string; back: string; heading?: "h1" | "h3" }) {
  const { fact: f, document: d } = props;
  const e = effective(f);
  const Heading = props.heading ?? "h3";
  return (
    <article class="fact" id={`fact-${f.id}`}>
      <Heading>
        <a href={`/facts/${f.id}`}>{factHeadline(f)}</a> <Status status={f.status} />
      </Heading>
      <dl>
        <dt>Subject</dt>
        <dd>{e.subject ?? "–"}</dd>
        <dt>Period</dt>
        <dd>{e.period ?? "–"}</dd>
        {f.kind === "funding" ? (
          <>
            <dt>Basis</dt>
            <dd>{BASIS_LABEL[e.basis ?? "unspecified"] ?? e.basis}</dd>
          </>
        ) : null}
        {f.status === "corrected" ? (
          <>
            <dt>Analyzer read</dt>
            <dd>{analyzerReading(f)}</dd>
          </>
        ) : null}
        <dt>Confidence</dt>
        <dd>{confidenceText(f.confidence)}</dd>
        <dt>Source</dt>
        <dd>
          <a href={pageLink(d.url, f.page)}>
            {d.title ?? d.url}
            {f.page ? `, page ${f.page}` : ""}
          </a>{" "}
          <span class="small">
            (<a href={`/documents/${d.id}`}>document record</a>)
          </span>
        </dd>
      </dl>
      <Passage passage={props.passage} fact={f} />
      <ReviewHistory reviews={props.reviews} />
      <ReviewForm fact={f} csrf={props.csrf} back={props.back} />
    </article>
  );
}
