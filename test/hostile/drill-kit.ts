import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { crawlRuns, documents, documentUrls, documentVersions } from "../../db/schema/index.ts";
import { runCrawl, type CrawlSummary } from "../../crawlers/run.ts";
import { iatiFiles } from "../../crawlers/sources/iati-files.ts";
import { createSiteSource } from "../../crawlers/sources/site.ts";
import { FAST_FETCHER, siteSettings } from "../fixtures/site/crawl-kit.ts";
import type { HostileSite } from "./hostile-site.ts";

/**
 * What the drills (and bench/hostile.ts) share: the crawl of the hostile site with limits small
 * enough for a test (the product's defaults are larger, the mechanisms the same), and the
 * database checks that nothing was half-stored.
 */

// Raw names: drizzle writes columns unqualified, which inside the subquery would mean pages.id.
const STORED_PAGES = sql<number>`(select count(*)::int from pages where pages.version_id = document_versions.id)`;

/** The crawl tests' fast settings, with 3 s per request so the slow drill ends quickly. */
export const DRILL_FETCHER = { ...FAST_FETCHER, connectTimeoutMs: 3000, timeoutMs: 3000 };

/** PDF limits for the drills: a parse gets 5 s and 256 MB (defaults: 120 s and 512 MB). */
export const DRILL_EXTRACT = { timeoutMs: 5000, maxMemoryMb: 256 };

export function crawlHostileSite(db: Db, site: Pick<HostileSite, "url">): Promise<CrawlSummary> {
  // The https servers listen on other ports of the same address.
  const settings = siteSettings("hostile-site", site, { allowedHosts: ["127.0.0.1"] });
  return runCrawl({
    db,
    source: createSiteSource(settings),
    settings,
    fetcherOptions: DRILL_FETCHER,
    extract: DRILL_EXTRACT,
    leaseMs: 30_000,
  });
}

/** The IATI drills read at most 32 MB per file (default 500 MB: real files are that big). */
export function crawlHostileIati(db: Db, site: Pick<HostileSite, "iatiFiles">): Promise<CrawlSummary> {
  const settings = iatiFiles.settings.parse({
    id: iatiFiles.id,
    files: site.iatiFiles(),
    maxFileBytes: 32 * 1024 * 1024,
    allowedHosts: ["127.0.0.1"],
  });
  return runCrawl({ db, source: iatiFiles, settings, fetcherOptions: DRILL_FETCHER, leaseMs: 30_000 });
}

export async function runErrors(db: Db, runId: number) {
  const [run] = await db
    .select({ errors: crawlRuns.errors, status: crawlRuns.status })
    .from(crawlRuns)
    .where(eq(crawlRuns.id, runId));
  return run;
}

export async function urlState(db: Db, url: string) {
  const [row] = await db.select().from(documentUrls).where(eq(documentUrls.url, url));
  return row;
}

/** The versions fetched from `url`, with their number of stored pages. */
export async function versionsFrom(db: Db, url: string) {
  return db
    .select({
      textStatus: documentVersions.textStatus,
      error: documentVersions.error,
      pageCount: documentVersions.pageCount,
      storedPages: STORED_PAGES,
    })
    .from(documentVersions)
    .where(eq(documentVersions.url, url));
}

/**
 * Anything half-stored, as readable lines (empty when all is whole): a document without a
 * version, a version still "pending" text, an extracted version whose pages are not all there,
 * a failed one with pages or without its reason.
 */
export async function halfStored(db: Db): Promise<string[]> {
  const problems: string[] = [];
  const orphans = await db
    .select({ key: documents.key })
    .from(documents)
    .where(sql`not exists (select 1 from ${documentVersions} where ${documentVersions.documentId} = ${documents.id})`);
  for (const o of orphans) problems.push(`document ${o.key} has no version`);
  const versions = await db
    .select({
      url: documentVersions.url,
      textStatus: documentVersions.textStatus,
      error: documentVersions.error,
      pageCount: documentVersions.pageCount,
      storedPages: STORED_PAGES,
    })
    .from(documentVersions);
  for (const v of versions) {
    if (v.textStatus === "pending") problems.push(`${v.url}: text still pending`);
    if (v.textStatus === "extracted" && v.storedPages !== v.pageCount)
      problems.push(`${v.url}: ${v.storedPages} of ${v.pageCount} pages stored`);
    if (v.textStatus === "failed" && (v.storedPages > 0 || !v.error))
      problems.push(`${v.url}: failed with ${v.storedPages} pages and error ${JSON.stringify(v.error)}`);
  }
  return problems;
}
