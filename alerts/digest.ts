import type { AlertRow } from "../db/queries/alerts.ts";
import { alertHtml, alertText, escapeHtml, orgLabel, type OrgNames } from "./render.ts";

/**
 * A daily or weekly e-mail digest: every alert a subscription collected since its last digest, in
 * one message grouped by organization (alphabetically), oldest alert first within each.
 */

/** Absolute links only from the configured public origin (SSC_PUBLIC_URL); without it, none. */
export const alertUrl = (publicUrl: string | undefined, id: number) =>
  publicUrl ? `${publicUrl.replace(/\/$/, "")}/alerts#alert-${id}` : undefined;

/** @example groupByOrganization(alerts, orgs) // [["FAO", [...]], ["UNDP", [...]]] */
export function groupByOrganization(alerts: AlertRow[], orgs?: OrgNames): Array<[string, AlertRow[]]> {
  const groups = new Map<string, AlertRow[]>();
  for (const a of [...alerts].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || x.id - y.id)) {
    const label = orgLabel(a, orgs);
    groups.set(label, [...(groups.get(label) ?? []), a]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Subject, text and HTML of one digest. */
export function renderDigest(
  alerts: AlertRow[],
  options: { digest: "daily" | "weekly"; orgs?: OrgNames; publicUrl?: string },
): { subject: string; text: string; html: string } {
  const groups = groupByOrganization(alerts, options.orgs);
  const label = options.digest === "daily" ? "Daily" : "Weekly";
  const subject =
    `[ssc-monitor] ${label} digest: ${alerts.length} ${alerts.length === 1 ? "alert" : "alerts"} on ` +
    `${groups.map(([org]) => org).join(", ")}`;
  const text = groups
    .map(([org, list]) =>
      [
        `== ${org} (${list.length}) ==`,
        ...list.map((a) => alertText(a, options.orgs, alertUrl(options.publicUrl, a.id))),
      ].join("\n\n"),
    )
    .join("\n\n");
  const html = groups
    .map(
      ([org, list]) =>
        `<h2>${escapeHtml(org)} (${list.length})</h2>` +
        `${list.map((a) => alertHtml(a, options.orgs, alertUrl(options.publicUrl, a.id))).join("<hr>")}`,
    )
    .join("");
  return {
    subject,
    text: `${label} digest of ssc-monitor alerts\n\n${text}\n`,
    html: `<!DOCTYPE html><html><body><h1>${label} digest of ssc-monitor alerts</h1>${html}</body></html>`,
  };
}
