import { index, jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Who did what to the service's security, when and from where: sign-ins (and failed or refused
 * attempts), sign-outs, API key use (and unknown keys), reviews. Only appended; an administrator
 * reads it with `ssc-monitor audit` or GET /api/audit. Failed sign-ins also drive the throttle.
 */
export const AUDIT_EVENTS = [
  "sign-in",
  "sign-in-failed",
  "sign-in-refused",
  "sign-out",
  "key-use",
  "key-refused",
  "review",
] as const;

export const auditLog = pgTable(
  "audit_log",
  {
    id: serial("id").primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    event: text("event", { enum: AUDIT_EVENTS }).notNull(),
    /** The user or key name; for a failed sign-in, the name as typed. */
    actor: text("actor"),
    actorKind: text("actor_kind", { enum: ["user", "api-key", "anonymous"] }).notNull(),
    /** The client's address as the server saw it (or as a trusted proxy reported it). */
    address: text("address"),
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_event_actor_idx").on(t.event, t.actor, t.at),
    index("audit_log_event_address_idx").on(t.event, t.address, t.at),
  ],
);

export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;
