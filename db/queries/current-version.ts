import { type AnyColumn, type SQL, sql } from "drizzle-orm";

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
  order by (v.analyzed_at is not null or v.analysis_status = 'analyzed') desc, v.fetched_at desc, v.id desc limit 1)`;
}
