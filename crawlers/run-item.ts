import type { Db } from "../db/client.ts";
import {
  getDocumentUrl,
  markNotModified,
  recordUrlFailure,
  recordUrlSuccess,
  type RunCounts,
  type RunError,
  type UrlState,
} from "../db/queries/crawl.ts";
import { endsTheSource, type FetchError, isFetchError } from "./errors.ts";
import type { RunFetcher } from "./run-fetcher.ts";
import { storeFetched, storeRecord, type StoreOutcome, type StoreTarget } from "./store.ts";
import type { Discovered, DocumentRef, FetchResult, Logger } from "./types.ts";
import { normalizeUrl } from "./url.ts";

/**
 * What the run does with one discovered item: fetch a document (conditionally) and store it,
 * store a record, or count a problem. Errors of one document are recorded and counted; only a
 * source-broken error (or a cancelled run) escapes and stops the source.
 */

/** Errors kept per run: enough to diagnose, small enough for one row. */
const MAX_ERRORS = 200;

export interface RunState {
  db: Db;
  target: StoreTarget;
  fetcher: RunFetcher;
  log: Logger;
  counts: RunCounts;
  errors: RunError[];
  /** Normalised URLs and record keys already handled in this run. */
  seen: Set<string>;
  /** The source's URL states, loaded once at the start of the run. */
  urls: Map<string, UrlState>;
  /** URLs answered 304 with nothing else to record, written in batches. */
  notModified: string[];
  /** The run's signal: a cancelled run stops taking items. */
  signal: AbortSignal;
  /** Versions stored by this run (the job queue hands each to an analysis job). */
  stored: number[];
  /**
   * When set, documents are handed to fetch jobs instead of being fetched here (a run whose
   * workers fetch): the run only discovers, and counts what it handed over in `queued`.
   */
  dispatch?: (ref: DocumentRef) => Promise<void>;
  queued: number;
  /** Storage decisions run one at a time, so two URLs with the same bytes cannot both look new. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/** A mutex as a promise chain: each call waits for the previous one. */
export function createExclusive(): RunState["exclusive"] {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const next = tail.then(fn, fn);
    tail = next.catch(() => undefined);
    return next;
  };
}

export function noteError(state: RunState, error: RunError): void {
  if (state.errors.length < MAX_ERRORS) state.errors.push(error);
  state.log.warn(`crawl: ${error.message}`, { url: error.url, kind: error.kind });
}

function count(state: RunState, url: string, stored: StoreOutcome): void {
  state.counts[stored.outcome] += 1;
  if ("versionId" in stored) state.stored.push(stored.versionId);
  if (stored.outcome === "failed") noteError(state, { url, kind: "extract", message: stored.error });
}

/**
 * Stores one item under the run's mutex; a database error for that item (a constraint a
 * publisher's odd data breaks) is counted as failed and the crawl goes on.
 */
async function storeOne(state: RunState, url: string, store: () => Promise<StoreOutcome>): Promise<void> {
  let stored: StoreOutcome;
  try {
    stored = await state.exclusive(store);
  } catch (error) {
    stored = {
      outcome: "failed",
      error: `not stored: ${(error as Error)?.message ?? error}; tried again on the next run`,
    };
  }
  count(state, url, stored);
}

export async function handleItem(state: RunState, item: Discovered): Promise<void> {
  state.signal.throwIfAborted();
  if (item.kind === "problem") return handleProblem(state, item);
  if (item.kind === "record") {
    if (state.seen.has(`record:${item.record.key}`)) return;
    state.seen.add(`record:${item.record.key}`);
    state.counts.fetched += 1;
    return storeOne(state, item.record.url, () => storeRecord(state.target, item.record));
  }
  return handleDocument(state, item.ref);
}

async function handleProblem(state: RunState, item: Extract<Discovered, { kind: "problem" }>): Promise<void> {
  state.counts[item.outcome === "skipped" ? "skipped" : "failed"] += 1;
  if (item.outcome === "skipped") return state.log.info(`crawl: skipped ${item.url}: ${item.message}`);
  noteError(state, { url: item.url, kind: item.outcome, message: item.message });
  if (item.outcome === "not-found" && URL.canParse(item.url)) {
    const url = normalizeUrl(item.url);
    await recordUrlFailure(state.db, {
      url,
      sourceId: state.target.sourceId,
      documentKey: url,
      status: null,
      outcome: "not-found",
      error: item.message,
      markDocument: true,
    });
  }
}

async function handleDocument(state: RunState, ref: DocumentRef): Promise<void> {
  let url: string;
  try {
    url = normalizeUrl(ref.url);
  } catch {
    state.counts.failed += 1;
    return noteError(state, {
      url: ref.url,
      kind: "bad-url",
      message: `${JSON.stringify(ref.url)} is not a URL; skipped`,
    });
  }
  if (state.seen.has(url)) return;
  state.seen.add(url);
  if (state.dispatch) {
    await state.dispatch({ ...ref, url });
    state.queued += 1;
    return;
  }
  const row = state.urls.get(url) ?? (await getDocumentUrl(state.db, url));
  // A URL once linked to a document (same bytes as another URL) keeps meaning that document.
  const key = ref.key ?? row?.documentKey ?? url;
  let result: FetchResult;
  try {
    result = state.fetcher.take(url) ?? (await conditionalFetch(state, url, ref, row));
  } catch (error) {
    return handleFetchError(state, { url, key, error });
  }
  state.counts.fetched += 1;
  if (result.notModified) {
    state.counts.unchanged += 1;
    if (!plainNotModified(row, result))
      return recordUrlSuccess(state.db, {
        url,
        sourceId: state.target.sourceId,
        status: 304,
        outcome: "not-modified",
        ...keepValidators(result),
      });
    state.notModified.push(url);
    if (state.notModified.length >= NOT_MODIFIED_BATCH) await flushNotModified(state);
    return;
  }
  await storeOne(state, url, () => storeFetched(state.target, { ref, key, result: { ...result, url } }));
}

/** Sends the stored validators only when a version from this URL is stored (else a 304 would leave nothing). */
async function conditionalFetch(
  state: RunState,
  url: string,
  ref: DocumentRef,
  row: UrlState | undefined,
): Promise<FetchResult> {
  const stored = row?.documentId != null && row.contentHash != null;
  return state.fetcher.fetch({
    url,
    expect: ref.expect ?? "document",
    etag: stored ? row.etag : null,
    lastModified: stored ? row.lastModified : null,
  });
}

const NOT_MODIFIED_BATCH = 200;

/** A 304 that changes nothing but the URL's last answer: same validators, an active document. */
function plainNotModified(row: UrlState | undefined, result: FetchResult): boolean {
  if (!row || (row.documentStatus !== null && row.documentStatus !== "active")) return false;
  return (
    (!result.etag || result.etag === row.etag) && (!result.lastModified || result.lastModified === row.lastModified)
  );
}

/** Writes the batched 304s (also called once at the end of the run, whatever its outcome). */
export async function flushNotModified(state: RunState): Promise<void> {
  const urls = state.notModified.splice(0);
  await markNotModified(state.db, urls);
}

/** A 304 may carry fresh validators; absent ones keep the stored values (undefined leaves the column). */
function keepValidators(result: FetchResult) {
  return {
    ...(result.etag ? { etag: result.etag } : {}),
    ...(result.lastModified ? { lastModified: result.lastModified } : {}),
  };
}

const NOT_FOUND = new Set(["not-found", "empty-body"]);

async function handleFetchError(state: RunState, args: { url: string; key: string; error: unknown }): Promise<void> {
  const { url, key, error } = args;
  if (!isFetchError(error) || endsTheSource(error)) throw error;
  state.counts.failed += 1;
  const message = describeFetchError(error);
  noteError(state, { url, kind: error.kind, message });
  const outcome = NOT_FOUND.has(error.reason) ? "not-found" : "failed";
  await recordUrlFailure(state.db, {
    url,
    sourceId: state.target.sourceId,
    documentKey: key,
    status: error.status ?? null,
    outcome,
    error: message,
    markDocument: error.kind === "permanent",
  });
}

/** The error's message with its URL and reason, once each. */
export function describeFetchError(error: FetchError): string {
  const withUrl = error.message.includes(error.url) ? error.message : `${error.message} (${error.url})`;
  return `${error.reason}: ${withUrl}`;
}
