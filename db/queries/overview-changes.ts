import { createHash } from "node:crypto";
import { FX } from "../../analysis/currency.ts";
import { VERSION } from "../../version.ts";
import type { Db } from "../client.ts";
import { overviewChanges } from "../schema/overview-changes.ts";

/** The version of the data behind the overview, from overview_changes. */
export interface DataVersion {
  /** Version per scope (organization id, "" for facts of no organization, "*" for coverage). */
  scopes: Map<string, number>;
  /** One tag for all scopes: equal tags, equal data. */
  tag: string;
  /** When any of the data last changed (whole seconds, as HTTP dates carry). */
  lastModified: Date;
}

/** The data version of one year's overview: `etag` also names the program, rates, year, threshold and UTC day. */
export interface OverviewVersion extends DataVersion {
  /** A weak ETag for the overview of a year at a threshold on this UTC day (coverage counts the last 90 days' runs). */
  etag: string;
}

const hashed = (text: string) => createHash("sha256").update(text).digest("base64url").slice(0, 27);
/**
 * What the overview is computed with besides the data: the program and the exchange rates USD is
 * derived with (never stored), so an upgrade that ships new rates changes every ETag.
 */
const COMPUTED_WITH = hashed(`${VERSION}|${JSON.stringify(FX.rates)}`);

/**
 * Reads the data version: one small table kept current by triggers in the same transaction as
 * every write the overview reads (migration 0006), so equal tags mean equal data.
 * @example const { scopes } = await dataVersion(db); scopes.get("undp") // 12
 */
export async function dataVersion(db: Db): Promise<DataVersion> {
  const rows = await db.select().from(overviewChanges);
  rows.sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  const last = rows.reduce((n, r) => Math.max(n, new Date(r.changedAt).getTime()), 0);
  return {
    scopes: new Map(rows.map((r) => [r.scope, Number(r.version)])),
    tag: hashed(rows.map((r) => `${r.scope}=${r.version}`).join("|")),
    lastModified: new Date(Math.floor(last / 1000) * 1000),
  };
}

/**
 * The data version with the ETag of the overview of `year` at `reviewThreshold` on `now`'s UTC day.
 * @example const { etag } = await overviewVersion(db, 2024, 0.9, new Date()); // 'W/"3f2a…"'
 */
export async function overviewVersion(
  db: Db,
  year: number,
  reviewThreshold: number,
  now: Date,
): Promise<OverviewVersion> {
  const data = await dataVersion(db);
  return {
    ...data,
    etag: `W/"${hashed(`${data.tag}|${COMPUTED_WITH}|${year}|${reviewThreshold}|${now.toISOString().slice(0, 10)}`)}"`,
  };
}
