import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Per-host politeness for every worker sharing the database: the host's token (who holds it, until
 * when at most), the next time a request to the host may start, and the largest delay any worker
 * has learnt for it (its robots.txt Crawl-delay).
 */
export const hostSlots = pgTable("host_slots", {
  host: text("host").primaryKey(),
  delayMs: integer("delay_ms").notNull(),
  nextAt: timestamp("next_at", { withTimezone: true }).notNull(),
  holder: text("holder"),
  heldUntil: timestamp("held_until", { withTimezone: true }),
});

export type HostSlot = typeof hostSlots.$inferSelect;
