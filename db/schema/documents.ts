import { type AnyColumn, sql, type SQL } from "drizzle-orm";
import { pgTable, serial, text, timestamp, index, uniqueIndex, jsonb } from "drizzle-orm/pg-core";
import { organizations } from "./organizations.ts";
import { sources } from "./sources.ts";

/** What full-text search reads of a document: its title and symbol, words as written (any language). */
export function documentTsvector(t: { title: AnyColumn; symbol: AnyColumn }): SQL {
  return sql`to_tsvector('simple'::regconfig, coalesce(${t.title}, '') || ' ' || coalesce(${t.symbol}, ''))`;
}

/** What a document is, as the API filters and the documents page offer it. */
export const DOCUMENT_TYPES = [
  "budget",
  "programme-plan",
  "annual-report",
  "strategic-framework",
  "evaluation",
  "decision",
  "project",
  "report",
  "web-page",
  "other",
] as const;

/**
 * A document as a publisher names it. `key` is its identity across URLs: the UN symbol without its
 * edition suffix when it has one (Rev.1, Corr.1 and Add.1 are editions of the same document), a
 * structured record's id (e.g. "iati:XM-DAC-41114-PROJECT-00012345"), else the normalised URL.
 */
export const documents = pgTable(
  "documents",
  {
    id: serial("id").primaryKey(),
    key: text("key").notNull(),
    organizationId: text("organization_id").references(() => organizations.id),
    sourceId: text("source_id").references(() => sources.id),
    url: text("url").notNull(),
    title: text("title"),
    type: text("type", { enum: DOCUMENT_TYPES }),
    symbol: text("symbol"),
    edition: text("edition"),
    period: text("period"),
    language: text("language"),
    status: text("status", { enum: ["active", "not-found", "failed"] })
      .notNull()
      .default("active"),
    lastError: text("last_error"),
    /**
     * What the document is: a file or page whose text the analyzer reads ("document"), or a
     * structured record (IATI activity, World Bank or UNDP project) whose facts come from its fields
     * ("record"; its text is analysed for passages only).
     */
    origin: text("origin", { enum: ["document", "record"] })
      .notNull()
      .default("document"),
    /** Structured-source extras (record id, SSTC reason, publisher fields). */
    meta: jsonb("meta").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("documents_key_uq").on(t.key),
    index("documents_org_idx").on(t.organizationId),
    index("documents_symbol_idx").on(t.symbol),
    index("documents_search_idx").using("gin", documentTsvector(t)),
  ],
);

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocumentRow = typeof documents.$inferInsert;
