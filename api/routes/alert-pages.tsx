import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { z } from "zod";
import type { EvidenceRef } from "../../analysis/changes.ts";
import { maskName, maskTarget } from "../../alerts/mask.ts";
import {
  alertTitle,
  evidenceOf,
  formatChange,
  formatValue,
  metricLabel,
  orgLabel,
  type OrgNames,
} from "../../alerts/render.ts";
import {
  acknowledgeAlert,
  listAlerts,
  listDeliveries,
  type AlertRow,
  type DeliveryLogLine,
} from "../../db/queries/alerts.ts";
import { listOrganizations } from "../../db/queries/organizations.ts";
import { AppError } from "../../errors.ts";
import { requireSessionForm } from "../middleware/csrf.ts";
import { renderPage } from "../views/layout.tsx";
import { DbId } from "./shared.ts";

/** The alerts page: each alert with both values and both pieces of evidence, its deliveries, and the delivery log. */

const when = (d: Date | null) =>
  d
    ? d
        .toISOString()
        .replace("T", " ")
        .replace(/:\d\d\.\d+Z$/, " UTC")
    : "–";

function EvidenceCell({ e }: { e: EvidenceRef | null }) {
  if (!e) return <td class="muted">–</td>;
  return (
    <td>
      <a href={e.pageUrl}>
        {e.symbol ?? e.title ?? e.url}
        {e.page !== null ? `, page ${e.page}` : ""}
      </a>
      {e.quote ? (
        <blockquote class="passage">{e.quote}</blockquote>
      ) : (
        <p class="muted small">Not named in this document.</p>
      )}
    </td>
  );
}

function Deliveries({ lines }: { lines: DeliveryLogLine[] }) {
  if (!lines.length) return <p class="muted small">No subscription asked for this alert.</p>;
  return (
    <ul class="history">
      {lines.map((d) => (
        <li>
          {maskName(d.subscriptionName, d.channel, d.target)} ({d.channel}):{" "}
          <span class={`status status-${d.status === "sent" ? "ok" : d.status}`}>{d.status}</span>
          {d.status === "sent"
            ? ` ${when(d.deliveredAt)}`
            : d.status === "pending"
              ? ` next try ${when(d.nextAttemptAt)}`
              : ""}
          {d.attempts > 1 ? `, ${d.attempts} attempts` : ""}
          {d.lastError ? <span class="muted">: {d.lastError}</span> : ""}
        </li>
      ))}
    </ul>
  );
}

function AckBox({ alert, csrf }: { alert: AlertRow; csrf?: string }) {
  if (alert.acknowledgedAt)
    return (
      <p>
        Acknowledged by <strong>{alert.acknowledgedBy}</strong> on {when(alert.acknowledgedAt)}.
      </p>
    );
  if (!csrf) return <p class="muted small">Not acknowledged yet. Sign in to acknowledge it.</p>;
  return (
    <form method="post" action={`/alerts/${alert.id}/ack`} class="inline">
      <input type="hidden" name="csrf" value={csrf} />
      <button type="submit">Acknowledge</button>
    </form>
  );
}

function AlertCard({
  alert,
  orgs,
  deliveries,
  csrf,
}: {
  alert: AlertRow;
  orgs: OrgNames;
  /** Only for signed-in analysts: targets and their errors would map the receivers' networks. */
  deliveries?: DeliveryLogLine[];
  csrf?: string;
}) {
  const { old: before, new: after } = evidenceOf(alert);
  return (
    <article class="fact" id={`alert-${alert.id}`}>
      <h3>{alertTitle(alert, orgs)}</h3>
      <p class="small muted">
        #{alert.id} · {orgLabel(alert, orgs)} · {alert.subject} · {metricLabel(alert.metric)}
        {alert.period ? ` · ${alert.period}` : ""} · raised {when(alert.createdAt)}
      </p>
      <table>
        <thead>
          <tr>
            <th></th>
            <th class="num">Value</th>
            <th>Evidence</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>Before</th>
            <td class="num">{formatValue(alert.oldValue, alert.unit)}</td>
            <EvidenceCell e={before} />
          </tr>
          <tr>
            <th>Now</th>
            <td class="num">{formatValue(alert.newValue, alert.unit)}</td>
            <EvidenceCell e={after} />
          </tr>
          <tr>
            <th>Change</th>
            <td class="num">{formatChange(alert)}</td>
            <td></td>
          </tr>
        </tbody>
      </table>
      <AckBox alert={alert} csrf={csrf} />
      {deliveries && <Deliveries lines={deliveries} />}
    </article>
  );
}

function DeliveryLog({ lines }: { lines: DeliveryLogLine[] }) {
  return (
    <table>
      <caption>The latest deliveries, newest first</caption>
      <thead>
        <tr>
          <th>Alert</th>
          <th>Subscription</th>
          <th>Channel</th>
          <th>Status</th>
          <th class="num">Attempts</th>
          <th>Delivered / next try</th>
          <th>Last answer</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((d) => (
          <tr>
            <td>
              <a href={`#alert-${d.alertId}`}>#{d.alertId}</a>
            </td>
            <td>{maskName(d.subscriptionName, d.channel, d.target)}</td>
            <td>
              {d.channel} {maskTarget(d.channel, d.target)}
            </td>
            <td>
              <span class={`status status-${d.status === "sent" ? "ok" : d.status}`}>{d.status}</span>
            </td>
            <td class="num">{d.attempts}</td>
            <td>{d.status === "sent" ? when(d.deliveredAt) : d.status === "failed" ? "–" : when(d.nextAttemptAt)}</td>
            <td class="small">
              {[d.lastStatus ? `HTTP ${d.lastStatus}` : "", d.lastError ?? ""].filter(Boolean).join(": ") || "–"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const Query = z.object({
  organization: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional(),
  metric: z.string().max(40).optional(),
  acknowledged: z.enum(["true", "false"]).optional(),
});

export const alertPageRoutes = new Hono<AppEnv>()
  .get("/alerts", async (c) => {
    const db = c.get("db");
    const q = Query.safeParse(c.req.query());
    if (!q.success)
      throw new AppError("bad_request", "Unknown filter: use ?organization=undp, ?metric=posts or ?acknowledged=false");
    const { organization, metric, acknowledged } = q.data;
    const alerts = await listAlerts(db, {
      limit: 100,
      organizationId: organization,
      metric,
      acknowledged: acknowledged === undefined ? undefined : acknowledged === "true",
    });
    const orgs = new Map((await listOrganizations(db)).map((o) => [o.id, o.acronym]));
    const csrf = c.get("session")?.csrf;
    // Delivery targets and their errors ("connection refused", "bad port") are for analysts only.
    const deliveries = csrf ? await listDeliveries(db, { alertIds: alerts.map((a) => a.id), limit: 1000 }) : undefined;
    const log = csrf ? await listDeliveries(db, { limit: 50 }) : undefined;
    const body = (
      <>
        <h1>Alerts</h1>
        <p class="lead">
          Changes in the budgets and posts of South-South cooperation units and funds, each with the value before and
          now and where both were read. <a href="/alerts/subscribe">Subscribe by e-mail or webhook</a>, follow the{" "}
          <a href="/alerts.atom">Atom feed</a>, or use the API (<code>/api/subscriptions</code>).
        </p>
        {alerts.length === 0 ? (
          <p class="notice">No alerts yet.</p>
        ) : (
          alerts.map((a) => (
            <AlertCard alert={a} orgs={orgs} deliveries={deliveries?.filter((d) => d.alertId === a.id)} csrf={csrf} />
          ))
        )}
        <h2>Delivery log</h2>
        {!log ? (
          <p class="muted">Sign in to see where alerts were delivered and how each delivery went.</p>
        ) : log.length === 0 ? (
          <p class="muted">Nothing delivered yet.</p>
        ) : (
          <DeliveryLog lines={log} />
        )}
      </>
    );
    return renderPage(c, "Alerts", body);
  })
  .post("/alerts/:id/ack", requireSessionForm(), async (c) => {
    const id = DbId.safeParse(c.req.param("id"));
    if (!id.success) throw new AppError("not_found", `There is no alert "${c.req.param("id")}"`);
    const alert = await acknowledgeAlert(c.get("db"), { id: id.data, by: c.get("session")!.userName, now: new Date() });
    if (!alert) throw new AppError("not_found", `There is no alert ${id.data}`);
    return c.redirect(`/alerts#alert-${id.data}`, 303);
  });
