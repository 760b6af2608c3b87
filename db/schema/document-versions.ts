import { integer, pgTable, serial, text, timestamp, uniqueIndex, index } from "drizzle-orm/pg-core";
import { documents } from "./documents.ts";

/** One distinct content (sha256) of a document. Re-fetching the same bytes stores nothing new. */
export const documentVersions = pgTable(
  "document_versions",
  {
    id: serial("id").primaryKey(),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    sha256: text("sha256").notNull(),
    bytes: integer("bytes").notNull(),
    mediaType: text("media_type").notNull(),
    charset: text("charset"),
    url: text("url").notNull(),
    etag: text("etag"),
    lastModified: text("last_modified"),
    fetchedAt: timestamp("fetched_at", { withTimezone: true }).notNull().defaultNow(),
    /** Text extraction: pending → extracted | failed (with `error`). */
    textStatus: text("text_status", { enum: ["pending", "extracted", "failed"] })
      .notNull()
      .default("pending"),
    error: text("error"),
    pageCount: integer("page_count"),
    /** sha256 of the extracted text: a page whose markup changes but whose text does not is no new version. */
    textSha256: text("text_sha256"),
    language: text("language"),
    /** Analysis: pending → running (claimed by `claimedBy` until `claimedUntil`) → analyzed | failed. */
    analysisStatus: text("analysis_status", { enum: ["pending", "running", "analyzed", "failed"] })
      .notNull()
      .default("pending"),
    analysisError: text("analysis_error"),
    analyzerVersion: text("analyzer_version"),
    analyzedAt: timestamp("analyzed_at", { withTimezone: true }),
    claimedBy: text("claimed_by"),
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    /** How many analyses of this version were saved: one per analyzer run, never two for one claim. */
    analyses: integer("analyses").notNull().default(0),
  },
  (t) => [
    uniqueIndex("document_versions_doc_hash_uq").on(t.documentId, t.sha256),
    index("document_versions_hash_idx").on(t.sha256),
    index("document_versions_analysis_idx").on(t.analysisStatus),
    // Versions sort in time by (fetched_at, id): "the newest version before this one".
    index("document_versions_fetched_idx").on(t.fetchedAt, t.id),
  ],
);

export type DocumentVersion = typeof documentVersions.$inferSelect;
export type NewDocumentVersion = typeof documentVersions.$inferInsert;
