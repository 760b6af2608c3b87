import { and, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { documents } from "../schema/documents.ts";
import { facts } from "../schema/facts.ts";
import { fxRates } from "../schema/fx-rates.ts";
import { rowsOf } from "./documents.ts";
import { coversYear, periodYears } from "./fact-period.ts";
import { CURRENT_VERSIONS } from "./current-version.ts";
import { effectiveUsdSql, FX_RATE_JOIN } from "./fact-usd.ts";
import type { FactKind, FactListItem, FactStatus } from "./facts.ts";

/** Confidence bands as analysts talk about them; "high" starts at the review threshold's default. */
export const CONFIDENCE_BANDS = {
  low: [0, 0.7],
  medium: [0.7, 0.9],
  high: [0.9, 1.01],
} as const;
export type ConfidenceBand = keyof typeof CONFIDENCE_BANDS;

export interface ReviewQueueFilters {
  organization?: string;
  /** Default: unreviewed ("auto") facts only; "any" lists every current fact. */
  status?: FactStatus | "any";
  kind?: FactKind;
  confidence?: ConfidenceBand;
  year?: number;
  limit?: number;
  offset?: number;
}

export interface ReviewQueueItem extends FactListItem {
  /** The fact's share of the listed facts' total of its kind: USD per year for funding, posts for staffing. */
  share: number;
}

const corrected = sql`${facts.status} = 'corrected'`;
/** Years a fact's period spans (an analyst's period first): a biennium's amount moves a year's total by half. */
const { start, end } = periodYears();
const years = sql`greatest(1, coalesce(${end}, 0) - coalesce(${start}, 0) + 1)`;
/**
 * What a fact adds to its year's totals: USD per year for funding, posts for staffing, nothing for a unit's name.
 * The USD is `effectiveValues`'s, in SQL (`effectiveUsdSql`).
 */
const weight = sql`(case ${facts.kind}
  when 'funding' then coalesce(${effectiveUsdSql()}, 0) / ${years}
  when 'staffing' then coalesce(
    case when ${corrected} then coalesce(${facts.correctedCount}, ${facts.count}) else ${facts.count} end, 0)
  else 0 end)`;

/**
 * The review queue: current facts (unreviewed by default) ordered by how much each moves the
 * totals (its share of the listed facts' USD per year, or posts), then least confident first, so
 * an hour of review goes to the numbers that matter and the readings most likely wrong.
 * The ranking reads narrow rows (id, kind, confidence, weight), then only the page's facts are read
 * whole: the ranking over every listed fact never carries quotes and evidence.
 * @example (await reviewQueue(db, { organization: "fao", confidence: "low" })).items[0].share // 0.62
 */
export async function reviewQueue(
  db: Db,
  f: ReviewQueueFilters = {},
): Promise<{ total: number; items: ReviewQueueItem[] }> {
  const where: SQL[] = [];
  const status = f.status ?? "auto";
  if (status === "any") where.push(inArray(facts.status, ["auto", "confirmed", "corrected", "rejected"]));
  else where.push(eq(facts.status, status));
  if (f.organization) where.push(eq(facts.organizationId, f.organization));
  if (f.kind) where.push(eq(facts.kind, f.kind));
  if (f.year !== undefined) where.push(coversYear(f.year));
  if (f.confidence) {
    const [from, to] = CONFIDENCE_BANDS[f.confidence];
    where.push(gte(facts.confidence, from), lt(facts.confidence, to));
  }
  const listed = sql`${facts} join ${CURRENT_VERSIONS} cur on cur.id = ${facts.versionId}
    left join ${fxRates} on ${FX_RATE_JOIN} where ${and(...where)}`;
  // The weights once, narrow (a window over whole rows spilled them to disk at 1M facts), then
  // each kind's total and the page.
  const ranked = rowsOf<{ id: number; share: number; total: number }>(
    await db.execute(sql`with weighted as materialized (
        select ${facts.id} as id, ${facts.kind} as kind, ${facts.confidence} as confidence, ${weight} as w
        from ${listed}),
      totals as (select kind, sum(w) as t, count(*) as n from weighted group by kind)
      select w.id, coalesce(w.w / nullif(t.t, 0), 0) as share, (select sum(n) from totals) as total
      from weighted w join totals t on t.kind = w.kind
      order by share desc, w.confidence asc, w.id asc
      limit ${Math.min(f.limit ?? 50, 500)} offset ${f.offset ?? 0}`),
  );
  const rows = ranked.length
    ? await db
        .select({ fact: facts, title: documents.title, url: documents.url })
        .from(facts)
        .innerJoin(documents, eq(documents.id, facts.documentId))
        .where(
          inArray(
            facts.id,
            ranked.map((r) => Number(r.id)),
          ),
        )
    : [];
  const byId = new Map(rows.map((r) => [r.fact.id, r]));
  const total = ranked.length
    ? Number(ranked[0].total)
    : Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*) as n from ${listed}`))[0].n);
  return {
    total,
    items: ranked.flatMap((r) => {
      const row = byId.get(Number(r.id));
      return row ? [{ ...row.fact, documentTitle: row.title, documentUrl: row.url, share: Number(r.share) }] : [];
    }),
  };
}
