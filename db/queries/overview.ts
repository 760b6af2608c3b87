import { asc, gte, type SQL, sql } from "drizzle-orm";
import { buildOverview, type Overview } from "../../analysis/overview.ts";
import { TREND_YEARS } from "../../analysis/overview-trend.ts";
import type {
  OverviewDocumentInput,
  OverviewFactInput,
  OverviewInput,
  OverviewPassageInput,
} from "../../analysis/overview-types.ts";
import type { Db } from "../client.ts";
import { crawlRuns } from "../schema/crawl-runs.ts";
import { organizations } from "../schema/organizations.ts";
import { sources } from "../schema/sources.ts";
import { rowsOf } from "./documents.ts";
import { aliasedPeriod, periodOverlaps } from "./fact-period.ts";

/** Runs older than this do not count as current failures in the coverage table. */
const RUN_WINDOW_DAYS = 90;
const HIGHLIGHTS_PER_ORGANIZATION = 3;

/**
 * The newest analysed version of each document (of those `docs` selects): only its facts and
 * passages are current. A version counts once it has been analysed (`analyzed_at`), whatever its
 * status now: a re-analysis that is queued, running or failed leaves its previous result in place
 * instead of hiding the document.
 */
function latest(docs: SQL = sql`true`) {
  return sql`latest as (
  select distinct on (document_id) document_id, id as version_id
  from document_versions where (analyzed_at is not null or analysis_status = 'analyzed') and ${docs}
  order by document_id, fetched_at desc, id desc)`;
}

/**
 * One organization's rows (`organizationId`; null for facts of no organization), or everything
 * when undefined: the same queries serve the whole overview and one organization's part of it.
 */
export type Scope = string | null | undefined;

/** Facts of the scope. */
const factsOf = (scope: Scope) =>
  scope === undefined ? sql`true` : scope === null ? sql`f.organization_id is null` : sql`f.organization_id = ${scope}`;

/** Documents of the scope: its own and those its facts were read from. */
const documentsOf = (scope: Scope, column: SQL) =>
  scope === undefined
    ? sql`true`
    : sql`${column} in (select id from documents where organization_id = ${scope}
        union select f.document_id from facts f where ${factsOf(scope)})`;

/** Facts whose (corrected) period touches [from, to]; unit mentions without a period always do. */
function touches(from: number, to: number) {
  return sql`(${periodOverlaps(aliasedPeriod("f"), from, to)} or (f.kind = 'unit' and f.period_start is null))`;
}

export interface OverviewOptions {
  /** `auto` facts below this confidence are pending (config.reviewThreshold; default 0.9). */
  reviewThreshold?: number;
}

/**
 * Loads what `buildOverview` needs for `year` (facts of the year and the four before, for the
 * change column and the five-year trend) in five queries, and builds the overview. Only counting
 * facts (auto, confirmed, corrected) of each document's newest analysed version are read; a
 * version waiting for re-analysis still counts with its previous result.
 * @example const overview = await loadOverview(db, 2024, new Date(), { reviewThreshold: config.reviewThreshold });
 */
export async function loadOverview(db: Db, year: number, now: Date, options: OverviewOptions = {}): Promise<Overview> {
  return buildOverview(await loadOverviewInput(db, year, now, options));
}

/** The rows behind the overview, for callers that build it themselves (the bench, alerts). */
export async function loadOverviewInput(
  db: Db,
  year: number,
  now: Date,
  options: OverviewOptions = {},
): Promise<OverviewInput> {
  const [facts, documents, passages, frame] = await Promise.all([
    loadFacts(db, year),
    loadDocuments(db),
    loadHighlights(db, year),
    loadOverviewFrame(db, now),
  ]);
  return {
    year,
    now,
    ...(options.reviewThreshold === undefined ? {} : { reviewThreshold: options.reviewThreshold }),
    facts,
    documents,
    passages,
    ...frame,
  };
}

/**
 * What the overview needs besides facts, documents and passages: the organizations in table order,
 * and the sources and recent crawl runs of the coverage table.
 */
export async function loadOverviewFrame(
  db: Db,
  now: Date,
): Promise<Required<Pick<OverviewInput, "organizations" | "sources" | "runs">>> {
  const since = new Date(now.getTime() - RUN_WINDOW_DAYS * 86_400_000);
  const [orgs, srcs, runs] = await Promise.all([
    db
      .select({
        id: organizations.id,
        name: organizations.name,
        acronym: organizations.acronym,
        kind: organizations.kind,
      })
      .from(organizations)
      .orderBy(asc(organizations.acronym), asc(organizations.id)),
    db.select().from(sources),
    db
      .select({
        sourceId: crawlRuns.sourceId,
        status: crawlRuns.status,
        startedAt: crawlRuns.startedAt,
        failed: crawlRuns.failed,
      })
      .from(crawlRuns)
      .where(gte(crawlRuns.startedAt, since)),
  ]);
  return {
    organizations: orgs,
    sources: srcs.map((s) => ({
      id: s.id,
      organizationId: s.organizationId,
      enabled: s.enabled,
      status: s.status,
      lastRunAt: iso(s.lastRunAt),
      lastSuccessAt: iso(s.lastSuccessAt),
      lastError: s.lastError,
    })),
    runs: runs.map((r) => ({ sourceId: r.sourceId, status: r.status, startedAt: iso(r.startedAt)!, failed: r.failed })),
  };
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Counting facts whose period touches the trend's years (units: the year itself). */
const countingIn = (year: number) =>
  sql`f.status in ('auto', 'confirmed', 'corrected') and ${touches(year - TREND_YEARS + 1, year)}
    and (f.kind <> 'unit' or ${touches(year, year)})`;

/**
 * The counting facts of the scope's current versions whose period touches the trend's years. One
 * organization's facts are read once (a materialized CTE), and only their documents' versions are
 * looked at: the facts of one organization lie on as many pages as there are facts.
 */
export async function loadFacts(db: Db, year: number, scope?: Scope): Promise<OverviewFactInput[]> {
  const scoped = scope !== undefined;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`with ${
      scoped
        ? sql`scoped as materialized (select * from facts f where ${factsOf(scope)} and ${countingIn(year)}),`
        : sql``
    }
      ${latest(scoped ? sql`document_id in (select document_id from scoped)` : sql`true`)}
      select f.id, f.document_id, f.version_id, f.organization_id, f.kind, f.value, f.currency, f.period,
        f.period_start, f.period_end, f.basis, f.subject, f.count, f.grade, f.page, f.confidence, f.status,
        f.corrected_value, f.corrected_currency, f.corrected_period, f.corrected_count, f.corrected_basis,
        f.corrected_subject,
        -- Facts of earlier years only feed the change column and the trend: their quotes and evidence are never shown.
        case when ${touches(year, year)} then f.quote else '' end as quote,
        case when ${touches(year, year)} then f.evidence
          else jsonb_strip_nulls(jsonb_build_object('perYear', f.evidence->'perYear',
                                                    'subjectId', f.evidence->'subjectId')) end as evidence
      from ${scoped ? sql`scoped` : sql`facts`} f join latest l on l.version_id = f.version_id
      where ${scoped ? sql`true` : countingIn(year)}
      -- In id order: figures, evidence and posts list in the order facts were found, the same however the
      -- rows lie on disk.
      order by f.id`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    documentId: Number(r.document_id),
    versionId: Number(r.version_id),
    organizationId: (r.organization_id as string | null) ?? null,
    kind: r.kind as OverviewFactInput["kind"],
    value: num(r.value),
    currency: (r.currency as string | null) ?? null,
    period: (r.period as string | null) ?? null,
    periodStart: num(r.period_start),
    periodEnd: num(r.period_end),
    basis: (r.basis as string | null) ?? null,
    count: num(r.count),
    grade: (r.grade as string | null) ?? null,
    subject: (r.subject as string | null) ?? null,
    quote: String(r.quote),
    page: num(r.page),
    confidence: Number(r.confidence),
    status: r.status as OverviewFactInput["status"],
    correctedValue: num(r.corrected_value),
    correctedCurrency: (r.corrected_currency as string | null) ?? null,
    correctedPeriod: (r.corrected_period as string | null) ?? null,
    correctedCount: num(r.corrected_count),
    correctedBasis: (r.corrected_basis as string | null) ?? null,
    correctedSubject: (r.corrected_subject as string | null) ?? null,
    evidence: parseJson(r.evidence),
  }));
}

function parseJson(v: unknown): Record<string, unknown> | null {
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? (JSON.parse(v) as Record<string, unknown>) : (v as Record<string, unknown>);
}

/**
 * Documents of the scope with their newest analysed version and its passage counts. `read`: the
 * documents of the facts already loaded for the scope, so that its facts are not read again (the
 * scope's own documents are added).
 */
export async function loadDocuments(db: Db, scope?: Scope, read?: number[]): Promise<OverviewDocumentInput[]> {
  const of = (column: SQL) =>
    read === undefined
      ? documentsOf(scope, column)
      : sql`${column} in (select unnest(string_to_array(${read.join(",")}, ',')::int[])
          union select id from documents where organization_id = ${scope ?? null})`;
  // A few documents: their versions' passages counted through the version index, not by a scan of every passage.
  const counts =
    read === undefined
      ? sql`left join (select p.version_id, count(*)::int as n, (count(*) filter (where p.relevant))::int as r
                 from passages p join latest l on l.version_id = p.version_id
                 group by p.version_id) c on c.version_id = l.version_id`
      : sql`left join lateral (select count(*)::int as n, (count(*) filter (where p.relevant))::int as r
                 from passages p where p.version_id = l.version_id) c on true`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`with ${latest(of(sql`document_id`))}
      select d.id, d.title, d.url, d.organization_id, d.source_id, d.type, d.symbol, d.status, l.version_id,
        coalesce(c.n, 0) as n, coalesce(c.r, 0) as r
      from documents d left join latest l on l.document_id = d.id ${counts}
      where ${of(sql`d.id`)}`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    title: (r.title as string | null) ?? null,
    url: String(r.url),
    organizationId: (r.organization_id as string | null) ?? null,
    sourceId: (r.source_id as string | null) ?? null,
    type: (r.type as string | null) ?? null,
    symbol: (r.symbol as string | null) ?? null,
    status: String(r.status),
    latestVersionId: num(r.version_id),
    passages: Number(r.n),
    relevantPassages: Number(r.r),
  }));
}

/** The strongest relevant passages per organization (of the scope), from current versions with facts for the year. */
export async function loadHighlights(db: Db, year: number, scope?: Scope): Promise<OverviewPassageInput[]> {
  const own =
    scope === undefined ? sql`true` : sql`document_id in (select id from documents where organization_id = ${scope})`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`with ${latest(own)},
      -- Versions with a counting fact of the year: looked up per version (facts' version index), never by a
      -- scan of all facts.
      cited as (select l.version_id from latest l where exists (select 1 from facts f where f.version_id = l.version_id
                and f.kind <> 'unit' and f.status in ('auto', 'confirmed', 'corrected') and ${touches(year, year)})),
      ranked as (select p.id, p.version_id, l.document_id, p.page_no, p.text, p.score,
                   row_number() over (partition by d.organization_id order by p.score desc, p.id) as rn
                 from passages p join cited c on c.version_id = p.version_id
                 join latest l on l.version_id = p.version_id
                 join documents d on d.id = l.document_id
                 where p.relevant)
      select id, version_id, document_id, page_no, text, score from ranked where rn <= ${HIGHLIGHTS_PER_ORGANIZATION}`),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    versionId: Number(r.version_id),
    documentId: Number(r.document_id),
    page: Number(r.page_no),
    text: String(r.text),
    score: Number(r.score),
  }));
}
