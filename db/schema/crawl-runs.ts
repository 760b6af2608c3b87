import { integer, jsonb, pgTable, serial, text, timestamp, index } from "drizzle-orm/pg-core";
import { sources } from "./sources.ts";

/** One crawl of one source: its counts, its errors and how long it took. */
export const crawlRuns = pgTable(
  "crawl_runs",
  {
    id: serial("id").primaryKey(),
    sourceId: text("source_id")
      .notNull()
      .references(() => sources.id),
    status: text("status", { enum: ["running", "succeeded", "failed", "abandoned"] })
      .notNull()
      .default("running"),
    worker: text("worker"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    durationMs: integer("duration_ms"),
    fetched: integer("fetched").notNull().default(0),
    new: integer("new").notNull().default(0),
    changed: integer("changed").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    bytes: integer("bytes").notNull().default(0),
    /** Documents handed to fetch jobs by a run whose workers fetch them (job queue); 0 when fetched inline. */
    queued: integer("queued").notNull().default(0),
    error: text("error"),
    errors: jsonb("errors").$type<Array<{ url: string; kind: string; message: string }>>().notNull().default([]),
  },
  (t) => [index("crawl_runs_source_idx").on(t.sourceId, t.startedAt)],
);

export type CrawlRun = typeof crawlRuns.$inferSelect;
export type NewCrawlRun = typeof crawlRuns.$inferInsert;
