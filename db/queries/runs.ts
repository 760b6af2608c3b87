import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { crawlRuns, type CrawlRun } from "../schema/crawl-runs.ts";

/**
 * Crawl runs, newest first, optionally of one source and/or one status (for /api/runs).
 * @example await listRuns(db, { source: "jiu-reports", limit: 20, offset: 0 }) // { total: 3, items: [...] }
 */
export async function listRuns(
  db: Db,
  args: { source?: string; status?: CrawlRun["status"]; limit: number; offset: number },
): Promise<{ total: number; items: CrawlRun[] }> {
  const conds: SQL[] = [];
  if (args.source) conds.push(eq(crawlRuns.sourceId, args.source));
  if (args.status) conds.push(eq(crawlRuns.status, args.status));
  const where = conds.length ? and(...conds) : undefined;
  const [{ total }] = await db.select({ total: count() }).from(crawlRuns).where(where);
  const items = await db
    .select()
    .from(crawlRuns)
    .where(where)
    .orderBy(desc(crawlRuns.startedAt), desc(crawlRuns.id))
    .limit(args.limit)
    .offset(args.offset);
  return { total: Number(total), items };
}
