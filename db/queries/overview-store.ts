import { assembleOverview } from "../../analysis/overview-assemble.ts";
import { REVIEW_THRESHOLD } from "../../analysis/overview-figures.ts";
import { countingFacts, organizationPart, type OrganizationPart } from "../../analysis/overview-organization.ts";
import { overviewParts, type Overview } from "../../analysis/overview.ts";
import type { SystemMemo } from "../../analysis/overview-system.ts";
import type { OverviewOrganizationInput } from "../../analysis/overview-types.ts";
import type { Db } from "../client.ts";
import {
  loadDocuments,
  loadFacts,
  loadHighlights,
  loadOverviewFrame,
  type OverviewOptions,
  type Scope,
} from "./overview.ts";
import { dataVersion, type OverviewVersion, overviewVersion } from "./overview-changes.ts";

/** Years (at one threshold each) whose parts are kept; the least recently read goes first. */
const KEPT_YEARS = 4;
/** Renders kept per overview (JSON, CSV, plain and gzipped, each export, some sessions' pages); oldest out first. */
const KEPT_RENDERS = 12;

/** One organization's part and the version of its data it was built from. */
interface Kept<T> {
  version: number;
  value: T;
}

/** What is kept for one year and threshold. */
interface YearParts {
  parts: Map<string, Kept<OrganizationPart>>;
  unattributed?: Kept<number>;
  whole?: Whole;
  /** The system-wide merge per key, kept so that only the keys of changed organizations are merged again. */
  system: SystemMemo;
}

/** The overview of one data version and what was rendered from it. */
interface Whole {
  etag: string;
  overview: Overview;
  renders: Map<string, unknown>;
}

/** What a read gives: the overview, its data version, and a memo of renders of this very overview. */
export interface OverviewRead {
  overview: Overview;
  version: OverviewVersion;
  /**
   * `make()` once per data version and `what` (a format, a page variant): the same overview gives
   * the same bytes, so they are kept until the data changes.
   * @example c.body(await read.rendered("json", () => JSON.stringify(read.overview)))
   */
  rendered<T>(what: string, make: () => T): T;
}

export interface OverviewStore {
  /**
   * The overview of `year` as `loadOverview` builds it, with its data version (for ETag and
   * Last-Modified). Reads the version first; rebuilds only the organizations whose data changed
   * since, and nothing when no data changed (one query then).
   */
  read(db: Db, year: number, now: Date, options?: OverviewOptions): Promise<OverviewRead>;
  /** The version alone: answers a conditional request without building anything. */
  version(db: Db, year: number, now: Date, options?: OverviewOptions): Promise<OverviewVersion>;
  /**
   * A value computed from the same data (the years with facts, the latest reported year), made
   * once per data version and `what`.
   * @example await store.derived(db, "years", () => factYears(db))
   */
  derived<T>(db: Db, what: string, make: () => Promise<T>): Promise<T>;
}

/**
 * Keeps each organization's part of the overview with the version of its data (overview_changes,
 * bumped by triggers in the writing transaction) and rebuilds a part only when its version moved:
 * a review, a re-analysis or a new edition shows in the very next read, and unchanged
 * organizations cost nothing. Per process; several processes sharing a database each keep theirs.
 * @example const store = createOverviewStore(); const { overview, version } = await store.read(db, 2024, new Date());
 */
export function createOverviewStore(): OverviewStore {
  const years = new Map<string, YearParts>();
  const values = new Map<string, { tag: string; value: Promise<unknown> }>();
  const keptFor = (key: string): YearParts => {
    const kept = years.get(key) ?? { parts: new Map(), system: new Map() };
    years.delete(key);
    years.set(key, kept);
    if (years.size > KEPT_YEARS) years.delete(years.keys().next().value!);
    return kept;
  };
  return {
    version: (db, year, now, options = {}) =>
      overviewVersion(db, year, options.reviewThreshold ?? REVIEW_THRESHOLD, now),
    async derived<T>(db: Db, what: string, make: () => Promise<T>): Promise<T> {
      // As for parts: the version first, so a value may be newer than its tag, never older.
      const { tag } = await dataVersion(db);
      const kept = values.get(what);
      if (kept?.tag === tag) return kept.value as Promise<T>;
      const value = make();
      values.set(what, { tag, value });
      value.catch(() => values.delete(what));
      if (values.size > KEPT_RENDERS) values.delete(values.keys().next().value!);
      return value;
    },
    async read(db, year, now, options = {}) {
      const reviewThreshold = options.reviewThreshold ?? REVIEW_THRESHOLD;
      // The version is read before the data: a part may be newer than its version, never older.
      const version = await overviewVersion(db, year, reviewThreshold, now);
      const kept = keptFor(`${year}|${reviewThreshold}`);
      if (kept.whole?.etag === version.etag) return reading(kept.whole, version);
      const frame = await loadOverviewFrame(db, now);
      const at = (scope: string) => version.scopes.get(scope) ?? 0;
      const stale = frame.organizations.filter((o) => kept.parts.get(o.id)?.version !== at(o.id));
      const ctx = { year, now, reviewThreshold };
      if (stale.length > frame.organizations.length / 2) await rebuildAll(db, ctx, frame, kept, at);
      else await rebuildSome(db, ctx, stale, kept, at);
      const overview = assembleOverview({
        ...frame,
        ...ctx,
        parts: frame.organizations.map((o) => kept.parts.get(o.id)!.value),
        unattributedFacts: kept.unattributed!.value,
        systemMemo: kept.system,
      });
      kept.whole = { etag: version.etag, overview, renders: new Map() };
      return reading(kept.whole, version);
    },
  };
}

function reading(whole: Whole, version: OverviewVersion): OverviewRead {
  return {
    overview: whole.overview,
    version,
    rendered<T>(what: string, make: () => T): T {
      if (whole.renders.has(what)) return whole.renders.get(what) as T;
      const made = make();
      whole.renders.set(what, made);
      // A render that failed (a PDF without a browser) is tried again next time, not kept.
      if (made instanceof Promise) made.catch(() => whole.renders.delete(what));
      if (whole.renders.size > KEPT_RENDERS) whole.renders.delete(whole.renders.keys().next().value!);
      return made;
    },
  };
}

interface BuildContext {
  year: number;
  now: Date;
  reviewThreshold: number;
}

/** Most organizations changed (or nothing is kept yet): one load of everything, like `loadOverview`. */
async function rebuildAll(
  db: Db,
  ctx: BuildContext,
  frame: Awaited<ReturnType<typeof loadOverviewFrame>>,
  kept: YearParts,
  at: (scope: string) => number,
): Promise<void> {
  const [facts, documents, passages] = await Promise.all([
    loadFacts(db, ctx.year),
    loadDocuments(db),
    loadHighlights(db, ctx.year),
  ]);
  const built = overviewParts({ ...ctx, ...frame, facts, documents, passages });
  // Overwritten, never cleared: a concurrent read may be assembling from these parts.
  for (const [i, o] of frame.organizations.entries())
    kept.parts.set(o.id, { version: at(o.id), value: built.parts[i] });
  kept.unattributed = { version: at(""), value: built.unattributedFacts };
}

/** A few organizations changed: each is loaded and built alone. */
async function rebuildSome(
  db: Db,
  ctx: BuildContext,
  stale: OverviewOrganizationInput[],
  kept: YearParts,
  at: (scope: string) => number,
): Promise<void> {
  const partOf = async (org: OverviewOrganizationInput) => {
    const { facts, docs, passages } = await loadScope(db, ctx.year, org.id);
    const own = [...docs.values()].filter((d) => d.organizationId === org.id);
    kept.parts.set(org.id, {
      version: at(org.id),
      value: organizationPart(org, facts, docs, own, { ...ctx, passages }),
    });
  };
  const unattributed = async () => {
    const { facts, docs } = await loadScope(db, ctx.year, null);
    kept.unattributed = { version: at(""), value: countingFacts(facts, docs, ctx.year, ctx.reviewThreshold) };
  };
  await Promise.all([...stale.map(partOf), ...(kept.unattributed?.version === at("") ? [] : [unattributed()])]);
}

/** One organization's rows: its facts first, then the documents they and it have (its facts are read once). */
async function loadScope(db: Db, year: number, scope: Scope) {
  const factsAndDocuments = loadFacts(db, year, scope).then(async (facts) => ({
    facts,
    documents: await loadDocuments(db, scope, [...new Set(facts.map((f) => f.documentId))]),
  }));
  const [{ facts, documents }, passages] = await Promise.all([
    factsAndDocuments,
    scope === null ? [] : loadHighlights(db, year, scope),
  ]);
  return { facts, docs: new Map(documents.map((d) => [d.id, d])), passages };
}
