import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { subjectKeyOf } from "../../analysis/change-facts.ts";
import type { Db } from "../client.ts";
import { crawlRuns, type CrawlRun } from "../schema/crawl-runs.ts";
import { documentUrls, type DocumentUrl } from "../schema/document-urls.ts";
import { documentVersions, type NewDocumentVersion } from "../schema/document-versions.ts";
import { documents, type NewDocumentRow } from "../schema/documents.ts";
import { facts, type NewFactRow } from "../schema/facts.ts";
import { pages } from "../schema/pages.ts";

export interface RunCounts {
  fetched: number;
  new: number;
  changed: number;
  unchanged: number;
  failed: number;
  skipped: number;
  bytes: number;
}
export type RunError = CrawlRun["errors"][number];

/**
 * Opens a crawl_runs row in status "running".
 * @example const runId = await startCrawlRun(db, { sourceId: "jiu-reports", worker: "host:42" })
 */
export async function startCrawlRun(db: Db, args: { sourceId: string; worker: string }): Promise<number> {
  const [row] = await db
    .insert(crawlRuns)
    .values({ sourceId: args.sourceId, worker: args.worker })
    .returning({ id: crawlRuns.id });
  return row.id;
}

/**
 * Marks the source's other "running" rows as abandoned: called by the lease holder, so their
 * process is gone (its lease expired). Returns how many there were.
 */
export async function abandonRunningRuns(db: Db, args: { sourceId: string; exceptRunId: number }): Promise<number> {
  const rows = await db
    .update(crawlRuns)
    .set({
      status: "abandoned",
      finishedAt: sql`now()`,
      error: "abandoned: the process running it stopped before the end (its lease expired); the next run resumed",
    })
    .where(
      and(eq(crawlRuns.sourceId, args.sourceId), eq(crawlRuns.status, "running"), ne(crawlRuns.id, args.exceptRunId)),
    )
    .returning({ id: crawlRuns.id });
  return rows.length;
}

/** Saves the counts so far (progress is visible while a run goes on, and survives a crash). */
export async function saveRunProgress(
  db: Db,
  args: { runId: number; counts: RunCounts; errors: RunError[]; queued?: number },
): Promise<void> {
  await db
    .update(crawlRuns)
    .set({ ...args.counts, errors: args.errors, ...(args.queued !== undefined ? { queued: args.queued } : {}) })
    .where(eq(crawlRuns.id, args.runId));
}

/** How many documents a dispatching run has handed to fetch jobs so far. */
export async function saveRunQueued(db: Db, args: { runId: number; queued: number }): Promise<void> {
  await db.update(crawlRuns).set({ queued: args.queued }).where(eq(crawlRuns.id, args.runId));
}

/**
 * Adds what a fetch job did to its run's counts (workers fetch a run's documents after the run
 * itself, the discovery, has ended): one statement, so concurrent jobs never lose an increment.
 * @example await addRunCounts(db, { runId: 7, counts: { fetched: 1, new: 1, ... }, errors: [] })
 */
export async function addRunCounts(
  db: Db,
  args: { runId: number; counts: RunCounts; errors: RunError[] },
): Promise<void> {
  const c = args.counts;
  const add = (column: keyof RunCounts) => sql`${crawlRuns[column]} + ${c[column]}`;
  await db
    .update(crawlRuns)
    .set({
      fetched: add("fetched"),
      new: add("new"),
      changed: add("changed"),
      unchanged: add("unchanged"),
      failed: add("failed"),
      skipped: add("skipped"),
      bytes: add("bytes"),
      ...(args.errors.length
        ? {
            errors: sql`(${crawlRuns.errors} || ${JSON.stringify(args.errors)}::jsonb)`,
          }
        : {}),
    })
    .where(eq(crawlRuns.id, args.runId));
}

/** Closes the run with its final status, counts, errors and duration. */
export async function finishCrawlRun(
  db: Db,
  args: {
    runId: number;
    status: "succeeded" | "failed";
    /** Absent for a run whose fetch jobs keep adding to its counts. */
    counts?: RunCounts;
    errors?: RunError[];
    error: string | null;
    durationMs: number;
    queued?: number;
  },
): Promise<void> {
  await db
    .update(crawlRuns)
    .set({
      ...args.counts,
      ...(args.queued !== undefined ? { queued: args.queued } : {}),
      status: args.status,
      ...(args.errors ? { errors: args.errors } : {}),
      error: args.error,
      durationMs: Math.round(args.durationMs),
      finishedAt: sql`now()`,
    })
    .where(eq(crawlRuns.id, args.runId));
}

/** A URL's stored state with the key and status of its document (null when not linked). */
export type UrlState = DocumentUrl & { documentKey: string | null; documentStatus: string | null };

function urlStateQuery(db: Db) {
  return db
    .select({ url: documentUrls, documentKey: documents.key, documentStatus: documents.status })
    .from(documentUrls)
    .leftJoin(documents, eq(documents.id, documentUrls.documentId));
}

/** The stored state of one normalised URL, or undefined when never seen. */
export async function getDocumentUrl(db: Db, url: string): Promise<UrlState | undefined> {
  const [row] = await urlStateQuery(db).where(eq(documentUrls.url, url));
  return row ? { ...row.url, documentKey: row.documentKey, documentStatus: row.documentStatus } : undefined;
}

/**
 * Every URL state of a source in one query, so a re-crawl does not ask per URL.
 * @example (await sourceUrlStates(db, "jiu-reports")).get("https://www.unjiu.org/a.pdf")?.etag
 */
export async function sourceUrlStates(db: Db, sourceId: string): Promise<Map<string, UrlState>> {
  const rows = await urlStateQuery(db).where(eq(documentUrls.sourceId, sourceId));
  return new Map(
    rows.map((r) => [r.url.url, { ...r.url, documentKey: r.documentKey, documentStatus: r.documentStatus }]),
  );
}

/** Records many 304 answers in one statement (validators unchanged, failures reset). */
export async function markNotModified(db: Db, urls: string[]): Promise<void> {
  if (urls.length === 0) return;
  await db
    .update(documentUrls)
    .set({
      lastStatus: 304,
      lastOutcome: "not-modified",
      lastError: null,
      failures: 0,
      lastFetchedAt: sql`now()`,
      pendingRunId: null,
    })
    .where(inArray(documentUrls.url, urls));
}

/**
 * What is stored for a document key and a content hash: the document's id (or null), whether it
 * has any version, whether one has this hash, and which other document holds these bytes.
 * @example await contentState(db, { key: "un:DP/CF/SSC/7", sha256 })
 *   // { documentId: 3, hasVersions: true, hasHash: false, sameBytesDocumentId: null }
 */
export async function contentState(db: Db, args: { key: string; sha256: string }) {
  const [doc] = await db.select({ id: documents.id }).from(documents).where(eq(documents.key, args.key));
  const holders = await db
    .select({ documentId: documentVersions.documentId })
    .from(documentVersions)
    .where(eq(documentVersions.sha256, args.sha256))
    .limit(5);
  let hasVersions = false;
  if (doc) {
    const [any] = await db
      .select({ id: documentVersions.id })
      .from(documentVersions)
      .where(eq(documentVersions.documentId, doc.id))
      .limit(1);
    hasVersions = Boolean(any);
  }
  return {
    documentId: doc?.id ?? null,
    hasVersions,
    hasHash: doc ? holders.some((h) => h.documentId === doc.id) : false,
    sameBytesDocumentId: holders.find((h) => h.documentId !== doc?.id)?.documentId ?? null,
  };
}

/**
 * sha256 of a version's extracted text, its pages joined with a form feed: what tells a real
 * change from new markup around the same text (a script nonce, a timestamp, a CSRF token).
 * @example textSha256(["Page one", "Page two"]) // sha256 of "Page one\fPage two"
 */
export function textSha256(pageTexts: string[]): string {
  return createHash("sha256").update(pageTexts.join("\f")).digest("hex");
}

/**
 * The text hash of a document's latest extracted version, or null when it has none. A version
 * stored before text hashes existed gets its hash from its stored pages, saved for next time.
 * @example await latestTextSha256(db, 3) // "9f86d0…"
 */
export async function latestTextSha256(db: Db, documentId: number): Promise<string | null> {
  const [latest] = await db
    .select({
      id: documentVersions.id,
      textStatus: documentVersions.textStatus,
      textSha256: documentVersions.textSha256,
    })
    .from(documentVersions)
    .where(eq(documentVersions.documentId, documentId))
    .orderBy(desc(documentVersions.id))
    .limit(1);
  if (latest?.textStatus !== "extracted") return null;
  if (latest.textSha256) return latest.textSha256;
  const rows = await db
    .select({ text: pages.text })
    .from(pages)
    .where(eq(pages.versionId, latest.id))
    .orderBy(asc(pages.pageNo));
  if (rows.length === 0) return null;
  const hash = textSha256(rows.map((r) => r.text));
  await db
    .update(documentVersions)
    .set({ textSha256: hash })
    .where(and(eq(documentVersions.id, latest.id), sql`${documentVersions.textSha256} is null`));
  return hash;
}

export interface UrlSuccess {
  url: string;
  sourceId: string;
  /** The document the URL serves; undefined leaves the stored link alone (a 304). */
  documentId?: number | null;
  status: number;
  outcome: "new" | "changed" | "unchanged" | "not-modified" | "failed";
  etag?: string | null;
  lastModified?: string | null;
  contentHash?: string | null;
  error?: string | null;
}

function urlSuccessValues(u: UrlSuccess) {
  return {
    url: u.url,
    sourceId: u.sourceId,
    ...(u.documentId !== undefined ? { documentId: u.documentId } : {}),
    lastStatus: u.status,
    lastOutcome: u.outcome,
    lastError: u.error ?? null,
    failures: 0,
    lastFetchedAt: sql`now()`,
    pendingRunId: null,
    ...(u.etag !== undefined ? { etag: u.etag } : {}),
    ...(u.lastModified !== undefined ? { lastModified: u.lastModified } : {}),
    ...(u.contentHash !== undefined ? { contentHash: u.contentHash } : {}),
  };
}

/**
 * Records a successful answer for a URL (validators, hash, document link); the failure count
 * restarts, and its document, if an earlier failure marked it, is active again.
 */
export async function recordUrlSuccess(db: Db, u: UrlSuccess): Promise<void> {
  const values = urlSuccessValues(u);
  const { url: _url, ...set } = values;
  const [row] = await db
    .insert(documentUrls)
    .values(values)
    .onConflictDoUpdate({ target: documentUrls.url, set })
    .returning({ documentId: documentUrls.documentId });
  if (row?.documentId == null) return;
  await db
    .update(documents)
    .set({ status: "active", lastError: null, updatedAt: sql`now()` })
    .where(and(eq(documents.id, row.documentId), ne(documents.status, "active")));
}

/**
 * Records a failed fetch of a URL (outcome, status, error, one more failure) and, for a final
 * failure (`markDocument`), marks the stored document it belongs to failed or not-found.
 */
export async function recordUrlFailure(
  db: Db,
  args: {
    url: string;
    sourceId: string;
    documentKey: string;
    status: number | null;
    outcome: "failed" | "not-found";
    error: string;
    markDocument: boolean;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(documentUrls)
      .values({
        url: args.url,
        sourceId: args.sourceId,
        lastStatus: args.status,
        lastOutcome: args.outcome,
        lastError: args.error,
        failures: 1,
        lastFetchedAt: sql`now()`,
      })
      .onConflictDoUpdate({
        target: documentUrls.url,
        set: {
          lastStatus: args.status,
          lastOutcome: args.outcome,
          lastError: args.error,
          failures: sql`${documentUrls.failures} + 1`,
          lastFetchedAt: sql`now()`,
          pendingRunId: null,
        },
      })
      .returning({ documentId: documentUrls.documentId });
    if (!args.markDocument) return;
    const byKey = await tx.select({ id: documents.id }).from(documents).where(eq(documents.key, args.documentKey));
    const ids = [
      ...new Set([row?.documentId, ...byKey.map((d) => d.id)].filter((id): id is number => typeof id === "number")),
    ];
    if (ids.length === 0) return;
    await tx
      .update(documents)
      .set({ status: args.outcome, lastError: args.error, updatedAt: sql`now()` })
      .where(inArray(documents.id, ids));
  });
}

export interface NewContent {
  document: NewDocumentRow;
  version: Omit<NewDocumentVersion, "documentId">;
  pageTexts: string[];
  /** The fetched URL's new state; absent for records (many records can share one API URL). */
  url?: Omit<UrlSuccess, "documentId">;
  facts?: Array<Omit<NewFactRow, "documentId" | "versionId">>;
}

/**
 * Stores a new content of a document in one transaction: the document (upsert by key, known
 * fields refreshed, status active), the version, its pages, its facts (records) and the URL's
 * state. Returns `created: false` when that exact version already existed (another process won).
 */
export async function storeContent(
  db: Db,
  c: NewContent,
): Promise<{ documentId: number; versionId: number | null; created: boolean }> {
  return db.transaction(async (tx) => {
    const [doc] = await tx
      .insert(documents)
      .values(c.document)
      .onConflictDoUpdate({ target: documents.key, set: documentRefresh() })
      .returning({ id: documents.id });
    const [version] = await tx
      .insert(documentVersions)
      .values({ ...c.version, documentId: doc.id })
      .onConflictDoNothing()
      .returning({ id: documentVersions.id });
    if (version) {
      const rows = c.pageTexts.map((text, i) => ({
        versionId: version.id,
        pageNo: i + 1,
        text: text.replace(/\u0000/g, ""),
      }));
      for (let i = 0; i < rows.length; i += 500) await tx.insert(pages).values(rows.slice(i, i + 500));
      const factRows = (c.facts ?? []).map((f) => ({
        ...f,
        subjectKey: subjectKeyOf(f.subject),
        documentId: doc.id,
        versionId: version.id,
      }));
      if (factRows.length) await tx.insert(facts).values(factRows).onConflictDoNothing();
    }
    if (c.url) {
      const values = urlSuccessValues({ ...c.url, documentId: doc.id });
      const { url: _url, ...set } = values;
      await tx.insert(documentUrls).values(values).onConflictDoUpdate({ target: documentUrls.url, set });
    }
    return { documentId: doc.id, versionId: version?.id ?? null, created: Boolean(version) };
  });
}

/** On a key conflict, the newest non-null descriptive fields win and the document is active again. */
function documentRefresh() {
  const keep = (column: string) => sql.raw(`coalesce(excluded.${column}, documents.${column})`);
  return {
    title: keep("title"),
    type: keep("type"),
    symbol: keep("symbol"),
    edition: keep("edition"),
    period: keep("period"),
    language: keep("language"),
    organizationId: keep("organization_id"),
    sourceId: keep("source_id"),
    status: sql`'active'`,
    lastError: sql`null`,
    meta: sql`documents.meta || excluded.meta`,
    origin: sql`excluded.origin`,
    updatedAt: sql`now()`,
  };
}
