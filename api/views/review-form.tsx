import type { FactReview } from "../../db/schema/fact-reviews.ts";
import type { FactRow } from "../../db/schema/facts.ts";
import { BASES } from "../../analysis/overview.ts";
import { BASIS_LABEL } from "../../analysis/overview-words.ts";
import { effective } from "../evidence.ts";
import { when } from "./format.ts";

const REVIEW_STATE: Record<string, string> = {
  auto: "unreviewed",
  confirmed: "confirmed",
  corrected: "corrected",
  rejected: "rejected",
  superseded: "superseded",
};

/** What an analyst calls a status: "unreviewed" rather than the stored "auto". */
export const reviewState = (status: string): string => REVIEW_STATE[status] ?? status;

function SignInToReview({ back }: { back: string }) {
  return (
    <p class="small">
      <a href={`/login?next=${encodeURIComponent(back)}`}>Sign in</a> to confirm, correct or reject this fact.
    </p>
  );
}

/** What every review form posts besides its action: the session's CSRF token and where to go back to. */
export function ReviewFormHidden(props: { csrf: string; back: string }) {
  return (
    <>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="back" value={props.back} />
    </>
  );
}

/** The two one-click decisions on a fact, in the fact's page and in the review queue. */
export function ConfirmRejectButtons() {
  return (
    <>
      <button type="submit" name="action" value="confirm">
        Confirm
      </button>
      <button type="submit" name="action" value="reject" class="danger">
        Reject
      </button>
    </>
  );
}

/**
 * Two forms, so that Enter can only ever save what was typed: in the correction form the first
 * (and only) submit button is "Save correction", which browsers press on Enter; confirm, reject
 * and undo live in a form of their own. Empty fields keep the current reading (shown as placeholders).
 */
export function ReviewForm(props: { fact: FactRow; csrf?: string; back: string }) {
  const f = props.fact;
  if (!props.csrf) return <SignInToReview back={props.back} />;
  if (f.status === "superseded")
    return <p class="small muted">A newer analysis replaced this fact; review the current one.</p>;
  const e = effective(f);
  const hidden = <ReviewFormHidden csrf={props.csrf} back={props.back} />;
  return (
    <div class="review-forms">
      <form class="review-decide" method="post" action={`/facts/${f.id}/review`} aria-label={`Decide on fact ${f.id}`}>
        {hidden}
        <ConfirmRejectButtons />
        {f.status !== "auto" ? (
          <button type="submit" name="action" value="reset" class="secondary">
            Undo review
          </button>
        ) : null}
      </form>
      <form class="review" method="post" action={`/facts/${f.id}/review`} aria-label={`Correct fact ${f.id}`}>
        {hidden}
        <input type="hidden" name="action" value="correct" />
        {f.kind === "funding" ? (
          <>
            <label>
              Value
              <input name="value" inputmode="decimal" size={14} placeholder={e.value === null ? "" : String(e.value)} />
            </label>
            <label>
              Currency
              <input name="currency" size={4} maxlength={3} placeholder={e.currency ?? "USD"} />
            </label>
            <label>
              Basis
              <select name="basis">
                <option value="">{`keep: ${BASIS_LABEL[e.basis ?? "unspecified"] ?? e.basis}`}</option>
                {BASES.filter((b) => b !== (e.basis ?? "unspecified")).map((b) => (
                  <option value={b}>{BASIS_LABEL[b] ?? b}</option>
                ))}
              </select>
            </label>
          </>
        ) : null}
        {f.kind === "staffing" ? (
          <label>
            Posts
            <input name="count" inputmode="numeric" size={5} placeholder={String(e.count ?? "")} />
          </label>
        ) : null}
        <label>
          Period
          <input name="period" size={10} placeholder={e.period ?? "2024"} />
        </label>
        <label>
          Subject
          <input name="subject" size={30} maxlength={300} placeholder={e.subject ?? ""} />
        </label>
        <label>
          Note
          <input name="note" size={28} maxlength={2000} />
        </label>
        <button type="submit" class="secondary">
          Save correction
        </button>
      </form>
    </div>
  );
}

function change(r: FactReview): string {
  const a = r.after as Record<string, unknown>;
  if (r.action !== "correct") return "";
  const parts = [
    a.correctedValue != null ? `value ${Number(a.correctedValue).toLocaleString("en-US")}` : "",
    a.correctedCurrency ? `currency ${a.correctedCurrency}` : "",
    a.correctedPeriod ? `period ${a.correctedPeriod}` : "",
    a.correctedCount != null ? `count ${a.correctedCount}` : "",
    a.correctedBasis ? `basis ${BASIS_LABEL[String(a.correctedBasis)] ?? a.correctedBasis}` : "",
    a.correctedSubject ? `subject “${a.correctedSubject}”` : "",
  ].filter(Boolean);
  return parts.length ? ` → ${parts.join(", ")}` : "";
}

const VERB: Record<string, string> = {
  confirm: "confirmed",
  correct: "corrected",
  reject: "rejected",
  reset: "reset to the analyzer's reading",
};

export function ReviewHistory({ reviews }: { reviews: FactReview[] }) {
  if (!reviews.length) return <p class="small muted">Not reviewed yet.</p>;
  return (
    <ul class="history" aria-label="Review history">
      {reviews.map((r) => (
        <li>
          <strong>{VERB[r.action] ?? r.action}</strong>
          {change(r)} by {r.actor}
          {r.actorKind === "api-key" ? " (API key)" : ""} on {when(r.at)}
          {r.note ? <> — “{r.note}”</> : null}
        </li>
      ))}
    </ul>
  );
}
