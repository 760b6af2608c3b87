import { boolean, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

/** Who wants which alerts, through which channel. Null filters match everything. */
export const subscriptions = pgTable("subscriptions", {
  id: serial("id").primaryKey(),
  name: text("name").notNull(),
  channel: text("channel", { enum: ["webhook", "email"] }).notNull(),
  target: text("target").notNull(),
  secret: text("secret"),
  organizationId: text("organization_id"),
  subject: text("subject"),
  metric: text("metric"),
  digest: text("digest", { enum: ["none", "daily", "weekly"] })
    .notNull()
    .default("none"),
  active: boolean("active").notNull().default(true),
  createdBy: text("created_by"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Subscription = typeof subscriptions.$inferSelect;
export type NewSubscription = typeof subscriptions.$inferInsert;
