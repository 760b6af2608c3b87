import { createHash } from "node:crypto";
import { effectiveValues } from "./effective-fact.ts";
import type { FactStatus, StoredFact } from "./stored-fact.ts";
import vocabulary from "./vocabulary.json" with { type: "json" };
import { matchSubject, unitById } from "./vocabulary.ts";

/**
 * The inputs of change detection and the first step on them: turning the stored facts of one
 * document version into comparable observations (one value per organization, subject, metric and
 * period), with the analyst's corrections applied and rejected facts left out.
 */

export type { FactStatus } from "./stored-fact.ts";

/** A stored fact, as much of the `facts` row as change detection needs. */
export type ChangeFact = StoredFact;
/** A fact as the analyst left it, with the USD its value, currency and first year convert to. */
export type EffectiveFact = ChangeFact & { usd: number | null };

/** A document version with its facts. `order` sorts versions in time: a smaller one is earlier. */
export interface VersionFacts {
  versionId: number;
  documentId: number;
  title: string | null;
  url: string;
  symbol: string | null;
  order: number;
  facts: ChangeFact[];
}

/** One value of one metric, read from one version. */
export interface Observation {
  organizationId: string | null;
  subjectKey: string;
  subject: string;
  /** "funding:<basis>", "posts:total" or "posts:<grade>". */
  metric: string;
  period: string | null;
  periodStart: number | null;
  periodEnd: number | null;
  /** In the fact's own currency for money (or USD when only that is known), in posts for staffing. */
  value: number;
  /** Currency code for money, "posts" for staffing. */
  unit: string;
  /** The USD value of money, to compare amounts given in different currencies. */
  usd: number | null;
  /** The facts the value comes from (several for a total over grades). */
  facts: ChangeFact[];
  version: VersionFacts;
}

/**
 * Units renamed by their organization: alerts follow the unit across the rename, so the 2012
 * renaming of UNDP's Special Unit into UNOSSC is not reported as one unit vanishing and another
 * appearing.
 */
const SUCCESSORS: Record<string, string> = { "su-ssc": "unossc" };

const normalizeName = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/**
 * The canonical identity of a unit or fund name: the vocabulary's unit when a name or alias
 * matches, else the name lower-cased without accents and punctuation.
 * @example subjectIdentity("Special Unit for South-South Cooperation")
 * // {key: "unossc", name: "United Nations Office for South-South Cooperation", known: true}
 */
export function subjectIdentity(name: string): SubjectIdentity {
  let identity = identities.get(name);
  if (!identity) {
    identity = identify(name);
    // Detection asks for the same few unit names once per earlier fact: remember them (bounded).
    if (identities.size >= MAX_REMEMBERED) identities.clear();
    identities.set(name, identity);
  }
  return identity;
}

interface SubjectIdentity {
  key: string;
  name: string;
  known: boolean;
}

const MAX_REMEMBERED = 10_000;
const identities = new Map<string, SubjectIdentity>();

function identify(name: string): SubjectIdentity {
  const matched = matchSubject(name);
  if (matched) {
    const id = SUCCESSORS[matched.id] ?? matched.id;
    return Object.freeze({ key: id, name: unitById(id)?.name ?? matched.name, known: true });
  }
  return Object.freeze({ key: `text:${normalizeName(name)}`, name: name.trim(), known: false });
}

/**
 * Bump when `identify` or `normalizeName` change what they return: stored keys of another rule
 * are then worked out again (see `SUBJECT_KEY_EPOCH`).
 */
const IDENTITY_RULE = 1;

/**
 * What stored subject keys were worked out with: the identity rule, the vocabulary and the
 * renamings. A key stored under another epoch is stale (the vocabulary learnt an alias, say).
 */
export const SUBJECT_KEY_EPOCH = createHash("sha256")
  .update(JSON.stringify([IDENTITY_RULE, SUCCESSORS, vocabulary]))
  .digest("hex")
  .slice(0, 8);

/**
 * The subject key as stored in `facts.subject_key`: the identity's key under the current epoch.
 * @example storedSubjectKey("unossc") // "1a2b3c4d:unossc"
 */
export const storedSubjectKey = (key: string) => `${SUBJECT_KEY_EPOCH}:${key}`;

/**
 * The `facts.subject_key` of a subject as the analyzer read it, for the writers to store with
 * the fact (null without a subject).
 * @example subjectKeyOf("Special Unit for South-South Cooperation") // "1a2b3c4d:unossc"
 */
export const subjectKeyOf = (subject: string | null | undefined) =>
  subject ? storedSubjectKey(subjectIdentity(subject).key) : null;

/**
 * True when a fact may raise or anchor an alert: rejected and superseded facts never do.
 * @example isLive({ ...fact, status: "rejected" }) // false
 */
export const isLive = (f: ChangeFact) => f.status !== "rejected" && f.status !== "superseded";

/**
 * The fact as the analyst left it: corrected values win over the analyzer's reading, USD derived
 * from them (the one rule, `effectiveValues`).
 * @example
 * effectiveFact({ ...fact, status: "corrected", value: 9e6, correctedValue: 1e6, currency: "USD" }).usd // 1000000
 */
export function effectiveFact(f: ChangeFact): EffectiveFact {
  const e = effectiveValues(f);
  return {
    ...f,
    value: e.value,
    currency: e.currency,
    usd: e.usd,
    count: e.count,
    period: e.period,
    periodStart: e.range?.start ?? null,
    periodEnd: e.range?.end ?? null,
    basis: e.basis,
    subject: e.subject,
  };
}

const STATUS_RANK: Record<FactStatus, number> = { corrected: 0, confirmed: 0, auto: 1, rejected: 2, superseded: 2 };

/** Of several facts for one key in one version: reviewed first, then the most confident, then the first found. */
function better(a: EffectiveFact, b: EffectiveFact): EffectiveFact {
  if (STATUS_RANK[a.status] !== STATUS_RANK[b.status]) return STATUS_RANK[a.status] < STATUS_RANK[b.status] ? a : b;
  if (a.confidence !== b.confidence) return a.confidence > b.confidence ? a : b;
  return a.id <= b.id ? a : b;
}

/**
 * Identity of a period: its years when known, else its text.
 * @example periodKey({ period: "2024-25", periodStart: 2024, periodEnd: 2025 }) // "2024-2025"
 */
export const periodKey = (o: { period: string | null; periodStart: number | null; periodEnd: number | null }) =>
  o.periodStart !== null ? `${o.periodStart}-${o.periodEnd ?? o.periodStart}` : (o.period ?? "");

function observation(
  f: ChangeFact,
  version: VersionFacts,
  metric: string,
  amount: { value: number; unit: string; usd: number | null },
  facts: ChangeFact[],
): Observation {
  const subject = subjectIdentity(f.subject!);
  return {
    organizationId: f.organizationId,
    subjectKey: subject.key,
    subject: subject.name,
    metric,
    period: f.period,
    periodStart: f.periodStart,
    periodEnd: f.periodEnd,
    ...amount,
    facts,
    version,
  };
}

/**
 * What two observations must share to compare (the period aside).
 * @example observationKey(o) // "undp|unossc|funding:budget"
 */
export const observationKey = (o: Pick<Observation, "organizationId" | "subjectKey" | "metric">) =>
  `${o.organizationId ?? ""}|${o.subjectKey}|${o.metric}`;

/**
 * The observations of one version: one per organization, subject, metric and period. Money keeps
 * its own currency and its USD value (see `comparable`). Posts come by grade and in total (the sum
 * over grades, or the ungraded count when no grade is given).
 * @example observationsOf(version).map((o) => o.metric) // ["funding:budget", "posts:P-4", "posts:total"]
 */
export function observationsOf(version: VersionFacts): Observation[] {
  const chosen = new Map<string, EffectiveFact>();
  for (const raw of version.facts) {
    if (!isLive(raw) || raw.kind === "unit") continue;
    const f = effectiveFact(raw);
    if (!f.subject) continue;
    const metric = f.kind === "funding" ? `funding:${f.basis ?? "unspecified"}` : `posts:${f.grade ?? "ungraded"}`;
    const observation = { organizationId: f.organizationId, subjectKey: subjectIdentity(f.subject!).key, metric };
    const key = `${observationKey(observation)}|${periodKey(f)}`;
    const seen = chosen.get(key);
    chosen.set(key, seen ? better(seen, f) : f);
  }
  const out: Observation[] = [];
  const posts = new Map<string, { graded: ChangeFact[]; ungraded: ChangeFact[] }>();
  for (const f of chosen.values()) {
    if (f.kind === "funding") {
      // A value without a currency is in dollars (`effectiveValues`), so `usd` stands in for it.
      const amount =
        f.value !== null && f.currency
          ? { value: f.value, unit: f.currency, usd: f.usd }
          : f.usd !== null
            ? { value: f.usd, unit: "USD", usd: f.usd }
            : null;
      if (amount) out.push(observation(f, version, `funding:${f.basis ?? "unspecified"}`, amount, [f]));
      continue;
    }
    if (f.count === null) continue;
    const key = `${f.organizationId ?? ""}|${subjectIdentity(f.subject!).key}|${periodKey(f)}`;
    const group = posts.get(key) ?? { graded: [], ungraded: [] };
    (f.grade ? group.graded : group.ungraded).push(f);
    posts.set(key, group);
    if (f.grade)
      out.push(observation(f, version, `posts:${f.grade}`, { value: f.count, unit: "posts", usd: null }, [f]));
  }
  for (const { graded, ungraded } of posts.values()) {
    const parts = graded.length ? graded : ungraded;
    const total = parts.reduce((sum, f) => sum + (f.count ?? 0), 0);
    out.push(observation(parts[0], version, "posts:total", { value: total, unit: "posts", usd: null }, parts));
  }
  return out;
}

/**
 * The unit's key in a `unitsNamed` key ("organization|unit").
 * @example unitKeyOf("undp|unossc") // "unossc"
 */
export const unitKeyOf = (key: string) => key.slice(key.indexOf("|") + 1);

/**
 * The known SSTC units and funds a version names (in any live fact, unit mentions included),
 * each with the first fact that names it, for evidence; keyed by organization and unit.
 * @example [...unitsNamed(version).keys()] // ["unossc|pgtf", "unossc|ibsa"]
 */
export function unitsNamed(
  version: VersionFacts,
): Map<string, { name: string; organizationId: string | null; fact: ChangeFact }> {
  const out = new Map<string, { name: string; organizationId: string | null; fact: ChangeFact }>();
  for (const raw of version.facts) {
    if (!isLive(raw)) continue;
    const f = effectiveFact(raw);
    if (!f.subject) continue;
    const subject = subjectIdentity(f.subject);
    if (!subject.known) continue;
    const key = `${f.organizationId ?? ""}|${subject.key}`;
    if (!out.has(key)) out.set(key, { name: subject.name, organizationId: f.organizationId, fact: f });
  }
  return out;
}

/**
 * The two values to compare: in the shared currency when both are in the same one (so exchange
 * rates of different years never make a change), else in USD when both have a USD value; null
 * when they cannot be compared.
 * @example comparable({value: 1e6, unit: "EUR", usd: 1.1e6}, {value: 1e6, unit: "EUR", usd: 1.05e6})
 * // {old: 1e6, new: 1e6, unit: "EUR"}
 */
export function comparable(
  old: Pick<Observation, "value" | "unit" | "usd">,
  now: Pick<Observation, "value" | "unit" | "usd">,
): { old: number; new: number; unit: string } | null {
  if (old.unit === now.unit) return { old: old.value, new: now.value, unit: now.unit };
  if (old.usd !== null && now.usd !== null) return { old: old.usd, new: now.usd, unit: "USD" };
  return null;
}
