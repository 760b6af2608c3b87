import { and, count, countDistinct, inArray, max, ne, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { documentVersions } from "../schema/document-versions.ts";
import { facts } from "../schema/facts.ts";
import { passages } from "../schema/passages.ts";

/**
 * Version and current-fact counts per document, with explicit joins: the correlated subqueries in
 * documents.ts lose their outer table qualifier when drizzle renders them, so they count the wrong
 * rows. The pages and the API take the counts from here.
 * @example (await documentCounts(db, [7])).get(7) // { versions: 1, facts: 2, lastFetchedAt: Date }
 */
export async function documentCounts(db: Db, ids: number[]): Promise<Map<number, { versions: number; facts: number; lastFetchedAt: Date | null }>> {
  if (!ids.length) return new Map();
  const [versionRows, factRows] = await Promise.all([
    db
      .select({ id: documentVersions.documentId, versions: count(), lastFetchedAt: max(documentVersions.fetchedAt) })
      .from(documentVersions)
      .where(inArray(documentVersions.documentId, ids))
      .groupBy(documentVersions.documentId),
    db
      .select({ id: facts.documentId, facts: countDistinct(facts.id) })
      .from(facts)
      .where(and(inArray(facts.documentId, ids), sql`${facts.status} not in ('superseded', 'rejected')`))
      .groupBy(facts.documentId),
  ]);
  const factsOf = new Map(factRows.map((r) => [r.id, Number(r.facts)]));
  const out = new Map(ids.map((id) => [id, { versions: 0, facts: factsOf.get(id) ?? 0, lastFetchedAt: null as Date | null }]));
  for (const r of versionRows) out.set(r.id, { versions: Number(r.versions), facts: factsOf.get(r.id) ?? 0, lastFetchedAt: r.lastFetchedAt ? new Date(r.lastFetchedAt) : null });
  return out;
}

/**
 * Passage, relevant-passage and fact counts per version (same reason as `documentCounts`).
 * @example (await versionCounts(db, [3])).get(3) // { passages: 12, relevantPassages: 2, facts: 3 }
 */
export async function versionCounts(db: Db, ids: number[]): Promise<Map<number, { passages: number; relevantPassages: number; facts: number }>> {
  if (!ids.length) return new Map();
  const [passageRows, factRows] = await Promise.all([
    db
      .select({ id: passages.versionId, passages: count(), relevant: sql<number>`count(*) filter (where ${passages.relevant})::int` })
      .from(passages)
      .where(inArray(passages.versionId, ids))
      .groupBy(passages.versionId),
    db.select({ id: facts.versionId, facts: count() }).from(facts).where(and(inArray(facts.versionId, ids), ne(facts.status, "superseded"))).groupBy(facts.versionId),
  ]);
  const out = new Map(ids.map((id) => [id, { passages: 0, relevantPassages: 0, facts: 0 }]));
  for (const r of passageRows) out.set(r.id, { ...out.get(r.id)!, passages: Number(r.passages), relevantPassages: Number(r.relevant) });
  for (const r of factRows) out.set(r.id, { ...out.get(r.id)!, facts: Number(r.facts) });
  return out;
}
