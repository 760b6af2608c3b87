import { createHash } from "node:crypto";
import type { Db } from "../client.ts";
import { overviewChanges } from "../schema/overview-changes.ts";

/** The data version of the overview: each scope's version, a tag over them all, and the last change. */
export interface OverviewVersion {
  /** Version per scope (organization id, "" for facts of no organization, "*" for coverage). */
  scopes: Map<string, number>;
  /** A weak ETag for the overview of `year` at `reviewThreshold` on this UTC day (coverage counts runs of the last 90 days). */
  etag: string;
  /** When any of its data last changed (whole seconds, as HTTP dates carry). */
  lastModified: Date;
}

/**
 * Reads the overview's data version: one small table kept current by triggers in the same
 * transaction as every write the overview reads (migration 0006), so equal tags mean equal data.
 * @example const { etag } = await overviewVersion(db, 2024, 0.9, new Date()); // 'W/"3f2a…"'
 */
export async function overviewVersion(
  db: Db,
  year: number,
  reviewThreshold: number,
  now: Date,
): Promise<OverviewVersion> {
  const rows = await db.select().from(overviewChanges);
  rows.sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
  const hash = createHash("sha256").update(`${year}|${reviewThreshold}|${now.toISOString().slice(0, 10)}`);
  let last = 0;
  for (const r of rows) {
    hash.update(`|${r.scope}=${r.version}`);
    last = Math.max(last, new Date(r.changedAt).getTime());
  }
  return {
    scopes: new Map(rows.map((r) => [r.scope, Number(r.version)])),
    etag: `W/"${hash.digest("base64url").slice(0, 27)}"`,
    lastModified: new Date(Math.floor(last / 1000) * 1000),
  };
}
