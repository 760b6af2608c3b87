import { type AnyColumn, sql, type SQL } from "drizzle-orm";
import { boolean, integer, pgTable, real, serial, text, index } from "drizzle-orm/pg-core";
import { documentVersions } from "./document-versions.ts";

/**
 * What full-text search reads of a passage (db/queries/search.ts), and its GIN index: the words
 * as written ('simple': "Sur-Sur", acronyms and symbols match exactly) and stemmed in the
 * passage's language ("allocates" finds "allocation"). An expression index rather than a stored
 * column, so rows stay their size. Accents are kept: PGlite has no unaccent.
 */
export function passageTsvector(t: { text: AnyColumn; language: AnyColumn }): SQL {
  // Joined with one space: the expression compiles to the same one-line SQL as the index in the migrations.
  const config = sql.join(
    [
      sql`(case ${t.language} when 'fr' then 'french'::regconfig when 'es' then 'spanish'::regconfig`,
      sql`when 'pt' then 'portuguese'::regconfig else 'english'::regconfig end)`,
    ],
    sql` `,
  );
  return sql`(to_tsvector('simple'::regconfig, ${t.text}) || to_tsvector(${config}, ${t.text}))`;
}

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
  (t) => [
    index("passages_version_idx").on(t.versionId),
    index("passages_relevant_idx").on(t.versionId, t.relevant),
    index("passages_search_idx").using("gin", passageTsvector(t)),
  ],
);

export type PassageRow = typeof passages.$inferSelect;
export type NewPassageRow = typeof passages.$inferInsert;
