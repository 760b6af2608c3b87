import type { FactReview } from "../../db/schema/fact-reviews.ts";
import type { FactRow } from "../../db/schema/facts.ts";
import type { PassageRow } from "../../db/schema/passages.ts";
import { effective, pageLink, splitPassage } from "../evidence.ts";
import { money, num } from "./format.ts";
import { ReviewForm, ReviewHistory } from "./review-form.tsx";

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

export function Status({ status }: { status: string }) {
  return <span class={`status status-${status}`}>{status}</span>;
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
        <dd>{f.subject ?? "–"}</dd>
        <dt>Period</dt>
        <dd>{e.period ?? "–"}</dd>
        {f.kind === "funding" ? (
          <>
            <dt>Basis</dt>
            <dd>{f.basis ?? "–"}</dd>
          </>
        ) : null}
        {f.status === "corrected" ? (
          <>
            <dt>Analyzer read</dt>
            <dd>
              {f.kind === "staffing" ? num(f.count) : money(f.value, f.currency)}
              {f.period && f.period !== e.period ? `, ${f.period}` : ""}
            </dd>
          </>
        ) : null}
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
