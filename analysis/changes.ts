import { createHash } from "node:crypto";
import { pageLink } from "./page-link.ts";
import {
  comparable,
  observationKey,
  observationsOf,
  periodKey,
  unitKeyOf,
  unitsNamed,
  type ChangeFact,
  type Observation,
  type VersionFacts,
} from "./change-facts.ts";

export {
  subjectIdentity,
  effectiveFact,
  observationsOf,
  periodKey,
  SUBJECT_KEY_EPOCH,
  storedSubjectKey,
  subjectKeyOf,
  unitKeyOf,
  unitsNamed,
} from "./change-facts.ts";
export type { ChangeFact, FactStatus, Observation, VersionFacts } from "./change-facts.ts";

/**
 * Change detection (pure): compares the facts of a new document version with the latest earlier
 * facts on the same organization, SSTC unit or fund, and metric, and says what changed.
 */

/**
 * Money alerts when it moves by at least `moneyRel` (a fraction: 0.05 is 5 %); posts alert when
 * they move by more than `postsAbs` (0: any change).
 */
export interface ChangeThresholds {
  moneyRel: number;
  postsAbs: number;
}

export const DEFAULT_THRESHOLDS: ChangeThresholds = Object.freeze({ moneyRel: 0.05, postsAbs: 0 });

/** Where a value was read: enough to open the document at the page and find the quote. */
export interface EvidenceRef {
  documentId: number;
  versionId: number;
  factId: number | null;
  title: string | null;
  symbol: string | null;
  url: string;
  /** The document URL opening at the page (`#page=N`), for PDFs and viewers that honour it. */
  pageUrl: string;
  page: number | null;
  quote: string | null;
}

export interface AlertCandidate {
  /** Stable identity: the same comparison of the same values always gives the same fingerprint. */
  fingerprint: string;
  change: "changed" | "appeared" | "disappeared";
  organizationId: string | null;
  subject: string;
  subjectKey: string;
  /** "funding:<basis>", "posts:total", "posts:<grade>", or "presence" for units appearing or disappearing. */
  metric: string;
  period: string | null;
  oldValue: number | null;
  newValue: number | null;
  absChange: number | null;
  /** Change relative to the old value (0.1 = +10 %); null when the old value is 0 or absent. */
  relChange: number | null;
  /** "USD" (or another currency code) for money, "posts" for staffing, null for presence. */
  unit: string | null;
  oldFactId: number | null;
  newFactId: number | null;
  evidence: { old: EvidenceRef | null; new: EvidenceRef | null };
}

export interface ChangeInput {
  /** The version whose facts are new. */
  current: VersionFacts;
  /** Earlier versions (order below the current one) of the same organizations: the baselines. */
  earlier: VersionFacts[];
  /** The previous edition of the same document series (same document, or same symbol), if any. */
  previousEdition?: VersionFacts | null;
  /**
   * Units (`organization|unit key`, as `unitsNamed` keys them) named before the current version in
   * versions not given in `earlier`: a loader that reads only some earlier versions says here
   * which units the others named, so a unit is not reported as appearing twice.
   */
  unitsNamedBefore?: ReadonlySet<string>;
  thresholds?: Partial<ChangeThresholds>;
}

const fingerprint = (parts: unknown[]) => createHash("sha256").update(JSON.stringify(parts)).digest("hex");

function evidenceRef(version: VersionFacts, facts: ChangeFact[]): EvidenceRef {
  const first = facts[0];
  const page = first?.page ?? null;
  return {
    documentId: version.documentId,
    versionId: version.versionId,
    factId: first?.id ?? null,
    title: version.title,
    symbol: version.symbol,
    url: version.url,
    pageUrl: pageLink(version.url, page),
    page,
    quote: facts.length ? facts.map((f) => f.quote).join(" … ") : null,
  };
}

/** The latest earlier value for the same period, else for the period just before. */
function baselineFor(o: Observation, candidates: Observation[]): Observation | undefined {
  const usable = candidates.filter((b) => comparable(b, o) !== null);
  const latest = (list: Observation[]) =>
    list.reduce<Observation | undefined>(
      (best, b) => (!best || b.version.order > best.version.order ? b : best),
      undefined,
    );
  const same = latest(usable.filter((b) => periodKey(b) === periodKey(o)));
  if (same) return same;
  return latest(
    usable.filter((b) => b.periodEnd !== null && o.periodStart !== null && b.periodEnd + 1 === o.periodStart),
  );
}

function exceeds(o: Observation, abs: number, rel: number | null, t: ChangeThresholds): boolean {
  if (o.metric.startsWith("posts:")) return Math.abs(abs) > t.postsAbs;
  return rel === null || Math.abs(rel) >= t.moneyRel - 1e-12;
}

/**
 * Each observation of the current version with the earlier observation it is compared with: the
 * latest earlier one for the same period, else for the period just before; none when nothing
 * earlier is comparable.
 * @example baselines({ current, earlier })[0].baseline?.value // 3500000
 */
export function baselines(input: ChangeInput): Array<{ observation: Observation; baseline: Observation | undefined }> {
  const { current } = input;
  const byKey = new Map<string, Observation[]>();
  for (const version of input.earlier) {
    if (version.order >= current.order || version.versionId === current.versionId) continue;
    for (const o of observationsOf(version)) {
      const key = observationKey(o);
      const list = byKey.get(key);
      if (list) list.push(o);
      else byKey.set(key, [o]);
    }
  }
  return observationsOf(current).map((o) => ({
    observation: o,
    baseline: baselineFor(o, byKey.get(observationKey(o)) ?? []),
  }));
}

function valueChanges(input: ChangeInput, t: ChangeThresholds): AlertCandidate[] {
  const { current } = input;
  const out: AlertCandidate[] = [];
  for (const { observation: o, baseline: base } of baselines(input)) {
    const pair = base && comparable(base, o);
    if (!base || !pair) continue;
    const abs = pair.new - pair.old;
    const rel = pair.old !== 0 ? abs / Math.abs(pair.old) : null;
    if (abs === 0 || !exceeds(o, abs, rel, t)) continue;
    out.push({
      fingerprint: fingerprint([
        "changed",
        o.organizationId,
        o.subjectKey,
        o.metric,
        periodKey(base),
        periodKey(o),
        base.version.versionId,
        pair.old,
        current.versionId,
        pair.new,
        pair.unit,
      ]),
      change: "changed",
      organizationId: o.organizationId,
      subject: o.subject,
      subjectKey: o.subjectKey,
      metric: o.metric,
      period: o.period ?? (periodKey(o) || null),
      oldValue: pair.old,
      newValue: pair.new,
      absChange: abs,
      relChange: rel,
      unit: pair.unit,
      oldFactId: base.facts[0]?.id ?? null,
      newFactId: o.facts[0]?.id ?? null,
      evidence: { old: evidenceRef(base.version, base.facts), new: evidenceRef(current, o.facts) },
    });
  }
  return out;
}

function presenceCandidate(
  change: "appeared" | "disappeared",
  unit: { name: string; organizationId: string | null; fact: ChangeFact },
  subjectKey: string,
  evidence: AlertCandidate["evidence"],
  ids: number[],
): AlertCandidate {
  return {
    fingerprint: fingerprint([change, unit.organizationId, subjectKey, ...ids]),
    change,
    organizationId: unit.organizationId,
    subject: unit.name,
    subjectKey,
    metric: "presence",
    period: null,
    oldValue: null,
    newValue: null,
    absChange: null,
    relChange: null,
    unit: null,
    oldFactId: evidence.old?.factId ?? null,
    newFactId: evidence.new?.factId ?? null,
    evidence,
  };
}

/**
 * Units of the previous edition that the new one no longer names ("disappeared"), and units the
 * new edition names that neither the previous edition nor any earlier document of the
 * organization named ("appeared"). Without a previous edition there is no series to compare.
 */
function presenceChanges(input: ChangeInput): AlertCandidate[] {
  const prev = input.previousEdition;
  const { current } = input;
  if (!prev || prev.order >= current.order) return [];
  const before = unitsNamed(prev);
  const now = unitsNamed(current);
  const out: AlertCandidate[] = [];
  for (const [key, unit] of before) {
    if (now.has(key)) continue;
    const evidence = { old: evidenceRef(prev, [unit.fact]), new: evidenceRef(current, []) };
    out.push(presenceCandidate("disappeared", unit, unitKeyOf(key), evidence, [prev.versionId, current.versionId]));
  }
  const seenBefore = new Set([
    ...(input.unitsNamedBefore ?? []),
    ...input.earlier.filter((v) => v.order < current.order).flatMap((v) => [...unitsNamed(v).keys()]),
  ]);
  for (const [key, unit] of now) {
    if (before.has(key) || seenBefore.has(key)) continue;
    const evidence = { old: null, new: evidenceRef(current, [unit.fact]) };
    out.push(presenceCandidate("appeared", unit, unitKeyOf(key), evidence, [current.versionId]));
  }
  return out;
}

/**
 * Alert candidates for one new version: value changes beyond the thresholds, and units or funds
 * appearing in or disappearing from a document series. Rejected and superseded facts are ignored;
 * corrected facts count with the analyst's values. Fingerprints depend only on the versions and
 * values compared, so detecting again over the same facts yields the same fingerprints.
 * @example detectChanges({ current, earlier: [previous] })[0]
 *   // {change: "changed", metric: "funding:budget", oldValue: 3500000, newValue: 4000000, relChange: 0.142...}
 */
export function detectChanges(input: ChangeInput): AlertCandidate[] {
  const t = { ...DEFAULT_THRESHOLDS, ...input.thresholds } satisfies ChangeThresholds;
  return [...valueChanges(input, t), ...presenceChanges(input)];
}
