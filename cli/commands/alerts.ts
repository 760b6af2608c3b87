import { detectAlerts } from "../../alerts/detect.ts";
import { runOutbox } from "../../alerts/outbox.ts";
import { alertJson, formatChange, formatValue, metricLabel, orgLabel, type OrgNames } from "../../alerts/render.ts";
import { checkTargetResolves, toNewSubscription } from "../../alerts/subscription-input.ts";
import { outboundPolicy } from "../../net/outbound.ts";
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import { acknowledgeAlert, listAlerts, type AlertRow } from "../../db/queries/alerts.ts";
import { getOrganization, listOrganizations } from "../../db/queries/organizations.ts";
import { createSubscription, deleteSubscription, listSubscriptions } from "../../db/queries/subscriptions.ts";
import { InvalidChangeError, NotFoundError } from "../../errors.ts";
import { COMMON_OPTIONS, configFrom, parseCommand, UsageError, writeLine, type Command, type Io } from "../args.ts";
import { withDb } from "../context.ts";

const USAGE = `ssc-monitor alerts [--json] [--limit N] [--organization ORG] [--unacknowledged]
                                          recent alerts, one line each: organization, subject, metric,
                                          old value, new value, change (then the alert's id and date)
ssc-monitor alerts subscribe --channel webhook|email --target URL|ADDRESS [--name NAME]
                   [--organization ORG] [--subject UNIT] [--metric funding|posts|presence|funding:budget|posts:P-4...]
                   [--digest daily|weekly] [--secret SECRET]
                                          a webhook without --secret gets one generated, printed once
ssc-monitor alerts subscriptions [--json]  list the subscriptions
ssc-monitor alerts unsubscribe ID          delete a subscription and its pending deliveries
ssc-monitor alerts ack ID --by NAME        record who acknowledged an alert, and when
ssc-monitor alerts detect [--since ISO-DATE]  look for changes in analysed versions now (all, or analysed since)
ssc-monitor alerts deliver                 run the outbox once (webhooks and e-mail that are due)

Options common to all: --data DIR (PGlite directory; DATABASE_URL for PostgreSQL)`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  json: { type: "boolean" },
  limit: { type: "string" },
  organization: { type: "string" },
  unacknowledged: { type: "boolean" },
  channel: { type: "string" },
  target: { type: "string" },
  name: { type: "string" },
  subject: { type: "string" },
  metric: { type: "string" },
  digest: { type: "string" },
  secret: { type: "string" },
  by: { type: "string" },
  since: { type: "string" },
} as const;

type Values = ReturnType<typeof parseCommand<typeof OPTIONS>>["values"];

const fmtDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * @example alertLine(alert, orgs)
 *   // "UNDP\tUnited Nations Office for South-South Cooperation\tbudget (funding) 2024-2025\t3,500,000 USD\t4,000,000
 *      USD\t+500,000 USD (+14.3 %)\t#7 2026-11-29"
 */
export function alertLine(a: AlertRow, orgs: OrgNames): string {
  const metric = `${metricLabel(a.metric)}${a.period ? ` ${a.period}` : ""}`;
  return [
    orgLabel(a, orgs),
    a.subject,
    metric,
    formatValue(a.oldValue, a.unit),
    formatValue(a.newValue, a.unit),
    formatChange(a),
    `#${a.id} ${fmtDate(a.createdAt)}`,
  ].join("\t");
}

function positiveInt(raw: string | undefined, what: string): number {
  const n = Number(raw);
  if (!raw || !Number.isInteger(n) || n <= 0)
    throw new UsageError(`${what} must be a positive whole number${raw ? `, not "${raw}"` : ""}`);
  return n;
}

async function list(db: Db, values: Values, io: Io): Promise<number> {
  const limit = values.limit ? positiveInt(values.limit, "--limit") : 20;
  const rows = await listAlerts(db, {
    limit,
    organizationId: values.organization,
    acknowledged: values.unacknowledged ? false : undefined,
  });
  const orgs = new Map((await listOrganizations(db)).map((o) => [o.id, o.acronym]));
  if (values.json) for (const a of rows) writeLine(io.stdout, JSON.stringify(alertJson(a, orgs)));
  else if (rows.length === 0) writeLine(io.stderr, "no alerts yet");
  else for (const a of rows) writeLine(io.stdout, alertLine(a, orgs));
  return 0;
}

async function subscribe(db: Db, config: Config, values: Values, io: Io): Promise<number> {
  if (values.channel !== "webhook" && values.channel !== "email")
    throw new UsageError("--channel must be webhook or email");
  if (!values.target) throw new UsageError("--target is required: the webhook URL or the e-mail address");
  if (values.digest && !["none", "daily", "weekly"].includes(values.digest))
    throw new UsageError("--digest must be daily or weekly");
  if (values.organization && !(await getOrganization(db, values.organization)))
    throw new InvalidChangeError(`There is no organization "${values.organization}"`);
  const policy = outboundPolicy(config.outboundAllow);
  const { values: row, secret } = toNewSubscription(
    {
      channel: values.channel,
      target: values.target,
      name: values.name,
      organization: values.organization,
      subject: values.subject,
      metric: values.metric,
      digest: values.digest as "daily" | undefined,
      secret: values.secret,
    },
    "cli",
    policy,
  );
  await checkTargetResolves(row.channel, row.target, policy);
  const sub = await createSubscription(db, row);
  writeLine(io.stdout, `subscribed #${sub.id}: ${sub.name}${sub.digest !== "none" ? ` (${sub.digest} digest)` : ""}`);
  if (secret && !values.secret)
    writeLine(io.stdout, `webhook secret (shown only now; verify X-SSC-Signature with it): ${secret}`);
  return 0;
}

async function subscriptions(db: Db, values: Values, io: Io): Promise<number> {
  const rows = await listSubscriptions(db);
  if (rows.length === 0) writeLine(io.stderr, "no subscriptions (add one with: ssc-monitor alerts subscribe ...)");
  for (const s of rows) {
    const filters =
      [
        s.organizationId && `organization=${s.organizationId}`,
        s.subject && `subject=${s.subject}`,
        s.metric && `metric=${s.metric}`,
      ]
        .filter(Boolean)
        .join(" ") || "everything";
    if (values.json) writeLine(io.stdout, JSON.stringify({ ...s, secret: undefined, hasSecret: s.secret !== null }));
    else
      writeLine(
        io.stdout,
        [
          `#${s.id}`,
          s.name,
          s.channel,
          s.target,
          filters,
          s.digest === "none" ? "at once" : s.digest,
          s.active ? "active" : "paused",
        ].join("\t"),
      );
  }
  return 0;
}

async function ack(db: Db, values: Values, positionals: string[], io: Io): Promise<number> {
  const id = positiveInt(positionals[1], "the alert ID");
  if (!values.by) throw new UsageError("--by NAME is required: who acknowledges the alert");
  const alert = await acknowledgeAlert(db, { id, by: values.by, now: new Date() });
  if (!alert) throw new NotFoundError(`There is no alert ${id}`);
  writeLine(
    io.stdout,
    `alert #${id} acknowledged by ${alert.acknowledgedBy} at ${alert.acknowledgedAt!.toISOString()}`,
  );
  return 0;
}

/**
 * The command with an open database: what `alertsCommand` runs, and what tests call directly.
 * @example await runAlerts(["--json", "--limit", "5"], io, { db, config })
 */
export async function runAlerts(argv: string[], io: Io, deps: { db: Db; config: Config }): Promise<number> {
  const { values, positionals } = parseCommand(argv, OPTIONS, true);
  const verb = positionals[0] ?? "list";
  const { db, config } = deps;
  if (verb === "list") return list(db, values, io);
  if (verb === "subscribe") return subscribe(db, config, values, io);
  if (verb === "subscriptions") return subscriptions(db, values, io);
  if (verb === "ack") return ack(db, values, positionals, io);
  if (verb === "unsubscribe") {
    const id = positiveInt(positionals[1], "the subscription ID");
    if (!(await deleteSubscription(db, id))) throw new NotFoundError(`There is no subscription ${id}`);
    writeLine(io.stdout, `unsubscribed #${id}`);
    return 0;
  }
  if (verb === "detect") {
    const since = values.since ? new Date(values.since) : undefined;
    if (since && Number.isNaN(since.getTime()))
      throw new UsageError(`--since must be a date such as 2026-11-01, not "${values.since}"`);
    const result = await detectAlerts(db, { since, now: new Date() });
    writeLine(
      io.stdout,
      JSON.stringify({ versions: result.versions, alerts: result.alerts.length, deliveries: result.deliveries }),
    );
    return 0;
  }
  if (verb === "deliver") {
    writeLine(io.stdout, JSON.stringify(await runOutbox(db, config)));
    return 0;
  }
  throw new UsageError(
    `unknown alerts command "${verb}": use subscribe, subscriptions, unsubscribe, ack, detect or deliver`,
  );
}

/** `ssc-monitor alerts ...` (see USAGE): opens the configured database, runs, closes it. */
export const alertsCommand: Command = {
  name: "alerts",
  summary: "list alerts; manage subscriptions; acknowledge; run detection or the outbox once",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommand(argv, OPTIONS, true);
    const config = configFrom(values);
    return withDb(config, ({ db }) => runAlerts(argv, io, { db, config }));
  },
};
