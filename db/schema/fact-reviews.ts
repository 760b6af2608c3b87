import { integer, jsonb, pgTable, serial, text, timestamp, index } from "drizzle-orm/pg-core";
import { facts } from "./facts.ts";

/** The audit trail of analyst reviews: who changed what, when, and why. Never updated, only appended. */
export const factReviews = pgTable(
  "fact_reviews",
  {
    id: serial("id").primaryKey(),
    factId: integer("fact_id")
      .notNull()
      .references(() => facts.id, { onDelete: "cascade" }),
    action: text("action", { enum: ["confirm", "correct", "reject", "reset"] }).notNull(),
    before: jsonb("before").$type<Record<string, unknown>>().notNull(),
    after: jsonb("after").$type<Record<string, unknown>>().notNull(),
    note: text("note"),
    actor: text("actor").notNull(),
    actorKind: text("actor_kind", { enum: ["user", "api-key", "cli"] }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("fact_reviews_fact_idx").on(t.factId)],
);

export type FactReview = typeof factReviews.$inferSelect;
export type NewFactReview = typeof factReviews.$inferInsert;
