import { asc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { facts, type FactRow } from "../schema/facts.ts";
import { pages } from "../schema/pages.ts";

/**
 * The text and facts of one version, for comparing two editions of a document.
 * @example (await editionContent(db, 12)).pages[0] // { page: 1, text: "..." }
 */
export async function editionContent(
  db: Db,
  versionId: number,
): Promise<{ pages: Array<{ page: number; text: string }>; facts: FactRow[] }> {
  const [pageRows, factRows] = await Promise.all([
    db
      .select({ page: pages.pageNo, text: pages.text })
      .from(pages)
      .where(eq(pages.versionId, versionId))
      .orderBy(asc(pages.pageNo)),
    db.select().from(facts).where(eq(facts.versionId, versionId)).orderBy(asc(facts.page), asc(facts.start)),
  ]);
  return { pages: pageRows, facts: factRows };
}
