import type { AlertCandidate, EvidenceRef } from "../analysis/changes.ts";
import type { AlertRow } from "../db/queries/alerts.ts";
import { escapeHtml, safeUrl } from "../exports/escape.ts";

/**
 * How an alert reads, the same on every channel: JSON (API, webhook), one line (CLI), plain text
 * and HTML (e-mail, Atom, the page).
 */

/** Organization id → acronym, for labels; an id missing from it is shown as it is. */
export type OrgNames = ReadonlyMap<string, string>;

/** Where the old and the new value were read. */
type Evidence = AlertCandidate["evidence"];

/**
 * An alert as JSON: its row without the fact ids, with the organization's label, the evidence
 * typed, and the times as ISO strings.
 */
export type AlertJson = Omit<AlertRow, "oldFactId" | "newFactId" | "evidence" | "createdAt" | "acknowledgedAt"> & {
  organization: string | null;
  evidence: Evidence;
  createdAt: string;
  acknowledgedAt: string | null;
};

export const orgLabel = (alert: Pick<AlertRow, "organizationId">, orgs?: OrgNames) =>
  alert.organizationId ? (orgs?.get(alert.organizationId) ?? alert.organizationId) : "(no organization)";

export function evidenceOf(alert: Pick<AlertRow, "evidence">): Evidence {
  const e = alert.evidence as Partial<Evidence>;
  return { old: e?.old ?? null, new: e?.new ?? null };
}

/** The JSON shape of an alert in the API and in webhook bodies. */
export function alertJson(alert: AlertRow, orgs?: OrgNames): AlertJson {
  return {
    id: alert.id,
    fingerprint: alert.fingerprint,
    change: alert.change,
    organizationId: alert.organizationId,
    organization: alert.organizationId ? orgLabel(alert, orgs) : null,
    subject: alert.subject,
    metric: alert.metric,
    period: alert.period,
    oldValue: alert.oldValue,
    newValue: alert.newValue,
    absChange: alert.absChange,
    relChange: alert.relChange,
    unit: alert.unit,
    evidence: evidenceOf(alert),
    createdAt: alert.createdAt.toISOString(),
    acknowledgedBy: alert.acknowledgedBy,
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
  };
}

const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** @example formatValue(3500000, "USD") // "3,500,000 USD"; formatValue(2, "posts") // "2 posts" */
export function formatValue(value: number | null, unit: string | null): string {
  if (value === null) return "-";
  if (unit === "posts") return `${number.format(value)} ${value === 1 ? "post" : "posts"}`;
  return unit ? `${number.format(value)} ${unit}` : number.format(value);
}

/** @example formatChange(alert) // "+500,000 USD (+14.3 %)", or "appeared" / "disappeared" */
export function formatChange(alert: Pick<AlertRow, "change" | "absChange" | "relChange" | "unit">): string {
  if (alert.change !== "changed") return alert.change;
  const sign = (v: number) => (v > 0 ? "+" : v < 0 ? "−" : "±");
  const abs = alert.absChange ?? 0;
  const rel =
    alert.relChange === null ? "" : ` (${sign(alert.relChange)}${(Math.abs(alert.relChange) * 100).toFixed(1)} %)`;
  return `${sign(abs)}${formatValue(Math.abs(abs), alert.unit)}${rel}`;
}

/** @example metricLabel("funding:budget") // "budget"; metricLabel("posts:P-4") // "P-4 posts" */
export function metricLabel(metric: string): string {
  const [kind, detail] = metric.split(":");
  if (kind === "funding") return detail === "unspecified" ? "funding" : `${detail} (funding)`;
  if (kind === "posts") return detail === "total" ? "posts in total" : `${detail} posts`;
  return metric === "presence" ? "named in the document series" : metric;
}

const docName = (e: EvidenceRef) => e.symbol ?? e.title ?? e.url;

/**
 * One line: what changed, from what to what.
 * @example alertTitle(a)
 *   // "UNDP: UNOSSC, budget (funding) 2024-2025: 1,000,000 USD → 1,100,000 USD (+100,000 USD (+10.0 %))"
 */
export function alertTitle(alert: AlertRow, orgs?: OrgNames): string {
  const head = `${orgLabel(alert, orgs)}: ${alert.subject}`;
  const after = evidenceOf(alert).new;
  if (alert.change === "disappeared")
    return `${head} is no longer named in ${after ? docName(after) : "the new edition"}`;
  if (alert.change === "appeared") return `${head} appears in ${after ? docName(after) : "a new document"}`;
  const period = alert.period ? ` ${alert.period}` : "";
  return (
    `${head}, ${metricLabel(alert.metric)}${period}: ${formatValue(alert.oldValue, alert.unit)} → ` +
    `${formatValue(alert.newValue, alert.unit)} (${formatChange(alert)})`
  );
}

function evidenceText(label: string, e: EvidenceRef | null): string[] {
  if (!e) return [];
  const where = e.page !== null ? `, page ${e.page}` : "";
  return [
    `${label}: ${docName(e)}${where}`,
    ...(e.quote ? [`  "${e.quote}"`] : ["  (not named in this document)"]),
    `  ${e.pageUrl}`,
  ];
}

/** Plain-text body of one alert (e-mail, Atom summary). */
export function alertText(alert: AlertRow, orgs?: OrgNames, alertUrl?: string): string {
  const { old: before, new: after } = evidenceOf(alert);
  return [
    alertTitle(alert, orgs),
    "",
    ...evidenceText("Before", before),
    ...evidenceText("Now", after),
    ...(alertUrl ? ["", `Details and acknowledgement: ${alertUrl}`] : []),
  ].join("\n");
}

// Text from documents in the HTML of e-mails and Atom entries: escape.ts's helpers.
export { escapeHtml };

function evidenceHtml(label: string, e: EvidenceRef | null): string {
  if (!e) return "";
  const where = e.page !== null ? `, page ${e.page}` : "";
  const quote = e.quote
    ? `<blockquote>${escapeHtml(e.quote)}</blockquote>`
    : "<p><em>Not named in this document.</em></p>";
  const name = `${escapeHtml(docName(e))}${where}`;
  const url = safeUrl(e.pageUrl);
  return `<p><strong>${label}:</strong> ${url ? `<a href="${escapeHtml(url)}">${name}</a>` : name}</p>${quote}`;
}

/** HTML body of one alert (e-mail, Atom content). */
export function alertHtml(alert: AlertRow, orgs?: OrgNames, alertUrl?: string): string {
  const { old: before, new: after } = evidenceOf(alert);
  const link = alertUrl ? `<p><a href="${escapeHtml(alertUrl)}">Details and acknowledgement</a></p>` : "";
  return (
    `<h3>${escapeHtml(alertTitle(alert, orgs))}</h3>${evidenceHtml("Before", before)}` +
    `${evidenceHtml("Now", after)}${link}`
  );
}
