import { integer, pgTable, text, timestamp, index } from "drizzle-orm/pg-core";
import { documents } from "./documents.ts";

/**
 * Every normalised URL seen for a document, with the validators for conditional requests
 * (ETag / Last-Modified) and what the last fetch of that URL gave.
 */
export const documentUrls = pgTable(
  "document_urls",
  {
    url: text("url").primaryKey(),
    documentId: integer("document_id").references(() => documents.id, { onDelete: "cascade" }),
    sourceId: text("source_id"),
    etag: text("etag"),
    lastModified: text("last_modified"),
    contentHash: text("content_hash"),
    lastStatus: integer("last_status"),
    lastOutcome: text("last_outcome", {
      enum: ["new", "changed", "unchanged", "not-modified", "failed", "not-found", "skipped"],
    }),
    lastError: text("last_error"),
    failures: integer("failures").notNull().default(0),
    lastFetchedAt: timestamp("last_fetched_at", { withTimezone: true }),
    /** Pending URLs discovered by a run that has not fetched them yet: a killed run resumes from them. */
    pendingRunId: integer("pending_run_id"),
    depth: integer("depth"),
  },
  (t) => [
    index("document_urls_doc_idx").on(t.documentId),
    index("document_urls_pending_idx").on(t.sourceId, t.pendingRunId),
  ],
);

export type DocumentUrl = typeof documentUrls.$inferSelect;
export type NewDocumentUrl = typeof documentUrls.$inferInsert;
