/**
 * An analyst's review of one fact: confirm, correct, reject or reset, with its audit-trail row,
 * in one transaction.
 */
import { eq } from "drizzle-orm";
import { effectiveValues } from "../../analysis/effective-fact.ts";
import { formatPeriod, parsePeriod } from "../../analysis/periods.ts";
import { BASES as FUNDING_BASES } from "../../analysis/overview.ts";
import { NotFoundError, InvalidChangeError, ConflictError } from "../../errors.ts";
import type { Db } from "../client.ts";
import { factReviews } from "../schema/fact-reviews.ts";
import { facts, type FactRow } from "../schema/facts.ts";

export type ReviewAction = "confirm" | "correct" | "reject" | "reset";

export interface ReviewInput {
  id: number;
  action: ReviewAction;
  value?: number;
  currency?: string;
  period?: string;
  count?: number;
  /** A funding basis (BASES in analysis/overview.ts), e.g. "allocation" where the analyzer read none. */
  basis?: string;
  /** The unit or fund the figure is for, as it should read ("South-South cooperation" for "Sur-Sur"). */
  subject?: string;
  note?: string;
  actor: string;
  actorKind: "user" | "api-key" | "cli";
  now?: Date;
}

/** A fact's reviewable fields as the audit trail records them before and after a review. */
export const reviewSnapshot = (f: FactRow) => ({
  status: f.status,
  value: f.value,
  currency: f.currency,
  period: f.period,
  count: f.count,
  correctedValue: f.correctedValue,
  correctedCurrency: f.correctedCurrency,
  correctedPeriod: f.correctedPeriod,
  correctedCount: f.correctedCount,
  basis: f.basis,
  subject: f.subject,
  correctedBasis: f.correctedBasis,
  correctedSubject: f.correctedSubject,
});

const CLEARED = {
  correctedValue: null,
  correctedCurrency: null,
  correctedPeriod: null,
  correctedCount: null,
  correctedBasis: null,
  correctedSubject: null,
};

/**
 * An analyst's review: confirm (the analyzer's reading is right; an earlier correction is
 * withdrawn), correct (value, currency, period or count), reject, or reset to the analyzer's reading.
 * The fact and its audit-trail row change in one transaction; the analyzer's own reading is never
 * overwritten. Errors: NotFoundError (unknown id), InvalidChangeError (invalid correction),
 * ConflictError (the fact was superseded by a newer analysis).
 * @example
 * await reviewFact(db, { id: 42, action: "correct", value: 3_500_000, note: "table total",
 *   actor: "amina", actorKind: "user" })
 */
export async function reviewFact(db: Db, input: ReviewInput): Promise<FactRow> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(facts).where(eq(facts.id, input.id)).for("update");
    if (!before) throw new NotFoundError(`No fact with id ${input.id}.`);
    if (before.status === "superseded") {
      throw new ConflictError(
        `Fact ${input.id} was superseded by a newer analysis of its document; review the current fact instead.`,
      );
    }
    const change = reviewChange(before, input);
    const [after] = await tx
      .update(facts)
      .set({ ...change, updatedAt: input.now ?? new Date() })
      .where(eq(facts.id, input.id))
      .returning();
    await tx.insert(factReviews).values({
      factId: input.id,
      action: input.action,
      before: reviewSnapshot(before),
      after: reviewSnapshot(after),
      note: input.note ?? null,
      actor: input.actor,
      actorKind: input.actorKind,
      ...(input.now ? { at: input.now } : {}),
    });
    return after;
  });
}

function reviewChange(f: FactRow, input: ReviewInput): Partial<FactRow> {
  switch (input.action) {
    case "confirm":
      return { status: "confirmed", ...CLEARED };
    case "reject":
      return { status: "rejected" };
    case "reset":
      return { status: "auto", ...CLEARED };
    case "correct":
      return { status: "corrected", ...correction(f, input) };
    default:
      throw new InvalidChangeError(
        `Unknown review action "${String(input.action)}": use confirm, correct, reject or reset.`,
      );
  }
}

function correction(f: FactRow, input: ReviewInput): Partial<FactRow> {
  const { value, currency, period, count, basis, subject } = input;
  if ([value, currency, period, count, basis, subject].every((x) => x === undefined)) {
    throw new InvalidChangeError("A correction needs a value, currency, period, count, basis or subject.");
  }
  if (basis !== undefined && f.kind !== "funding")
    throw new InvalidChangeError(`Fact ${f.id} is a ${f.kind} fact: only funding has a basis.`);
  if (basis !== undefined && !FUNDING_BASES.includes(basis))
    throw new InvalidChangeError(`The basis must be one of ${FUNDING_BASES.join(", ")}, not "${basis}".`);
  if (subject !== undefined && !(subject.trim().length > 0 && subject.length <= 300))
    throw new InvalidChangeError("The subject must be a name of 1 to 300 characters.");
  if (f.kind !== "funding" && (value !== undefined || currency !== undefined)) {
    throw new InvalidChangeError(
      `Fact ${f.id} is a ${f.kind} fact: correct its count or period, not a value or currency.`,
    );
  }
  if (f.kind !== "staffing" && count !== undefined)
    throw new InvalidChangeError(`Fact ${f.id} is a ${f.kind} fact: it has no count to correct.`);
  if (value !== undefined && !(Number.isFinite(value) && value > 0))
    throw new InvalidChangeError(`The corrected value must be a positive number, not ${value}.`);
  if (count !== undefined && !(Number.isFinite(count) && count >= 0))
    throw new InvalidChangeError(`The corrected count must be zero or more, not ${count}.`);
  if (currency !== undefined && !/^[A-Za-z]{3}$/.test(currency))
    throw new InvalidChangeError(
      `The corrected currency must be an ISO 4217 code such as USD or EUR, not "${currency}".`,
    );
  if (period !== undefined && !parsePeriod(period))
    throw new InvalidChangeError(
      `The corrected period must name a year or years, e.g. 2024 or 2024-2025, not "${period}".`,
    );
  const out: Partial<FactRow> = {
    correctedValue: value ?? f.correctedValue,
    correctedCurrency: currency?.toUpperCase() ?? f.correctedCurrency,
    // Stored canonically ("2024" or "2024-2025") so SQL can read the years back.
    correctedPeriod: period !== undefined ? formatPeriod(parsePeriod(period)!) : f.correctedPeriod,
    correctedCount: count ?? f.correctedCount,
    correctedBasis: basis ?? f.correctedBasis,
    correctedSubject: subject?.trim() ?? f.correctedSubject,
  };
  if (f.kind === "funding") {
    // The last line of defence (callers validate with api/review-input.ts): an Infinity would
    // silently drop the fact from every total while it still reads as corrected.
    const { usd } = effectiveValues({ ...f, ...out, status: "corrected" });
    if (usd !== null && !Number.isFinite(usd))
      throw new InvalidChangeError(
        `The corrected value ${out.correctedValue ?? f.value} ${out.correctedCurrency ?? f.currency} ` +
          "is too large to convert to USD.",
      );
  }
  return out;
}
