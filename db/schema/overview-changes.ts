import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * When the data behind the overview last changed, per scope: an organization id (its facts,
 * documents, versions and passages, and the facts and passages of documents it publishes), "" for
 * facts of no organization, "*" for sources and crawl runs (coverage). Bumped by triggers in the
 * same transaction as the write (migration 0006), so a reader that compares versions can never keep
 * a stale result, and conditional reads (ETag, Last-Modified) cost one small query.
 */
export const overviewChanges = pgTable("overview_changes", {
  scope: text("scope").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(1),
  changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
});

export type OverviewChangeRow = typeof overviewChanges.$inferSelect;
