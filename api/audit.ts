import type { Context } from "hono";
import { recordAudit } from "../db/queries/audit.ts";
import type { AuditEntry } from "../db/schema/audit-log.ts";
import { clientAddress } from "./client-address.ts";
import type { AppEnv } from "./env.ts";

/**
 * One audit-log entry for this request: the signed-in analyst or API key (if any) as actor, and
 * the client's address. Route handlers call it after the change they record has been made.
 * @example await auditRequest(c, "review", { factId: 42, action: "correct" })
 */
export function auditRequest(c: Context<AppEnv>, event: AuditEntry["event"], detail: Record<string, unknown> = {}) {
  const actor = c.get("actor");
  return recordAudit(c.get("db"), {
    event,
    actor: actor?.name ?? null,
    actorKind: actor?.kind ?? "anonymous",
    address: clientAddress(c),
    detail,
  });
}
