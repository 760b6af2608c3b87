import { and, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import {
  baselines,
  observationsOf,
  periodKey,
  SUBJECT_KEY_EPOCH,
  storedSubjectKey,
  subjectIdentity,
  unitsNamed,
  type ChangeFact,
  type ChangeInput,
  type Observation,
  type VersionFacts,
} from "../../analysis/changes.ts";
import type { Db } from "../client.ts";
import { documentVersions } from "../schema/document-versions.ts";
import { documents } from "../schema/documents.ts";
import { facts } from "../schema/facts.ts";
import { rowsOf } from "./documents.ts";

/**
 * What change detection reads for one version. Its cost must not grow with what is stored: a
 * backfill of one organization would be quadratic. So it reads, per subject, metric and period
 * the current version reports, only the latest few earlier versions that report them (through
 * the indexed `facts.subject_key`), plus every earlier version with a corrected fact (an
 * analyst's correction can change a fact's subject, period or currency, which SQL cannot see).
 * When those few could hide the baseline the full history would give, it reads the full history:
 * the alerts are exactly those of comparing with every earlier fact (test/alerts-bounded.test.ts).
 */

/** Versions read first per organization, subject, kind, basis, grade and period. */
export const LATEST_PER_GROUP = 3;

const factColumns = {
  id: facts.id,
  versionId: facts.versionId,
  kind: facts.kind,
  organizationId: facts.organizationId,
  subject: facts.subject,
  value: facts.value,
  currency: facts.currency,
  usd: facts.usd,
  period: facts.period,
  periodStart: facts.periodStart,
  periodEnd: facts.periodEnd,
  basis: facts.basis,
  count: facts.count,
  grade: facts.grade,
  quote: facts.quote,
  page: facts.page,
  confidence: facts.confidence,
  status: facts.status,
  correctedValue: facts.correctedValue,
  correctedCurrency: facts.correctedCurrency,
  correctedPeriod: facts.correctedPeriod,
  correctedCount: facts.correctedCount,
  correctedBasis: facts.correctedBasis,
  correctedSubject: facts.correctedSubject,
};

const versionColumns = {
  versionId: documentVersions.id,
  documentId: documentVersions.documentId,
  fetchedAt: documentVersions.fetchedAt,
  title: documents.title,
  url: documents.url,
  symbol: documents.symbol,
  organizationId: documents.organizationId,
};

interface VersionRow {
  versionId: number;
  documentId: number;
  fetchedAt: Date;
  title: string | null;
  url: string;
  symbol: string | null;
}

/** Versions sort in time by (fetched_at, id): `earlierThan(v)` holds for versions fetched before v. */
const earlierThan = (versionId: number): SQL =>
  sql`(${documentVersions.fetchedAt}, ${documentVersions.id})
    < (select dv.fetched_at, dv.id from document_versions dv where dv.id = ${versionId})`;

/** Facts that may anchor an alert as the analyzer read them (corrected ones are read apart). */
const liveAsRead = inArray(facts.status, ["auto", "confirmed"]);

/** Attaches facts to versions; `order` is the rank by (fetched_at, id), so ties are broken as in SQL. */
async function versionsWithFacts(
  db: Db,
  versionRows: VersionRow[],
  factWhere: SQL | undefined,
  rank: Map<number, number>,
): Promise<VersionFacts[]> {
  if (!versionRows.length) return [];
  const ids = versionRows.map((v) => v.versionId);
  const rows = await db
    .select(factColumns)
    .from(facts)
    .where(and(inArray(facts.versionId, ids), factWhere))
    .orderBy(facts.id);
  const byVersion = new Map<number, ChangeFact[]>();
  for (const { versionId, ...f } of rows) {
    const list = byVersion.get(versionId);
    if (list) list.push(f as ChangeFact);
    else byVersion.set(versionId, [f as ChangeFact]);
  }
  return versionRows.map((v) => ({
    versionId: v.versionId,
    documentId: v.documentId,
    title: v.title,
    url: v.url,
    symbol: v.symbol,
    order: rank.get(v.versionId) ?? 0,
    facts: byVersion.get(v.versionId) ?? [],
  }));
}

const rankOf = (rows: VersionRow[]) =>
  new Map(
    [...rows]
      .sort((a, b) => a.fetchedAt.getTime() - b.fetchedAt.getTime() || a.versionId - b.versionId)
      .map((v, i) => [v.versionId, i]),
  );

const versionRows = (db: Db, ids: number[]) =>
  ids.length
    ? db
        .select(versionColumns)
        .from(documentVersions)
        .innerJoin(documents, eq(documents.id, documentVersions.documentId))
        .where(inArray(documentVersions.id, ids))
    : Promise.resolve([]);

const organizationWhere = (orgs: Array<string | null>) =>
  or(
    orgs.some((o) => o !== null)
      ? inArray(
          facts.organizationId,
          orgs.filter((o): o is string => o !== null),
        )
      : undefined,
    orgs.includes(null) ? isNull(facts.organizationId) : undefined,
  );

/** Per database, the organizations whose stored keys were checked against the current epoch. */
const epochChecked = new WeakMap<Db, Set<string | null>>();

/**
 * Works out `facts.subject_key` where it is missing for the organizations' facts (new facts,
 * facts whose subject changed), after clearing keys of another epoch once per process. Rows are
 * locked in id order, so two workers filling the same rows wait instead of deadlocking.
 * @example await fillSubjectKeys(db, ["undp"]) // facts of UNDP all have a key of this epoch
 */
export async function fillSubjectKeys(db: Db, orgs: Array<string | null>): Promise<void> {
  const checked = epochChecked.get(db) ?? new Set();
  epochChecked.set(db, checked);
  const unchecked = orgs.filter((o) => !checked.has(o));
  if (unchecked.length) {
    await db
      .update(facts)
      .set({ subjectKey: null })
      .where(
        and(
          organizationWhere(unchecked),
          isNotNull(facts.subjectKey),
          sql`${facts.subjectKey} not like ${`${SUBJECT_KEY_EPOCH}:%`}`,
        ),
      );
    for (const o of unchecked) checked.add(o);
  }
  const missing = and(organizationWhere(orgs), isNull(facts.subjectKey), isNotNull(facts.subject));
  const names = (await db.selectDistinct({ subject: facts.subject }).from(facts).where(missing)).map((r) => r.subject!);
  for (let i = 0; i < names.length; i += 200) {
    const batch = names.slice(i, i + 200);
    const keys = sql.join(
      batch.map((n) => sql`when ${n} then ${storedSubjectKey(subjectIdentity(n).key)}`),
      sql` `,
    );
    await db.execute(sql`update facts set subject_key = case subject ${keys} end
      where id in (select id from facts where ${and(missing, inArray(facts.subject, batch))} order by id for update)`);
  }
}

/** One group of earlier facts (as read, not corrected) and a version's rank in it, newest first. */
interface GroupRow {
  version_id: number;
  organization_id: string | null;
  subject_key: string;
  kind: "funding" | "staffing";
  basis: string | null;
  grade: string | null;
  period_start: number | null;
  period_end: number | null;
  rank: number;
}

/**
 * The latest `latest + 1` earlier versions per group of facts that could be a baseline for the
 * current observations (same organizations and subjects; same period, the period just before,
 * or a period SQL cannot read), ranked newest first; all of them when `latest` is infinite.
 */
async function latestGroups(
  db: Db,
  args: { versionId: number; orgs: Array<string | null>; observations: Observation[]; latest: number },
): Promise<GroupRow[]> {
  const keys = [...new Set(args.observations.map((o) => storedSubjectKey(o.subjectKey)))];
  if (!keys.length) return [];
  const starts = [...new Set(args.observations.flatMap((o) => (o.periodStart === null ? [] : [o.periodStart])))];
  const periods = or(
    isNull(facts.periodStart),
    starts.length ? inArray(facts.periodStart, starts) : undefined,
    starts.length ? inArray(sql`coalesce(${facts.periodEnd}, ${facts.periodStart}) + 1`, starts) : undefined,
  );
  const where = and(
    organizationWhere(args.orgs),
    inArray(facts.subjectKey, keys),
    sql`${facts.kind} <> 'unit'`,
    liveAsRead,
    periods,
    earlierThan(args.versionId),
  );
  const group = sql`${facts.organizationId}, ${facts.subjectKey}, ${facts.kind}, ${facts.basis}, ${facts.grade},
    ${facts.periodStart}, ${facts.periodEnd}, ${facts.period}`;
  const limit = Number.isFinite(args.latest) ? sql`where rank <= ${args.latest + 1}` : sql``;
  return rowsOf<GroupRow>(
    await db.execute(sql`select distinct * from (
      select ${facts.versionId} as version_id, ${facts.organizationId} as organization_id,
        ${facts.subjectKey} as subject_key, ${facts.kind} as kind, ${facts.basis} as basis, ${facts.grade} as grade,
        ${facts.periodStart} as period_start, ${facts.periodEnd} as period_end,
        dense_rank() over (partition by ${group}
          order by ${documentVersions.fetchedAt} desc, ${documentVersions.id} desc)::int as rank
      from ${facts} join ${documentVersions} on ${documentVersions.id} = ${facts.versionId}
      where ${where}) ranked ${limit}`),
  );
}

/** Could the group hold a baseline of `o` (same subject, metric, and same or previous period)? */
function mayAnchor(g: GroupRow, o: Observation): { same: boolean } | null {
  if (g.organization_id !== o.organizationId || g.subject_key !== storedSubjectKey(o.subjectKey)) return null;
  const metric = g.kind === "funding" ? `funding:${g.basis ?? "unspecified"}` : `posts:${g.grade ?? "ungraded"}`;
  if (metric !== o.metric && !(g.kind === "staffing" && o.metric === "posts:total")) return null;
  if (g.period_start === null) return { same: true };
  const end = g.period_end ?? g.period_start;
  if (g.period_start === o.periodStart && end === o.periodEnd) return { same: true };
  return o.periodStart !== null && end + 1 === o.periodStart ? { same: false } : null;
}

/**
 * True when the versions read give every observation the baseline the full history would: no
 * group cut short at `latest` versions may hold a newer baseline, or a same-period one where the
 * baseline found is of the period before.
 */
function settled(input: ChangeInput, groups: GroupRow[], latest: number, rank: Map<number, number>): boolean {
  const boundary = new Map<string, number>();
  const cut = new Set<string>();
  const id = (g: GroupRow) =>
    JSON.stringify([g.organization_id, g.subject_key, g.kind, g.basis, g.grade, g.period_start, g.period_end]);
  for (const g of groups) {
    if (g.rank === latest) boundary.set(id(g), rank.get(g.version_id)!);
    if (g.rank > latest) cut.add(id(g));
  }
  const truncated = groups.filter((g) => g.rank === latest && cut.has(id(g)));
  if (!truncated.length) return true;
  return baselines(input).every(({ observation: o, baseline: b }) =>
    truncated.every((g) => {
      const anchor = mayAnchor(g, o);
      if (!anchor) return true;
      if (!b || b.version.order < boundary.get(id(g))!) return false;
      return !(anchor.same && periodKey(b) !== periodKey(o));
    }),
  );
}

/**
 * What change detection needs for one version: its facts, the earlier versions that may hold
 * their baselines, the organizations' units named before it, and the previous edition of its
 * document series (same document, or another document with the same symbol). `order` ranks the
 * versions by fetch time, then id. `latest` bounds the versions read per group (see the top).
 * @example const { current, earlier, previousEdition } = await loadChangeInput(db, 42)
 */
export async function loadChangeInput(
  db: Db,
  versionId: number,
  options: { latest?: number } = {},
): Promise<Required<Omit<ChangeInput, "thresholds">> | undefined> {
  const latest = options.latest ?? LATEST_PER_GROUP;
  const [cur] = await versionRows(db, [versionId]);
  if (!cur) return undefined;
  const [current] = await versionsWithFacts(db, [cur], undefined, new Map());
  const orgs = [...new Set(current.facts.map((f) => f.organizationId))];
  const series = cur.symbol
    ? or(eq(documentVersions.documentId, cur.documentId), eq(documents.symbol, cur.symbol))
    : eq(documentVersions.documentId, cur.documentId);
  const [prev] = await db
    .select(versionColumns)
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .where(and(series, earlierThan(versionId), eq(documentVersions.analysisStatus, "analyzed")))
    .orderBy(desc(documentVersions.fetchedAt), desc(documentVersions.id))
    .limit(1);
  const read = orgs.length
    ? await readEarlier(db, { versionId, orgs, current, latest })
    : { ids: [], groups: [], keys: [], namedBefore: new Set<string>() };
  const earlierVersions = await versionRows(db, read.ids);
  const rank = rankOf([cur, ...earlierVersions, ...(prev ? [prev] : [])]);
  current.order = rank.get(cur.versionId)!;
  const about = read.keys.length ? inArray(facts.subjectKey, read.keys) : undefined;
  const earlier = await versionsWithFacts(
    db,
    earlierVersions,
    and(organizationWhere(orgs), or(eq(facts.status, "corrected"), about)),
    rank,
  );
  const previousEdition = prev ? ((await versionsWithFacts(db, [prev], undefined, rank))[0] ?? null) : null;
  const input = { current, earlier, previousEdition, unitsNamedBefore: read.namedBefore };
  if (Number.isFinite(latest) && !settled(input, read.groups, latest, rank)) {
    return loadChangeInput(db, versionId, { latest: Number.POSITIVE_INFINITY });
  }
  return input;
}

/** The earlier versions to read, the groups they were chosen from, and the units named before. */
async function readEarlier(
  db: Db,
  args: { versionId: number; orgs: Array<string | null>; current: VersionFacts; latest: number },
) {
  await fillSubjectKeys(db, args.orgs);
  const observations = observationsOf(args.current);
  const groups = await latestGroups(db, { ...args, observations });
  const corrected = await db
    .selectDistinct({ id: facts.versionId })
    .from(facts)
    .innerJoin(documentVersions, eq(documentVersions.id, facts.versionId))
    .where(and(organizationWhere(args.orgs), eq(facts.status, "corrected"), earlierThan(args.versionId)));
  const units = [...unitsNamed(args.current).keys()].map((k) => storedSubjectKey(k.slice(k.indexOf("|") + 1)));
  const named = units.length
    ? await db
        .selectDistinct({ organizationId: facts.organizationId, subjectKey: facts.subjectKey })
        .from(facts)
        .innerJoin(documentVersions, eq(documentVersions.id, facts.versionId))
        .where(
          and(organizationWhere(args.orgs), inArray(facts.subjectKey, units), liveAsRead, earlierThan(args.versionId)),
        )
    : [];
  const ids = new Set([
    ...groups.filter((g) => g.rank <= args.latest).map((g) => g.version_id),
    ...corrected.map((r) => r.id),
  ]);
  const epoch = `${SUBJECT_KEY_EPOCH}:`.length;
  return {
    ids: [...ids],
    groups,
    keys: [...new Set([...observations.map((o) => storedSubjectKey(o.subjectKey)), ...units])],
    namedBefore: new Set(named.map((r) => `${r.organizationId ?? ""}|${r.subjectKey!.slice(epoch)}`)),
  };
}
