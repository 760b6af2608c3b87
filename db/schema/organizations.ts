import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** A publisher whose support to SSTC is measured: a UN entity, a development bank or a bilateral donor. */
export const organizations = pgTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  acronym: text("acronym").notNull(),
  kind: text("kind", {
    enum: [
      "secretariat",
      "fund-programme",
      "specialized-agency",
      "regional-commission",
      "development-bank",
      "bilateral",
      "other",
    ],
  }).notNull(),
  homepage: text("homepage"),
  iatiId: text("iati_id"),
  parentId: text("parent_id"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
