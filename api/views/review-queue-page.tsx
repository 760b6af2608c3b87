import type { ConfidenceBand, ReviewQueueItem } from "../../db/queries/review-queue.ts";
import type { Organization } from "../../db/schema/organizations.ts";
import { BASIS_LABEL } from "../../analysis/overview-words.ts";
import { effective } from "../evidence.ts";
import { confidenceText, factHeadline, Status } from "./fact-card.tsx";
import { num } from "./format.ts";
import { Pager } from "./pager.tsx";
import { ConfirmRejectButtons, ReviewFormHidden } from "./review-form.tsx";
import { OrganizationSelect, Select } from "./select.tsx";

export interface ReviewQueueQuery {
  organization?: string;
  status: string;
  kind?: string;
  confidence?: ConfidenceBand;
  year?: number;
  offset: number;
}

const STATUSES = [
  ["auto", "unreviewed"],
  ["confirmed", "confirmed"],
  ["corrected", "corrected"],
  ["rejected", "rejected"],
  ["any", "any"],
] as const;
const KINDS = [
  ["funding", "funding"],
  ["staffing", "posts"],
  ["unit", "units and funds"],
] as const;
const BANDS = [
  ["low", "low (under 70%)"],
  ["medium", "medium (70-89%)"],
  ["high", "high (90% or more)"],
] as const;

/** The query string of the queue as filtered, so a review returns to the same place. */
export function queueQuery(q: Omit<ReviewQueueQuery, "offset"> & { offset?: number }): URLSearchParams {
  const p = new URLSearchParams();
  if (q.organization) p.set("organization", q.organization);
  if (q.status !== "auto") p.set("status", q.status);
  if (q.kind) p.set("kind", q.kind);
  if (q.confidence) p.set("confidence", q.confidence);
  if (q.year !== undefined) p.set("year", String(q.year));
  if (q.offset) p.set("offset", String(q.offset));
  return p;
}

function Filters(props: { q: ReviewQueueQuery; orgs: Organization[]; years: number[] }) {
  const { q } = props;
  return (
    <form method="get" action="/review" class="filters" aria-label="Filter the review queue">
      <OrganizationSelect orgs={props.orgs} value={q.organization} />
      <Select name="status" label="Review state" value={q.status} options={STATUSES} />
      <Select name="kind" label="Kind" value={q.kind} all="all" options={KINDS} />
      <Select name="confidence" label="Confidence" value={q.confidence} all="any" options={BANDS} />
      <Select
        name="year"
        label="Year"
        value={q.year === undefined ? undefined : String(q.year)}
        all="all years"
        options={props.years.map((y) => [String(y), String(y)] as const)}
      />
      <button type="submit">Filter</button>
    </form>
  );
}

function detail(f: ReviewQueueItem): string {
  const e = effective(f);
  return [
    e.period,
    f.kind === "funding" ? BASIS_LABEL[e.basis ?? "unspecified"] : f.grade,
    e.subject ? `“${e.subject}”` : null,
  ]
    .filter(Boolean)
    .join(" · ");
}

function QuickDecision(props: { f: ReviewQueueItem; csrf?: string; back: string }) {
  const { f } = props;
  const correct = (
    <a href={`/facts/${f.id}`} class="small">
      {props.csrf ? "Correct…" : "Open"}
    </a>
  );
  if (!props.csrf || f.status === "superseded") return correct;
  return (
    <form method="post" action={`/facts/${f.id}/review`} class="quick" aria-label={`Decide on fact ${f.id}`}>
      <ReviewFormHidden csrf={props.csrf} back={props.back} />
      <ConfirmRejectButtons />
      {correct}
    </form>
  );
}

/**
 * The analyst's worklist: the facts that move the totals most come first, the least certain readings first among
 * equals.
 */
export function ReviewQueuePage(props: {
  q: ReviewQueueQuery;
  items: ReviewQueueItem[];
  total: number;
  limit: number;
  orgs: Organization[];
  years: number[];
  acronyms: Map<string, string>;
  csrf?: string;
}) {
  const { q, items } = props;
  const query = queueQuery(q);
  const back = `/review${query.size ? `?${query}` : ""}`;
  return (
    <>
      <h1>Review queue</h1>
      <p class="lead">
        Facts the analyzer read, largest effect on the totals first (a figure's share of the listed funding per year, or
        of the listed posts), then the least confident. Confirm what the quote supports, reject what it does not, open a
        fact to correct its value, currency, period, basis or subject.
        {props.csrf ? "" : " Sign in to review."}
      </p>
      <Filters q={q} orgs={props.orgs} years={props.years} />
      <p>
        <strong>{num(props.total)}</strong> fact{props.total === 1 ? "" : "s"} match.
      </p>
      {items.length ? (
        <div class="scroll">
          <table id="review-queue">
            <thead>
              <tr>
                <th class="num" title="Share of the listed facts' total of the same kind">
                  Share
                </th>
                <th>Figure</th>
                <th>Organization</th>
                <th>Quote and source</th>
                <th>Confidence</th>
                <th>State</th>
                <th>Review</th>
              </tr>
            </thead>
            <tbody>
              {items.map((f) => (
                <tr data-fact={String(f.id)} data-confidence={String(f.confidence)}>
                  <td class="num">
                    {f.kind === "unit" ? (
                      "–"
                    ) : (
                      <>
                        {`${num(Math.round(f.share * 1000) / 10)}%`}
                        <div class="small muted">of {f.kind === "funding" ? "funding" : "posts"}</div>
                      </>
                    )}
                  </td>
                  <td>
                    <a href={`/facts/${f.id}`}>
                      <strong>{factHeadline(f)}</strong>
                    </a>
                    <div class="small muted">{detail(f)}</div>
                  </td>
                  <td>{f.organizationId ? (props.acronyms.get(f.organizationId) ?? f.organizationId) : "–"}</td>
                  <td class="small">
                    “{f.quote}”
                    <div class="muted">
                      <a href={`/documents/${f.documentId}`}>{f.documentTitle ?? f.documentUrl}</a>
                      {f.page ? `, page ${f.page}` : ""}
                    </div>
                  </td>
                  <td>{confidenceText(f.confidence)}</td>
                  <td>
                    <Status status={f.status} />
                  </td>
                  <td>
                    <QuickDecision f={f} csrf={props.csrf} back={back} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="notice">Nothing to review with these filters.</p>
      )}
      <Pager
        path="/review"
        query={queueQuery({ ...q, offset: 0 })}
        total={props.total}
        limit={props.limit}
        offset={q.offset}
        noun="facts"
      />
    </>
  );
}
