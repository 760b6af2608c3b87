import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { currentVersionOf } from "./current-version.ts";
import { documentVersions } from "../schema/document-versions.ts";
import { documents, documentTsvector } from "../schema/documents.ts";
import { pages } from "../schema/pages.ts";
import { passages, passageTsvector } from "../schema/passages.ts";

/** Marks ts_headline puts around the words that matched; views turn them into <mark> (never raw HTML). */
export const HIT_START = "\u0001";
export const HIT_END = "\u0002";
const FRAGMENTS = `MaxWords=40, MinWords=18, MaxFragments=2, FragmentDelimiter=" … "`;
const HEADLINE = `StartSel=${HIT_START}, StopSel=${HIT_END}, ${FRAGMENTS}`;
const WHOLE = `StartSel=${HIT_START}, StopSel=${HIT_END}, HighlightAll=true`;

/**
 * What people type, as one tsquery over every language the index stems: the words as written
 * ('simple') or stemmed in English, French, Spanish or Portuguese. websearch syntax: "quoted
 * phrases", OR, -excluded.
 */
function tsQuery(q: string): SQL {
  return sql`(websearch_to_tsquery('simple', ${q}) || websearch_to_tsquery('english', ${q})
    || websearch_to_tsquery('french', ${q}) || websearch_to_tsquery('spanish', ${q})
    || websearch_to_tsquery('portuguese', ${q}))`;
}

const CONFIG = sql`(case ${passages.language} when 'fr' then 'french'::regconfig when 'es' then 'spanish'::regconfig
  when 'pt' then 'portuguese'::regconfig else 'english'::regconfig end)`;

/** The version a document's pages show: its newest analysed one, else its newest. */
const CURRENT_VERSION = sql`${passages.versionId} = ${currentVersionOf(documentVersions.documentId)}`;

export interface PassageHit {
  passageId: number;
  documentId: number;
  versionId: number;
  title: string | null;
  url: string;
  symbol: string | null;
  organizationId: string | null;
  page: number;
  relevant: boolean;
  /** The passage around the matched words, which sit between HIT_START and HIT_END. */
  snippet: string;
}

export interface DocumentHit {
  id: number;
  title: string | null;
  symbol: string | null;
  url: string;
  organizationId: string | null;
}

/**
 * Full-text search over the passages of each document's current edition, best match first, and
 * over document titles and symbols. Uses the GIN indexes of passages and documents.
 * @example (await searchText(db, "Sur-Sur", { limit: 20 })).passages[0].snippet
 *   // "… cooperación \u0001Sur\u0002-\u0001Sur\u0002 …"
 */
export async function searchText(
  db: Db,
  q: string,
  opts: { organization?: string; limit?: number; offset?: number } = {},
): Promise<{ total: number; passages: PassageHit[]; documents: DocumentHit[] }> {
  const query = tsQuery(q);
  const tsv = passageTsvector(passages);
  const where = and(
    sql`${tsv} @@ ${query}`,
    CURRENT_VERSION,
    opts.organization ? eq(documents.organizationId, opts.organization) : undefined,
  );
  const rank = sql`ts_rank(${tsv}, ${query})`;
  const rows = await db
    .select({
      passageId: passages.id,
      documentId: documentVersions.documentId,
      versionId: passages.versionId,
      title: documents.title,
      url: documents.url,
      symbol: documents.symbol,
      organizationId: documents.organizationId,
      page: passages.pageNo,
      relevant: passages.relevant,
      snippet: sql<string>`ts_headline(${CONFIG}, ${passages.text}, ${query}, ${HEADLINE})`,
      total: sql<number>`count(*) over ()`,
    })
    .from(passages)
    .innerJoin(documentVersions, eq(documentVersions.id, passages.versionId))
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .where(where)
    .orderBy(desc(rank), desc(passages.relevant), passages.id)
    .limit(Math.min(opts.limit ?? 20, 100))
    .offset(opts.offset ?? 0);
  const docTsv = documentTsvector(documents);
  const docs = await db
    .select({
      id: documents.id,
      title: documents.title,
      symbol: documents.symbol,
      url: documents.url,
      organizationId: documents.organizationId,
    })
    .from(documents)
    .where(
      and(sql`${docTsv} @@ ${query}`, opts.organization ? eq(documents.organizationId, opts.organization) : undefined),
    )
    .orderBy(desc(sql`ts_rank(${docTsv}, ${query})`), documents.id)
    .limit(10);
  return {
    total: rows.length ? Number(rows[0].total) : 0,
    passages: rows.map(({ total: _total, ...r }) => r),
    documents: docs,
  };
}

export interface PageWithHit {
  documentId: number;
  title: string | null;
  url: string;
  versionId: number;
  page: number;
  pageCount: number;
  text: string;
  /** The passage on this page, its offsets into `text`, and its text with the matched words marked. */
  passage: { id: number; start: number; end: number; marked: string } | null;
}

/**
 * One page of a stored version, with a passage of it and the words of `q` marked in that passage:
 * where a search hit sits in its page.
 * @example (await pageWithHit(db, { passageId: 12, q: "allocation" })).passage.marked
 *   // "… an \u0001allocation\u0002 of …"
 */
export async function pageWithHit(db: Db, args: { passageId: number; q?: string }): Promise<PageWithHit | undefined> {
  const q = args.q?.trim() || "";
  const [row] = await db
    .select({
      documentId: documentVersions.documentId,
      title: documents.title,
      url: documents.url,
      versionId: passages.versionId,
      page: passages.pageNo,
      pageCount: documentVersions.pageCount,
      text: pages.text,
      passageId: passages.id,
      start: passages.start,
      end: passages.end,
      marked: q ? sql<string>`ts_headline(${CONFIG}, ${passages.text}, ${tsQuery(q)}, ${WHOLE})` : passages.text,
    })
    .from(passages)
    .innerJoin(documentVersions, eq(documentVersions.id, passages.versionId))
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .innerJoin(pages, and(eq(pages.versionId, passages.versionId), eq(pages.pageNo, passages.pageNo)))
    .where(eq(passages.id, args.passageId));
  if (!row) return undefined;
  return {
    documentId: row.documentId,
    title: row.title,
    url: row.url,
    versionId: row.versionId,
    page: row.page,
    pageCount: row.pageCount ?? row.page,
    text: row.text,
    passage: { id: row.passageId, start: row.start, end: row.end, marked: row.marked },
  };
}
