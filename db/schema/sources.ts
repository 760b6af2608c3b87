import { boolean, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { organizations } from "./organizations.ts";

/** A named feed (site, API, symbol list). Lease columns keep one run per source across processes. */
export const sources = pgTable("sources", {
  id: text("id").primaryKey(),
  organizationId: text("organization_id").references(() => organizations.id),
  kind: text("kind").notNull(),
  enabled: boolean("enabled").notNull().default(true),
  schedule: text("schedule"),
  config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
  status: text("status", { enum: ["never-run", "running", "ok", "failed"] })
    .notNull()
    .default("never-run"),
  lastRunAt: timestamp("last_run_at", { withTimezone: true }),
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  lastError: text("last_error"),
  leaseOwner: text("lease_owner"),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type SourceRow = typeof sources.$inferSelect;
export type NewSourceRow = typeof sources.$inferInsert;
