import type { FactReview } from "../../db/schema/fact-reviews.ts";
import type { FactRow } from "../../db/schema/facts.ts";
import { when } from "./format.ts";

/** Without JavaScript: one form, several submit buttons, each sending its own `action`. */
export function ReviewForm(props: { fact: FactRow; csrf?: string; back: string }) {
  const f = props.fact;
  if (!props.csrf) {
    return (
      <p class="small">
        <a href={`/login?next=${encodeURIComponent(props.back)}`}>Sign in</a> to confirm, correct or reject this fact.
      </p>
    );
  }
  if (f.status === "superseded")
    return <p class="small muted">A newer analysis replaced this fact; review the current one.</p>;
  return (
    <form class="review" method="post" action={`/facts/${f.id}/review`} aria-label={`Review fact ${f.id}`}>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="back" value={props.back} />
      <button type="submit" name="action" value="confirm">
        Confirm
      </button>
      <button type="submit" name="action" value="reject" class="danger">
        Reject
      </button>
      {f.kind === "funding" ? (
        <>
          <label>
            Value
            <input
              name="value"
              inputmode="decimal"
              size={14}
              placeholder={f.value === null ? "" : String(f.correctedValue ?? f.value)}
            />
          </label>
          <label>
            Currency
            <input name="currency" size={4} maxlength={3} placeholder={f.correctedCurrency ?? f.currency ?? "USD"} />
          </label>
        </>
      ) : null}
      {f.kind === "staffing" ? (
        <label>
          Posts
          <input name="count" inputmode="decimal" size={5} placeholder={String(f.correctedCount ?? f.count ?? "")} />
        </label>
      ) : null}
      <label>
        Period
        <input name="period" size={10} placeholder={f.correctedPeriod ?? f.period ?? "2024"} />
      </label>
      <label>
        Note
        <input name="note" size={28} maxlength={2000} />
      </label>
      <button type="submit" name="action" value="correct" class="secondary">
        Save correction
      </button>
      {f.status !== "auto" ? (
        <button type="submit" name="action" value="reset" class="secondary">
          Undo review
        </button>
      ) : null}
    </form>
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
