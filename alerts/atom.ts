import type { AlertRow } from "../db/queries/alerts.ts";
import { escapeXml } from "../exports/escape.ts";
import { alertHtml, alertText, alertTitle, orgLabel, type OrgNames } from "./render.ts";

/**
 * The alerts as an Atom 1.0 feed (RFC 4287). Entry ids are tag URIs (RFC 4151) built from the
 * alert's fingerprint, so they stay the same whatever host serves the feed and even if the alert
 * is stored again in another database.
 *
 * Written by hand, not with the `feed` package (issue 12, tried 5.2.1): it writes every title and summary as
 * type="html" CDATA (a subject would have to be HTML-escaped first to stay text), its XML writer (xml-js) breaks
 * out of CDATA at a second `]]>`, turns a literal `&amp;` in text into `&`, escapes only `"` in attributes and
 * keeps the control characters XML forbids, so escapeXml's work would be needed around it anyway; 6.0.0 also
 * throws on the relative links served without SSC_PUBLIC_URL.
 */

/** The tagging authority and the date it was minted: fixed, never derived from the request. */
export const TAG_AUTHORITY = "ssc-monitor,2026";

export const entryId = (alert: Pick<AlertRow, "fingerprint">) => `tag:${TAG_AUTHORITY}:alert/${alert.fingerprint}`;

/** Text from documents (subjects, quotes, titles) in the feed: escape.ts's XML helper. */
export const xml = escapeXml;

export interface FeedOptions {
  /** Absolute URL of the feed itself (rel="self"). */
  selfUrl: string;
  /** Absolute URL of the alerts page (rel="alternate"); entries link to `#alert-<id>` on it. */
  pageUrl: string;
  /** The feed's `updated` when there are no alerts yet. */
  now: Date;
  orgs?: OrgNames;
}

function entry(alert: AlertRow, options: FeedOptions): string {
  const link = `${options.pageUrl}#alert-${alert.id}`;
  const updated = alert.createdAt.toISOString();
  return [
    "<entry>",
    `<id>${xml(entryId(alert))}</id>`,
    `<title type="text">${xml(alertTitle(alert, options.orgs))}</title>`,
    `<updated>${updated}</updated>`,
    `<published>${updated}</published>`,
    `<link rel="alternate" type="text/html" href="${xml(link)}"/>`,
    `<category term="${xml(alert.metric)}" label="${xml(alert.change)}"/>`,
    `<author><name>${xml(orgLabel(alert, options.orgs))}</name></author>`,
    `<summary type="text">${xml(alertText(alert, options.orgs))}</summary>`,
    `<content type="html">${xml(alertHtml(alert, options.orgs, link))}</content>`,
    "</entry>",
  ].join("\n");
}

/**
 * @example renderAtomFeed(await listAlerts(db, { limit: 100 }), { selfUrl: "https://ssc.example.org/alerts.atom",
 *   pageUrl: "https://ssc.example.org/alerts", now })
 */
export function renderAtomFeed(alerts: AlertRow[], options: FeedOptions): string {
  const latest = alerts.reduce((max, a) => Math.max(max, a.createdAt.getTime()), 0);
  const updated = new Date(latest || options.now.getTime()).toISOString();
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>tag:${TAG_AUTHORITY}:alerts</id>`,
    "<title>ssc-monitor: changes in the budgets and posts of South-South cooperation units</title>",
    `<updated>${updated}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xml(options.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${xml(options.pageUrl)}"/>`,
    "<author><name>ssc-monitor</name></author>",
    "<generator>ssc-monitor</generator>",
    ...alerts.map((a) => entry(a, options)),
    "</feed>",
    "",
  ].join("\n");
}
