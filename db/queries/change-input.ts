import { and, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import {
  baselines,
  observationsOf,
  periodKey,
  SUBJECT_KEY_EPOCH,
  storedSubjectKey,
  subjectKeyOf,
  unitKeyOf,
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
      batch.map((n) => sql`when ${n} then ${subjectKeyOf(n)}`),
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
  subject_key: string | null;
  kind: "funding" | "staffing" | "unit";
  basis: string | null;
  grade: string | null;
  period_start: number | null;
  period_end: number | null;
  rank: number;
}

/** How far back detection looks: recent versions, every group ranked in SQL, or everything. */
type Scan = "recent" | "groups" | "all";

/** What one scan found: groups with ranks, and per `organization|subject key` the horizon, if any. */
interface Found {
  groups: GroupRow[];
  /** The newest version not looked at, per organization and subject key; none when all were. */
  horizons: Map<string, VersionRow>;
}

const scanKey = (org: string | null, subjectKey: string) => `${org ?? ""}|${subjectKey}`;

/** Earlier facts that could anchor one of the observations: same organizations, subjects and periods. */
function anchorWhere(args: { versionId: number; orgs: Array<string | null>; observations: Observation[] }) {
  const starts = [...new Set(args.observations.flatMap((o) => (o.periodStart === null ? [] : [o.periodStart])))];
  return and(
    organizationWhere(args.orgs),
    sql`${facts.kind} <> 'unit'`,
    liveAsRead,
    or(
      isNull(facts.periodStart),
      starts.length ? inArray(facts.periodStart, starts) : undefined,
      starts.length ? inArray(sql`coalesce(${facts.periodEnd}, ${facts.periodStart}) + 1`, starts) : undefined,
    ),
    earlierThan(args.versionId),
  );
}

/**
 * The latest `latest + 1` earlier versions per group of facts that could be a baseline for the
 * current observations (same organizations and subjects; same period, the period just before,
 * or a period SQL cannot read), ranked newest first; all of them when `latest` is infinite.
 */
async function latestGroups(
  db: Db,
  args: { versionId: number; orgs: Array<string | null>; observations: Observation[]; latest: number },
): Promise<Found> {
  const keys = [...new Set(args.observations.map((o) => storedSubjectKey(o.subjectKey)))];
  if (!keys.length) return { groups: [], horizons: new Map() };
  const where = and(anchorWhere(args), inArray(facts.subjectKey, keys));
  const group = sql`${facts.organizationId}, ${facts.subjectKey}, ${facts.kind}, ${facts.basis}, ${facts.grade},
    ${facts.periodStart}, ${facts.periodEnd}, ${facts.period}`;
  const limit = Number.isFinite(args.latest) ? sql`where rank <= ${args.latest + 1}` : sql``;
  const groups = rowsOf<GroupRow>(
    await db.execute(sql`select distinct * from (
      select ${facts.versionId} as version_id, ${facts.organizationId} as organization_id,
        ${facts.subjectKey} as subject_key, ${facts.kind} as kind, ${facts.basis} as basis, ${facts.grade} as grade,
        ${facts.periodStart} as period_start, ${facts.periodEnd} as period_end,
        dense_rank() over (partition by ${group}
          order by ${documentVersions.fetchedAt} desc, ${documentVersions.id} desc)::int as rank
      from ${facts} join ${documentVersions} on ${documentVersions.id} = ${facts.versionId}
      where ${where}) ranked ${limit}`),
  );
  return { groups, horizons: new Map() };
}

/**
 * The cheap first look: per organization and subject, the `recent` newest versions by id below
 * this one's that report it (an index walk backwards, however long the history), and the few
 * versions stored after this one but fetched before it. Versions sort by fetch time, not id, so
 * what was seen holds every version newer than the horizon: the newest version, of any
 * organization, among those with a smaller id than all seen. A baseline found
 * newer than the horizon is therefore the one the full history gives (see `settled`).
 */
async function recentGroups(
  db: Db,
  args: { versionId: number; orgs: Array<string | null>; observations: Observation[]; recent: number },
): Promise<Found> {
  const found: Found = { groups: [], horizons: new Map() };
  // Versions stored after this one but fetched before it (a backfill of older editions): few, and
  // always looked at, so the walk below can start below this version's id.
  const later = await db
    .select({ id: documentVersions.id })
    .from(documentVersions)
    .where(and(sql`${documentVersions.id} > ${args.versionId}`, earlierThan(args.versionId)));
  const pairs = new Map(args.observations.map((o) => [scanKey(o.organizationId, o.subjectKey), o]));
  for (const o of pairs.values()) {
    const subjectKey = storedSubjectKey(o.subjectKey);
    const subject = and(organizationWhere([o.organizationId]), eq(facts.subjectKey, subjectKey));
    const where = and(anchorWhere({ ...args, orgs: [o.organizationId] }), subject);
    // Any fact of the subject will do here: the index alone answers, and the versions it names are
    // then read with the filters. A version that matches none of them only narrows the look.
    const ids = await db
      .selectDistinct({ id: facts.versionId })
      .from(facts)
      .where(and(subject, sql`${facts.versionId} < ${args.versionId}`))
      .orderBy(desc(facts.versionId))
      .limit(args.recent);
    if (!ids.length && !later.length) continue;
    const seen = await db
      .selectDistinct({
        version_id: facts.versionId,
        fetched_at: documentVersions.fetchedAt,
        organization_id: facts.organizationId,
        subject_key: facts.subjectKey,
        kind: facts.kind,
        basis: facts.basis,
        grade: facts.grade,
        period_start: facts.periodStart,
        period_end: facts.periodEnd,
      })
      .from(facts)
      .innerJoin(documentVersions, eq(documentVersions.id, facts.versionId))
      .where(
        and(
          where,
          inArray(
            facts.versionId,
            [...ids, ...later].map((r) => r.id),
          ),
        ),
      );
    if (ids.length === args.recent) {
      const oldest = Math.min(...ids.map((r) => r.id));
      const [horizon] = await db
        .select(versionColumns)
        .from(documentVersions)
        .innerJoin(documents, eq(documents.id, documentVersions.documentId))
        .where(and(sql`${documentVersions.id} < ${oldest}`, earlierThan(args.versionId)))
        .orderBy(desc(documentVersions.fetchedAt), desc(documentVersions.id))
        .limit(1);
      if (horizon) found.horizons.set(scanKey(o.organizationId, subjectKey), horizon);
    }
    found.groups.push(...ranked(seen));
  }
  return found;
}

/** Dense ranks within each group, newest (fetched_at, id) first, as `latestGroups` ranks in SQL. */
function ranked(rows: Array<Omit<GroupRow, "rank"> & { fetched_at: Date }>): GroupRow[] {
  const byGroup = new Map<string, typeof rows>();
  for (const r of rows) {
    const id = groupId(r);
    const list = byGroup.get(id);
    if (list) list.push(r);
    else byGroup.set(id, [r]);
  }
  return [...byGroup.values()].flatMap((list) =>
    list
      .sort((a, b) => b.fetched_at.getTime() - a.fetched_at.getTime() || b.version_id - a.version_id)
      .map(({ fetched_at: _, ...r }, i) => ({ ...r, rank: i + 1 })),
  );
}

const groupId = (g: Omit<GroupRow, "rank" | "version_id">) =>
  JSON.stringify([g.organization_id, g.subject_key, g.kind, g.basis, g.grade, g.period_start, g.period_end]);

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
 * baseline found is of the period before; and where a scan stopped at a horizon, the baseline
 * is of the same period and newer than the horizon.
 */
function settled(input: ChangeInput, found: Found, latest: number, rank: Map<number, number>): boolean {
  const boundary = new Map<string, number>();
  const cut = new Set<string>();
  for (const g of found.groups) {
    if (g.rank === latest) boundary.set(groupId(g), rank.get(g.version_id)!);
    if (g.rank > latest) cut.add(groupId(g));
  }
  const truncated = found.groups.filter((g) => g.rank === latest && cut.has(groupId(g)));
  return baselines(input).every(({ observation: o, baseline: b }) => {
    const horizon = found.horizons.get(scanKey(o.organizationId, storedSubjectKey(o.subjectKey)));
    const beyond = b && horizon ? b.version.order > rank.get(horizon.versionId)! : true;
    if (horizon && (!b || !beyond || periodKey(b) !== periodKey(o))) return false;
    return truncated.every((g) => {
      const anchor = mayAnchor(g, o);
      if (!anchor) return true;
      if (!b || b.version.order < boundary.get(groupId(g))!) return false;
      return !(anchor.same && periodKey(b) !== periodKey(o));
    });
  });
}

/** Versions looked at first per organization and subject (see `recentGroups`). */
export const RECENT_VERSIONS = 12;

/** The looks in the order taken: each further one only when the one before could hide a baseline. */
const SCANS: Scan[] = ["recent", "groups", "all"];

/**
 * What change detection needs for one version: its facts, the earlier versions that may hold
 * their baselines, the organizations' units named before it, and the previous edition of its
 * document series (same document, or another document with the same symbol). `order` ranks the
 * versions by fetch time, then id. It looks at recent versions first, then at every group ranked
 * in SQL, then at everything, going further only when the nearer look could hide a baseline;
 * `latest` and `recent` bound the first two (see the top; tests set them small).
 * @example const { current, earlier, previousEdition } = await loadChangeInput(db, 42)
 */
export async function loadChangeInput(
  db: Db,
  versionId: number,
  options: { latest?: number; recent?: number; scan?: Scan } = {},
): Promise<Required<Omit<ChangeInput, "thresholds">> | undefined> {
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
  const [previousEdition = null] = prev ? await versionsWithFacts(db, [prev], undefined, new Map()) : [];
  // What does not depend on how far back the look goes is read once.
  const known = orgs.length ? await readKnown(db, { versionId, orgs, current }) : null;
  for (const scan of SCANS.slice(SCANS.indexOf(options.scan ?? "recent"))) {
    const latest = scan === "all" ? Number.POSITIVE_INFINITY : (options.latest ?? LATEST_PER_GROUP);
    const args = { versionId, orgs, observations: known?.observations ?? [], latest };
    const found: Found = !known
      ? { groups: [], horizons: new Map() }
      : scan === "recent"
        ? await recentGroups(db, { ...args, recent: options.recent ?? RECENT_VERSIONS })
        : await latestGroups(db, args);
    const ids = new Set([
      ...found.groups.filter((g) => g.rank <= latest).map((g) => g.version_id),
      ...(known?.corrected ?? []),
    ]);
    const earlierVersions = await versionRows(db, [...ids]);
    const rank = rankOf([cur, ...earlierVersions, ...(prev ? [prev] : []), ...found.horizons.values()]);
    current.order = rank.get(cur.versionId)!;
    if (previousEdition) previousEdition.order = rank.get(previousEdition.versionId)!;
    const about = known?.keys.length ? inArray(facts.subjectKey, known.keys) : undefined;
    const earlier = await versionsWithFacts(
      db,
      earlierVersions,
      and(organizationWhere(orgs), or(eq(facts.status, "corrected"), about)),
      rank,
    );
    const input = { current, earlier, previousEdition, unitsNamedBefore: known?.namedBefore ?? new Set<string>() };
    if (scan === "all" || settled(input, found, latest, rank)) return input;
  }
  throw new Error("unreachable: the last look reads everything");
}

/**
 * What every look shares: the subject keys filled in, the current observations and the subjects
 * to read, the earlier versions with a corrected fact, and the units named before this version.
 */
async function readKnown(db: Db, args: { versionId: number; orgs: Array<string | null>; current: VersionFacts }) {
  await fillSubjectKeys(db, args.orgs);
  const observations = observationsOf(args.current);
  const units = unitsNamed(args.current);
  const corrected = await db
    .selectDistinct({ id: facts.versionId })
    .from(facts)
    .innerJoin(documentVersions, eq(documentVersions.id, facts.versionId))
    .where(and(organizationWhere(args.orgs), eq(facts.status, "corrected"), earlierThan(args.versionId)));
  const namedBefore = new Set<string>();
  for (const [key, unit] of units) {
    const [hit] = await db
      .select({ id: facts.id })
      .from(facts)
      .innerJoin(documentVersions, eq(documentVersions.id, facts.versionId))
      .where(
        and(
          organizationWhere([unit.organizationId]),
          eq(facts.subjectKey, storedSubjectKey(unitKeyOf(key))),
          liveAsRead,
          earlierThan(args.versionId),
        ),
      )
      .limit(1);
    if (hit) namedBefore.add(key);
  }
  const subjects = [...observations.map((o) => o.subjectKey), ...[...units.keys()].map(unitKeyOf)];
  return {
    observations,
    corrected: corrected.map((r) => r.id),
    keys: [...new Set(subjects.map(storedSubjectKey))],
    namedBefore,
  };
}
