import { and, asc, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { factReviews, type FactReview } from "../schema/fact-reviews.ts";
import { documents } from "../schema/documents.ts";
import { facts, type FactRow } from "../schema/facts.ts";
import { passages, type PassageRow } from "../schema/passages.ts";

/**
 * The passages and review histories of many facts in two queries, for pages that show every fact
 * of an organization with its evidence (one getFact per fact would be a query storm).
 * @example const { passageOf, reviewsOf } = await evidenceFor(db, facts); passageOf(facts[0])?.text
 */
export async function evidenceFor(
  db: Db,
  list: Array<Pick<FactRow, "id" | "passageId">>,
): Promise<{
  passageOf: (f: Pick<FactRow, "passageId">) => PassageRow | null;
  reviewsOf: (f: Pick<FactRow, "id">) => FactReview[];
}> {
  const passageIds = [...new Set(list.map((f) => f.passageId).filter((id): id is number => id !== null))];
  const factIds = list.map((f) => f.id);
  const [passageRows, reviewRows] = await Promise.all([
    passageIds.length
      ? db.select().from(passages).where(inArray(passages.id, passageIds))
      : Promise.resolve([] as PassageRow[]),
    factIds.length
      ? db
          .select()
          .from(factReviews)
          .where(inArray(factReviews.factId, factIds))
          .orderBy(asc(factReviews.at), asc(factReviews.id))
      : Promise.resolve([] as FactReview[]),
  ]);
  const byPassage = new Map(passageRows.map((p) => [p.id, p]));
  const byFact = new Map<number, FactReview[]>();
  for (const r of reviewRows) byFact.set(r.factId, [...(byFact.get(r.factId) ?? []), r]);
  return {
    passageOf: (f) => (f.passageId === null ? null : (byPassage.get(f.passageId) ?? null)),
    reviewsOf: (f) => byFact.get(f.id) ?? [],
  };
}

/**
 * The years that current facts cover (newest first), for the year selectors; a biennium counts for
 * both of its years. Optionally for one organization.
 * @example await factYears(db, "undp") // [2025, 2024, 2023]
 */
export async function factYears(db: Db, organizationId?: string): Promise<number[]> {
  const rows = await db
    .selectDistinct({ start: facts.periodStart, end: facts.periodEnd })
    .from(facts)
    .where(
      and(
        ne(facts.status, "superseded"),
        isNotNull(facts.periodStart),
        organizationId ? eq(facts.organizationId, organizationId) : undefined,
      ),
    );
  const years = new Set<number>();
  for (const r of rows) {
    const start = r.start!,
      end = Math.min(r.end ?? start, start + 10);
    for (let y = start; y <= end; y++) years.add(y);
  }
  return [...years].sort((a, b) => b - a);
}

/**
 * Facts by id with their document, in the order asked, for the evidence list behind a total.
 * @example (await factsWithDocuments(db, [3, 1])).map((r) => r.fact.id) // [3, 1]
 */
export async function factsWithDocuments(
  db: Db,
  ids: number[],
): Promise<Array<{ fact: FactRow; document: { id: number; title: string | null; url: string } }>> {
  if (!ids.length) return [];
  const rows = await db
    .select({ fact: facts, document: { id: documents.id, title: documents.title, url: documents.url } })
    .from(facts)
    .innerJoin(documents, eq(documents.id, facts.documentId))
    .where(inArray(facts.id, ids));
  const byId = new Map(rows.map((r) => [r.fact.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/**
 * The year pages open on: the newest year, up to `now`'s, in which a current funding or staffing
 * figure's period begins. A year reached only by spreading an earlier multi-year figure (2025 of a
 * 2024-2025 biennium) has one slice of figures, not a year's reporting, so it is not the default.
 * Null when there are no figures.
 * @example await latestReportedYear(db, new Date("2026-06-01")) // 2024
 */
export async function latestReportedYear(db: Db, now: Date, organizationId?: string): Promise<number | null> {
  const start = sql<number>`coalesce(left(${facts.correctedPeriod}, 4)::int, ${facts.periodStart})`;
  const [row] = await db
    .select({ year: sql<number | null>`max(${start})` })
    .from(facts)
    .where(
      and(
        inArray(facts.status, ["auto", "confirmed", "corrected"]),
        ne(facts.kind, "unit"),
        sql`${start} <= ${now.getUTCFullYear()}`,
        organizationId ? eq(facts.organizationId, organizationId) : undefined,
      ),
    );
  return row?.year == null ? null : Number(row.year);
}
