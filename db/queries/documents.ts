import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { NotFoundError } from "../../errors.ts";
import type { Db } from "../client.ts";
import { documentVersions, type DocumentVersion } from "../schema/document-versions.ts";
import { documents, type DocumentRow } from "../schema/documents.ts";
import { facts } from "../schema/facts.ts";
import { pages } from "../schema/pages.ts";

export interface DocumentListItem extends DocumentRow {
  versions: number;
  facts: number;
  lastFetchedAt: Date | null;
}

/**
 * Documents, newest first, with how many versions and current facts each has.
 * @example await listDocuments(db, { organization: "undp", limit: 50, offset: 0 }) // { total: 12, items: [...] }
 */
export async function listDocuments(
  db: Db,
  args: { organization?: string; type?: string; limit?: number; offset?: number } = {},
): Promise<{ total: number; items: DocumentListItem[] }> {
  const where: SQL[] = [];
  if (args.organization) where.push(eq(documents.organizationId, args.organization));
  if (args.type) where.push(sql`${documents.type} = ${args.type}`);
  const cond = where.length ? and(...where) : undefined;
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(documents).where(cond);
  const rows = await db
    .select({
      doc: documents,
      versions: sql<number>`(select count(*)::int from document_versions v where v.document_id = "documents"."id")`,
      facts: sql<number>`(select count(*)::int from facts f
        where f.document_id = "documents"."id" and f.status not in ('superseded','rejected'))`,
      lastFetchedAt: sql<
        string | null
      >`(select max(v.fetched_at) from document_versions v where v.document_id = "documents"."id")`,
    })
    .from(documents)
    .where(cond)
    .orderBy(desc(documents.updatedAt), desc(documents.id))
    .limit(args.limit ?? 50)
    .offset(args.offset ?? 0);
  return {
    total,
    items: rows.map((r) => ({
      ...r.doc,
      versions: r.versions,
      facts: r.facts,
      lastFetchedAt: r.lastFetchedAt ? new Date(r.lastFetchedAt) : null,
    })),
  };
}

export interface VersionSummary extends DocumentVersion {
  passages: number;
  relevantPassages: number;
  facts: number;
}

/**
 * One document with its versions (newest first) and, per version, its passage and fact counts.
 * Throws NotFoundError for an unknown id.
 * @example (await getDocument(db, 7)).versions[0].facts // 3
 */
export async function getDocument(db: Db, id: number): Promise<DocumentRow & { versions: VersionSummary[] }> {
  const [doc] = await db.select().from(documents).where(eq(documents.id, id));
  if (!doc) throw new NotFoundError(`No document with id ${id}.`);
  const rows = await db
    .select({
      v: documentVersions,
      passages: sql<number>`(select count(*)::int from passages p where p.version_id = "document_versions"."id")`,
      relevant: sql<number>`(select count(*)::int from passages p
        where p.version_id = "document_versions"."id" and p.relevant)`,
      facts: sql<number>`(select count(*)::int from facts f
        where f.version_id = "document_versions"."id" and f.status <> 'superseded')`,
    })
    .from(documentVersions)
    .where(eq(documentVersions.documentId, id))
    .orderBy(desc(documentVersions.fetchedAt), desc(documentVersions.id));
  return {
    ...doc,
    versions: rows.map((r) => ({ ...r.v, passages: r.passages, relevantPassages: r.relevant, facts: r.facts })),
  };
}

/**
 * Claims up to `limit` versions for analysis, safely across processes: versions whose text is
 * extracted and whose analysis is pending or failed (a failure is retried on the next run), or
 * whose "running" claim has expired (its worker died). Rows locked by another claimer are skipped.
 * Only ids above `afterId` are taken, so one run never retries what it just saw fail.
 * @example await claimVersionsForAnalysis(db, { workerId: "host:1", limit: 20, now, leaseMs: 600000, afterId: 0 })
 *   // [3, 4]
 */
export async function claimVersionsForAnalysis(
  db: Db,
  args: { workerId: string; limit: number; now: Date; leaseMs: number; afterId: number; onlyIds?: number[] },
): Promise<number[]> {
  const until = new Date(args.now.getTime() + args.leaseMs).toISOString();
  const now = args.now.toISOString();
  const only = args.onlyIds
    ? sql`and id in (${sql.join(
        (args.onlyIds.length ? args.onlyIds : [-1]).map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  const rows = await db.execute(sql`
    update document_versions
    set analysis_status = 'running', claimed_by = ${args.workerId}, claimed_until = ${until}::timestamptz
    where id in (
      select id from document_versions
      where text_status = 'extracted' and id > ${args.afterId} ${only}
        and (analysis_status in ('pending', 'failed')
          or (analysis_status = 'running' and (claimed_until is null or claimed_until < ${now}::timestamptz)))
      order by id
      limit ${args.limit}
      for update skip locked
    )
    returning id`);
  return rowsOf<{ id: number }>(rows)
    .map((r) => Number(r.id))
    .sort((a, b) => a - b);
}

/**
 * Versions whose analysis nobody is doing: text extracted, analysis pending, or claimed by a
 * worker whose claim ran out (it died). The job workers' sweep hands each to an analysis job.
 * @example await versionsAwaitingAnalysis(db, { now: new Date(), limit: 500 }) // [12, 13]
 */
export async function versionsAwaitingAnalysis(db: Db, args: { now: Date; limit: number }): Promise<number[]> {
  const rows = await db
    .select({ id: documentVersions.id })
    .from(documentVersions)
    .where(
      and(
        eq(documentVersions.textStatus, "extracted"),
        sql`(${documentVersions.analysisStatus} = 'pending'
          or (${documentVersions.analysisStatus} = 'running'
            and (${documentVersions.claimedUntil} is null
              or ${documentVersions.claimedUntil} < ${args.now.toISOString()}::timestamptz)))`,
      ),
    )
    .orderBy(asc(documentVersions.id))
    .limit(args.limit);
  return rows.map((r) => r.id);
}

/**
 * A version's analysis state, or null when there is no such version.
 * @example await versionAnalysisStatus(db, 42) // "analyzed"
 */
export async function versionAnalysisStatus(
  db: Db,
  versionId: number,
): Promise<DocumentVersion["analysisStatus"] | null> {
  const [row] = await db
    .select({ status: documentVersions.analysisStatus })
    .from(documentVersions)
    .where(eq(documentVersions.id, versionId));
  return row?.status ?? null;
}

/**
 * Extends the claims `workerId` still holds on `versionIds` (a worker renews while it works, so a
 * claim can be short and a dead worker's versions are taken over within seconds). Returns the ids
 * still held.
 * @example await renewVersionClaims(db, { workerId: "host:1:ab12", versionIds: [3, 4], until }) // [3, 4]
 */
export async function renewVersionClaims(
  db: Db,
  args: { workerId: string; versionIds: number[]; until: Date },
): Promise<number[]> {
  if (!args.versionIds.length) return [];
  const rows = await db
    .update(documentVersions)
    .set({ claimedUntil: args.until })
    .where(and(inArray(documentVersions.id, args.versionIds), analysisHeldBy(args.workerId)))
    .returning({ id: documentVersions.id });
  return rows.map((r) => r.id);
}

/**
 * The versions a worker is analysing now: claimed by it and still running (once its claim
 * expires, another worker's claim takes the version and this predicate no longer matches it).
 * @example db.update(documentVersions).set(...).where(and(eq(documentVersions.id, 7), analysisHeldBy("host:42")))
 */
export function analysisHeldBy(workerId: string): SQL | undefined {
  return and(eq(documentVersions.claimedBy, workerId), eq(documentVersions.analysisStatus, "running"));
}

/** Drivers answer `execute` differently (postgres-js: an array; PGlite: `{rows}`). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export interface VersionForAnalysis {
  versionId: number;
  documentId: number;
  organizationId: string | null;
  documentPeriod: string | null;
  language: string | null;
  /** A structured record (IATI, World Bank, UNDP): its facts came from the record, not the text. */
  structured: boolean;
  /** Page texts, page 1 first; a missing page is an empty string. */
  pages: string[];
}

/**
 * What the analyzer needs for one version: its document's organization and period, and the text per page.
 * @example (await loadVersionForAnalysis(db, 3)).pages.length // 12
 */
export async function loadVersionForAnalysis(db: Db, versionId: number): Promise<VersionForAnalysis> {
  const [row] = await db
    .select({ v: documentVersions, d: documents })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .where(eq(documentVersions.id, versionId));
  if (!row) throw new NotFoundError(`No document version with id ${versionId}.`);
  const pageRows = await db
    .select({ pageNo: pages.pageNo, text: pages.text })
    .from(pages)
    .where(eq(pages.versionId, versionId))
    .orderBy(asc(pages.pageNo));
  const count = Math.max(0, ...pageRows.map((p) => p.pageNo));
  const texts = Array.from({ length: count }, () => "");
  for (const p of pageRows) texts[p.pageNo - 1] = p.text;
  const [recordFact] = await db
    .select({ id: facts.id })
    .from(facts)
    .where(and(eq(facts.versionId, versionId), eq(facts.origin, "record")))
    .limit(1);
  return {
    versionId,
    documentId: row.d.id,
    organizationId: row.d.organizationId,
    documentPeriod: row.d.period,
    language: row.v.language,
    structured: row.d.origin === "record" || Boolean(recordFact),
    pages: texts,
  };
}

/** Records an analysis failure on the version (retried on the next run) and releases the claim. */
export async function markVersionFailed(
  db: Db,
  args: { versionId: number; workerId: string; error: string },
): Promise<void> {
  await db
    .update(documentVersions)
    .set({ analysisStatus: "failed", analysisError: args.error.slice(0, 2000), claimedBy: null, claimedUntil: null })
    .where(and(eq(documentVersions.id, args.versionId), eq(documentVersions.claimedBy, args.workerId)));
}

/**
 * Puts versions back in the analysis queue (for `reanalyze`): all versions with extracted text, or
 * only those analysed by another analyzer version. Versions being analysed right now are left alone.
 * @example await requeueVersions(db, { all: false, analyzerVersion: "1.0.0" }) // 12
 */
export async function requeueVersions(
  db: Db,
  args: { all: boolean; analyzerVersion: string; versionIds?: number[] },
): Promise<number> {
  const conds: SQL[] = [
    eq(documentVersions.textStatus, "extracted"),
    sql`${documentVersions.analysisStatus} <> 'running'`,
  ];
  if (!args.all) conds.push(sql`${documentVersions.analyzerVersion} is distinct from ${args.analyzerVersion}`);
  if (args.versionIds) conds.push(inArray(documentVersions.id, args.versionIds.length ? args.versionIds : [-1]));
  const rows = await db
    .update(documentVersions)
    .set({ analysisStatus: "pending", analysisError: null })
    .where(and(...conds))
    .returning({ id: documentVersions.id });
  return rows.length;
}
