import { integer, pgTable, serial, text, uniqueIndex } from "drizzle-orm/pg-core";
import { documentVersions } from "./document-versions.ts";

/** The text of one page of a version (HTML and API records are one page). Pages count from 1. */
export const pages = pgTable(
  "pages",
  {
    id: serial("id").primaryKey(),
    versionId: integer("version_id")
      .notNull()
      .references(() => documentVersions.id, { onDelete: "cascade" }),
    pageNo: integer("page_no").notNull(),
    text: text("text").notNull(),
  },
  (t) => [uniqueIndex("pages_version_page_uq").on(t.versionId, t.pageNo)],
);

export type PageRow = typeof pages.$inferSelect;
export type NewPageRow = typeof pages.$inferInsert;
