import { z } from "@hono/zod-openapi";
import { BASES } from "../analysis/overview.ts";
import { factReviews } from "../db/schema/fact-reviews.ts";
import { AppError } from "../errors.ts";

/**
 * What a review may say, in one schema that the API (PATCH /api/facts/:id) and the review form
 * both validate with, so the two cannot drift. A correction is bounded: money is finite, above 0
 * and at most 1e13 in units of its currency (no budget line comes near; 1.5e308 GBP once became
 * an Infinity in the totals), and posts are whole numbers from 1 to 100,000.
 */
export const REVIEW_LIMITS = Object.freeze({
  maxMoney: 1e13,
  maxPosts: 100_000,
  maxNoteChars: 2000,
  maxSubjectChars: 300,
});

const ACTIONS = factReviews.action.enumValues;

export const ReviewBody = z
  .object({
    action: z.enum(ACTIONS, { message: `must be ${ACTIONS.slice(0, -1).join(", ")} or ${ACTIONS.at(-1)}` }),
    value: z
      .number({ message: "must be a finite number" })
      .positive("must be more than 0")
      .max(REVIEW_LIMITS.maxMoney, "must be at most 10,000,000,000,000 (1e13) in units of the currency")
      .optional()
      .openapi({ description: "Corrected amount in units of the currency, above 0 and at most 1e13" }),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, "must be an ISO 4217 code such as USD")
      .optional(),
    period: z.string().min(4).max(20).optional().openapi({ example: "2024-2025" }),
    count: z
      .number({ message: "must be a finite number" })
      .int("must be a whole number of posts")
      .positive("must be at least 1")
      .max(REVIEW_LIMITS.maxPosts, "must be at most 100,000 posts")
      .optional()
      .openapi({ description: "Corrected number of posts, a whole number from 1 to 100,000" }),
    basis: z
      .enum(BASES as [string, ...string[]], { message: `must be one of ${BASES.join(", ")}` })
      .optional()
      .openapi({ description: "Corrected funding basis", example: "allocation" }),
    subject: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(REVIEW_LIMITS.maxSubjectChars, "must be at most 300 characters")
      .optional()
      .openapi({ description: "The unit or fund, as it should read", example: "South-South cooperation" }),
    note: z.string().max(REVIEW_LIMITS.maxNoteChars).optional(),
  })
  .strict()
  .openapi("Review");

export type ReviewFields = z.infer<typeof ReviewBody>;

const LABELS: Record<string, string> = {
  value: "The corrected value",
  count: "The number of posts",
  currency: "The currency",
  period: "The period",
  basis: "The basis",
  subject: "The subject",
  note: "The note",
  action: "The action",
};

/**
 * Validates a review from the form (numbers already read from the typed text) with the same
 * schema as the API; a bad field is a bad_request whose message names it and `details` lists
 * each field's problem, for a form to show next to the field.
 * @example checkReview({ action: "correct", value: 1.5e308 })
 *   // throws AppError: The corrected value must be at most ...
 */
export function checkReview(input: Record<string, unknown>): ReviewFields {
  const parsed = ReviewBody.safeParse(input);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const message = details.map((d) => `${LABELS[d.path] ?? d.path} ${d.message}`).join("; ");
  throw new AppError("bad_request", `${message}.`, { details });
}
