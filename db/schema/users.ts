import { pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/** Analyst accounts; the password is kept as a scrypt hash with its salt and parameters. */
export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_name_uq").on(t.name)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
