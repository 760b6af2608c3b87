import { boolean, integer, pgTable, real, serial, text, index } from "drizzle-orm/pg-core";
import { documentVersions } from "./document-versions.ts";

/** A paragraph or sentence of a page; `start`/`end` are character offsets into that page's text. */
export const passages = pgTable(
  "passages",
  {
    id: serial("id").primaryKey(),
    versionId: integer("version_id")
      .notNull()
      .references(() => documentVersions.id, { onDelete: "cascade" }),
    pageNo: integer("page_no").notNull(),
    start: integer("start").notNull(),
    end: integer("end").notNull(),
    text: text("text").notNull(),
    language: text("language"),
    relevant: boolean("relevant").notNull().default(false),
    score: real("score").notNull().default(0),
  },
  (t) => [index("passages_version_idx").on(t.versionId), index("passages_relevant_idx").on(t.versionId, t.relevant)],
);

export type PassageRow = typeof passages.$inferSelect;
export type NewPassageRow = typeof passages.$inferInsert;
