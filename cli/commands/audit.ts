import { listAudit } from "../../db/queries/audit.ts";
import { AUDIT_EVENTS, type AuditEntry } from "../../db/schema/audit-log.ts";
import { COMMON_OPTIONS, configFrom, parseCommand, UsageError, writeLine, type Command } from "../args.ts";
import { withDb } from "../context.ts";

const EVENTS: ReadonlyArray<AuditEntry["event"]> = AUDIT_EVENTS;

const OPTIONS = {
  ...COMMON_OPTIONS,
  json: { type: "boolean" },
  event: { type: "string" },
  actor: { type: "string" },
  address: { type: "string" },
  since: { type: "string" },
  limit: { type: "string" },
} as const;

/** @example auditLine(entry) // "2026-12-07T04:10:00Z  sign-in-failed  amina (anonymous)  203.0.113.9" */
export function auditLine(e: AuditEntry): string {
  const detail = Object.keys(e.detail).length ? `  ${JSON.stringify(e.detail)}` : "";
  return (
    `${e.at.toISOString().replace(/\.\d{3}Z$/, "Z")}  ${e.event}  ${e.actor ?? "-"} (${e.actorKind})  ` +
    `${e.address ?? "-"}${detail}`
  );
}

/** `ssc-monitor audit`: the administrator's view of the audit log, newest first. */
export const auditCommand: Command = {
  name: "audit",
  summary: "read the audit log: sign-ins and failed attempts, key use, reviews",
  usage:
    `ssc-monitor audit [--event ${EVENTS.join("|")}] [--actor NAME] [--address IP] [--since ISO-DATE] ` +
    `[--limit N] [--json] [--data DIR]`,
  async run(argv, io) {
    const { values } = parseCommand(argv, OPTIONS);
    if (values.event && !EVENTS.includes(values.event as AuditEntry["event"]))
      throw new UsageError(`--event must be one of ${EVENTS.join(", ")}`);
    const since = values.since ? new Date(values.since) : undefined;
    if (since && Number.isNaN(since.getTime())) throw new UsageError("--since must be a date such as 2026-12-01");
    const limit = values.limit ? Number(values.limit) : 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
      throw new UsageError("--limit must be a whole number from 1 to 100000");
    return withDb(configFrom(values), async ({ db }) => {
      const rows = await listAudit(db, {
        event: values.event as AuditEntry["event"] | undefined,
        actor: values.actor,
        address: values.address,
        since,
        limit,
      });
      if (values.json) for (const r of rows) writeLine(io.stdout, JSON.stringify(r));
      else if (!rows.length) writeLine(io.stderr, "no audit entries match");
      else for (const r of rows) writeLine(io.stdout, auditLine(r));
      return 0;
    });
  },
};
