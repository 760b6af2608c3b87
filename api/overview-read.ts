import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { OverviewRead } from "../db/queries/overview-store.ts";
import type { AppEnv } from "./env.ts";

/**
 * The overview of `year` for a request (with its memo of renders), or the 304 that answers it:
 * the ETag and Last-Modified come from the data's version (overview_changes), so a client holding
 * the current copy costs one small query and no build. Sets both headers on the answer either way. `variant` names what
 * else the answer depends on (a page's signed-in session), so its tag differs.
 * @example const read = await readOverview(c, 2024); if (read instanceof Response) return read; read.overview.totals
 */
export async function readOverview(c: Context<AppEnv>, year: number, variant = ""): Promise<OverviewRead | Response> {
  const store = c.get("overviews");
  const db = c.get("db");
  const options = { reviewThreshold: c.get("config").reviewThreshold };
  const now = new Date();
  const asked = c.req.header("if-none-match");
  if (asked) {
    const version = tagged(await store.version(db, year, now, options), variant);
    if (matches(asked, version.etag)) {
      headers(c, version);
      return c.body(null, 304);
    }
  }
  const read = await store.read(db, year, now, options);
  headers(c, tagged(read.version, variant));
  return read;
}

function tagged(version: { etag: string; lastModified: Date }, variant: string) {
  if (!variant) return version;
  const hash = createHash("sha256").update(`${version.etag}|${variant}`).digest("base64url").slice(0, 27);
  return { ...version, etag: `W/"${hash}"` };
}

function headers(c: Context<AppEnv>, version: { etag: string; lastModified: Date }): void {
  c.header("etag", version.etag);
  c.header("last-modified", version.lastModified.toUTCString());
  // Stored copies must ask again each time: a review shows in the very next read.
  c.header("cache-control", "private, no-cache");
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): "W/" is ignored, "*" matches anything. */
function matches(header: string, etag: string): boolean {
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}
