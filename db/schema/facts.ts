import {
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  real,
  serial,
  text,
  timestamp,
  index,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { documents } from "./documents.ts";
import { documentVersions } from "./document-versions.ts";
import { organizations } from "./organizations.ts";
import { passages } from "./passages.ts";

/**
 * A quantity that measures SSTC support, with its evidence. `fingerprint` identifies the same
 * fact across re-analyses of one version, so an analyst's review survives `reanalyze`.
 * The analyst's correction lives in the `corrected*` columns; the analyzer's reading is never overwritten.
 * USD is not stored: it is derived from the value, currency and first year that count
 * (analysis/effective-fact.ts, and db/queries/fact-usd.ts in SQL), with the rates of `fx_rates`.
 */
export const facts = pgTable(
  "facts",
  {
    id: serial("id").primaryKey(),
    documentId: integer("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    versionId: integer("version_id")
      .notNull()
      .references(() => documentVersions.id, { onDelete: "cascade" }),
    passageId: integer("passage_id").references(() => passages.id, { onDelete: "set null" }),
    organizationId: text("organization_id").references(() => organizations.id),
    kind: text("kind", { enum: ["funding", "staffing", "unit"] }).notNull(),
    value: doublePrecision("value"),
    currency: text("currency"),
    period: text("period"),
    periodStart: integer("period_start"),
    periodEnd: integer("period_end"),
    basis: text("basis"),
    count: doublePrecision("count"),
    grade: text("grade"),
    subject: text("subject"),
    quote: text("quote").notNull(),
    start: integer("start"),
    end: integer("end"),
    page: integer("page"),
    confidence: real("confidence").notNull().default(0.5),
    /** Where the fact was read: in the text, by the analyzer ("text"), or in a structured record's field ("record"). */
    origin: text("origin", { enum: ["text", "record"] })
      .notNull()
      .default("text"),
    /** For facts from structured records: record id, field path and URL. */
    evidence: jsonb("evidence").$type<Record<string, unknown>>(),
    fingerprint: text("fingerprint").notNull(),
    status: text("status", { enum: ["auto", "confirmed", "corrected", "rejected", "superseded"] })
      .notNull()
      .default("auto"),
    correctedValue: doublePrecision("corrected_value"),
    correctedCurrency: text("corrected_currency"),
    correctedPeriod: text("corrected_period"),
    correctedCount: doublePrecision("corrected_count"),
    /**
     * The analyst's basis (e.g. "allocation" where the analyzer read none) and subject ("South-South" for "Sur-Sur").
     */
    correctedBasis: text("corrected_basis"),
    correctedSubject: text("corrected_subject"),
    /**
     * The identity of the analyzer's `subject` for change detection (`subjectKeyOf`, e.g.
     * "v1a2b3c4:unossc"), filled when detection first needs it and cleared by a trigger when the
     * subject changes; null until then. A cache of a pure rule, indexed so detection reads only
     * the facts about the subjects it compares.
     */
    subjectKey: text("subject_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("facts_version_fingerprint_uq").on(t.versionId, t.fingerprint),
    index("facts_org_idx").on(t.organizationId, t.periodStart),
    index("facts_kind_status_idx").on(t.kind, t.status),
    index("facts_org_subject_version_idx").on(t.organizationId, t.subjectKey, t.versionId),
    // Change detection always reads the versions with an analyst's correction: few, found here.
    index("facts_corrected_idx").on(t.organizationId, t.versionId).where(sql`${t.status} = 'corrected'`),
  ],
);

export type FactRow = typeof facts.$inferSelect;
export type NewFactRow = typeof facts.$inferInsert;
