import { type AnyColumn, type SQL, sql } from "drizzle-orm";

/** A document's versions, the current one first (the order of the rule below). */
const NEWEST_FIRST = sql`(v.analyzed_at is not null or v.analysis_status = 'analyzed') desc,
  v.fetched_at desc, v.id desc`;

/**
 * The version of a document that its pages, lists and search show: its newest analysed version
 * (one that has been analysed counts while a re-analysis is queued, running or failed), else its
 * newest version (a structured record's facts before the pipeline ran). `documentId` is the
 * outer query's document id column. The one rule for "current"; the overview's loader applies
 * the same order to analysed versions only (db/queries/overview.ts).
 * @example sql`${facts.versionId} = ${currentVersionOf(facts.documentId)}`
 */
export function currentVersionOf(documentId: AnyColumn | SQL): SQL {
  return sql`(
  select v.id from document_versions v
  where v.document_id = ${documentId}
  order by ${NEWEST_FIRST} limit 1)`;
}

/**
 * The same rule as a set, for queries over many documents' facts at once: one row (`id`) per
 * document, its current version. Joining it costs one pass over the versions, where
 * `currentVersionOf` costs an index probe per fact.
 * @example sql`from facts f join ${CURRENT_VERSIONS} cur on cur.id = f.version_id`
 */
export const CURRENT_VERSIONS: SQL = sql`(select distinct on (v.document_id) v.id from document_versions v
  order by v.document_id, ${NEWEST_FIRST})`;
