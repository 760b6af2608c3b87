import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { NotFoundError } from "../../errors.ts";
import type { Db } from "../client.ts";
import { currentVersionOf } from "./current-version.ts";
import { documentVersions } from "../schema/document-versions.ts";
import { documents } from "../schema/documents.ts";
import { factReviews, type FactReview } from "../schema/fact-reviews.ts";
import { facts, type FactRow } from "../schema/facts.ts";
import { passages, type PassageRow } from "../schema/passages.ts";
import { coversYear } from "./fact-period.ts";

export type FactStatus = FactRow["status"];
export type FactKind = FactRow["kind"];

export interface FactFilters {
  organization?: string;
  year?: number;
  kind?: FactKind;
  status?: FactStatus;
  documentId?: number;
  /** Only facts of each document's newest analysed edition (default); false adds earlier editions' facts. */
  current?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * The fact belongs to the newest analysed version of its document (what the overview counts), or
 * to the newest version when none is analysed yet (a structured record's facts before the pipeline ran).
 */
export const IS_CURRENT = sql`${facts.versionId} = ${currentVersionOf(facts.documentId)}`;

export interface FactListItem extends FactRow {
  documentTitle: string | null;
  documentUrl: string;
}

/**
 * Facts with filters and pagination, newest first, each with its document's title and URL.
 * `year` matches facts whose period covers the year (a biennium 2024-2025 matches 2025).
 * @example
 * await listFacts(db, { organization: "undp", year: 2024, kind: "funding", status: "auto", limit: 50, offset: 0 })
 */
export async function listFacts(db: Db, f: FactFilters = {}): Promise<{ total: number; items: FactListItem[] }> {
  const where: SQL[] = [];
  if (f.organization) where.push(eq(facts.organizationId, f.organization));
  if (f.kind) where.push(eq(facts.kind, f.kind));
  if (f.status) where.push(eq(facts.status, f.status));
  if (f.documentId) where.push(eq(facts.documentId, f.documentId));
  if (f.year !== undefined) where.push(coversYear(f.year));
  if (f.current !== false) where.push(IS_CURRENT);
  const cond = where.length ? and(...where) : undefined;
  const [{ total }] = await db.select({ total: sql<number>`count(*)::int` }).from(facts).where(cond);
  const rows = await db
    .select({ fact: facts, title: documents.title, url: documents.url })
    .from(facts)
    .innerJoin(documents, eq(documents.id, facts.documentId))
    .where(cond)
    .orderBy(desc(facts.id))
    .limit(Math.min(f.limit ?? 50, 500))
    .offset(f.offset ?? 0);
  return { total, items: rows.map((r) => ({ ...r.fact, documentTitle: r.title, documentUrl: r.url })) };
}

export interface FactDetail {
  fact: FactRow;
  passage: PassageRow | null;
  document: {
    id: number;
    title: string | null;
    url: string;
    organizationId: string | null;
    symbol: string | null;
    type: string | null;
  };
  version: { id: number; url: string; fetchedAt: Date; mediaType: string };
  reviews: FactReview[];
}

/**
 * One fact with its passage, document, version and review history (oldest review first).
 * Throws NotFoundError for an unknown id.
 * @example (await getFact(db, 42)).reviews.map((r) => r.action) // ["correct", "confirm"]
 */
export async function getFact(db: Db, id: number): Promise<FactDetail> {
  const [row] = await db
    .select({ fact: facts, passage: passages, document: documents, version: documentVersions })
    .from(facts)
    .innerJoin(documents, eq(documents.id, facts.documentId))
    .innerJoin(documentVersions, eq(documentVersions.id, facts.versionId))
    .leftJoin(passages, eq(passages.id, facts.passageId))
    .where(eq(facts.id, id));
  if (!row) throw new NotFoundError(`No fact with id ${id}.`);
  const reviews = await db
    .select()
    .from(factReviews)
    .where(eq(factReviews.factId, id))
    .orderBy(asc(factReviews.at), asc(factReviews.id));
  const d = row.document;
  const v = row.version;
  return {
    fact: row.fact,
    passage: row.passage,
    document: {
      id: d.id,
      title: d.title,
      url: d.url,
      organizationId: d.organizationId,
      symbol: d.symbol,
      type: d.type,
    },
    version: { id: v.id, url: v.url, fetchedAt: v.fetchedAt, mediaType: v.mediaType },
    reviews,
  };
}
