import {
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  index,
} from "drizzle-orm/pg-core";
import { facts } from "./facts.ts";
import { organizations } from "./organizations.ts";

/** A change in the budget or posts of an SSTC unit or fund, with both values and both pieces of evidence. */
export const alerts = pgTable(
  "alerts",
  {
    id: serial("id").primaryKey(),
    /** Stable identity of the change, so re-analysis never raises the same alert twice. */
    fingerprint: text("fingerprint").notNull(),
    organizationId: text("organization_id").references(() => organizations.id),
    subject: text("subject").notNull(),
    metric: text("metric").notNull(),
    change: text("change", { enum: ["changed", "appeared", "disappeared"] }).notNull(),
    period: text("period"),
    oldValue: doublePrecision("old_value"),
    newValue: doublePrecision("new_value"),
    absChange: doublePrecision("abs_change"),
    relChange: doublePrecision("rel_change"),
    unit: text("unit"),
    oldFactId: integer("old_fact_id").references(() => facts.id, { onDelete: "set null" }),
    newFactId: integer("new_fact_id").references(() => facts.id, { onDelete: "set null" }),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    acknowledgedBy: text("acknowledged_by"),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("alerts_fingerprint_uq").on(t.fingerprint), index("alerts_created_idx").on(t.createdAt)],
);

export type AlertRow = typeof alerts.$inferSelect;
export type NewAlertRow = typeof alerts.$inferInsert;
