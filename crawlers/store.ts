import { createHash } from "node:crypto";
import { periodColumns } from "../analysis/periods.ts";
import type { Db } from "../db/client.ts";
import { contentState, latestTextSha256, recordUrlSuccess, storeContent, textSha256 } from "../db/queries/crawl.ts";
import { ORGANIZATIONS } from "../db/organizations-registry.ts";
import type { NewFactRow } from "../db/schema/facts.ts";
import { extractText, type PdfOptions } from "./extract/index.ts";
import type { DocumentRef, FetchResult, RecordDoc, RecordFact } from "./types.ts";

/**
 * Decides what a fetched body or a structured record means for storage (new, changed, unchanged)
 * and stores it. A version is the distinct content of a document: the same bytes are never stored
 * twice for one document, and bytes already stored under another document (one document behind
 * two URLs) only link the URL to that document. New bytes whose extracted text is the text of the
 * document's latest version (markup with a nonce, a timestamp, a CSRF token) are no new version
 * either: only the URL's validators move.
 */

export type StoreOutcome =
  | { outcome: "unchanged" }
  | { outcome: "new" | "changed"; versionId: number }
  | { outcome: "failed"; error: string };

export interface StoreTarget {
  db: Db;
  sourceId: string;
  organizationId: string | null;
  /** Limits of PDF text extraction; unset: the defaults. */
  extract?: PdfOptions;
}

const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);
const ORGANIZATION_IDS = new Set(ORGANIZATIONS.map((o) => o.id));

/** An organization id of the registry, else null: a publisher id we do not track must not block storing. */
export function knownOrganization(id: string | null | undefined): string | null {
  return id && ORGANIZATION_IDS.has(id) ? id : null;
}

/** Text of the body, or why there is none (recorded on the version; the crawl goes on). */
async function textOf(result: FetchResult, limits: PdfOptions | undefined) {
  try {
    const text = await extractText(
      { bytes: result.body, mediaType: result.mediaType, charset: result.charset, url: result.finalUrl },
      limits,
    );
    // Hashed as stored: pages keep no NUL characters (storeContent drops them).
    const textHash = textSha256(text.pages.map((p) => p.replace(/\u0000/g, "")));
    return { ok: true as const, ...text, textHash };
  } catch (error) {
    return { ok: false as const, error: (error as Error)?.message ?? String(error) };
  }
}

type Text = Awaited<ReturnType<typeof textOf>>;

function documentRow(
  target: StoreTarget,
  ref: DocumentRef,
  key: string,
  result: FetchResult,
  text: Text,
  language: string | null,
) {
  return {
    key,
    url: ref.url,
    title: ref.title ?? (text.ok ? text.title : null) ?? null,
    type: ref.type ?? (HTML_TYPES.has(result.mediaType) ? ("web-page" as const) : null),
    symbol: ref.symbol ?? null,
    edition: ref.edition ?? null,
    period: ref.period ?? null,
    language,
    organizationId: knownOrganization(ref.organizationId ?? target.organizationId),
    sourceId: target.sourceId,
    meta: ref.meta ?? {},
  };
}

function versionRow(result: FetchResult, text: Text, language: string | null) {
  return {
    sha256: result.sha256,
    bytes: result.body.byteLength,
    mediaType: result.mediaType,
    charset: result.charset,
    url: result.finalUrl,
    etag: result.etag,
    lastModified: result.lastModified,
    textStatus: text.ok ? ("extracted" as const) : ("failed" as const),
    error: text.ok ? null : text.error,
    pageCount: text.ok ? text.pages.length : null,
    textSha256: text.ok ? text.textHash : null,
    language,
  };
}

/**
 * Stores a fetched document body under `key` unless that content is already stored.
 * @example await storeFetched(target, { ref, key: "https://www.unjiu.org/a.pdf", result }) // { outcome: "new" }
 */
export async function storeFetched(
  target: StoreTarget,
  args: { ref: DocumentRef; key: string; result: FetchResult },
): Promise<StoreOutcome> {
  const { ref, key, result } = args;
  const { db, sourceId } = target;
  const validators = {
    etag: result.etag,
    lastModified: result.lastModified,
    contentHash: result.sha256,
    status: result.status,
  };
  const state = await contentState(db, { key, sha256: result.sha256 });
  const linkTo = state.hasHash ? state.documentId : state.documentId === null ? state.sameBytesDocumentId : null;
  if (linkTo !== null) {
    await recordUrlSuccess(db, { url: result.url, sourceId, documentId: linkTo, outcome: "unchanged", ...validators });
    return { outcome: "unchanged" };
  }
  const text = await textOf(result, target.extract);
  if (text.ok && state.documentId !== null && (await latestTextSha256(db, state.documentId)) === text.textHash) {
    await recordUrlSuccess(db, {
      url: result.url,
      sourceId,
      documentId: state.documentId,
      outcome: "unchanged",
      ...validators,
    });
    return { outcome: "unchanged" };
  }
  const language = ref.language ?? (text.ok ? text.language : null);
  const outcome = text.ok ? (state.hasVersions ? "changed" : "new") : "failed";
  const stored = await storeContent(db, {
    document: documentRow(target, ref, key, result, text, language),
    version: versionRow(result, text, language),
    pageTexts: text.ok ? text.pages : [],
    url: { url: result.url, sourceId, outcome, ...validators, error: text.ok ? null : text.error },
  });
  if (!stored.created) return { outcome: "unchanged" };
  if (!text.ok) return { outcome: "failed", error: `text not extracted: ${text.error}` };
  return { outcome: state.hasVersions ? "changed" : "new", versionId: stored.versionId as number };
}

/** JSON with object keys sorted at every level: the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** A record's fact as a facts row: page 1, confidence 1, evidence naming the record field. */
export function recordFactRow(
  record: RecordDoc,
  fact: RecordFact,
  organizationId: string | null,
): Omit<NewFactRow, "documentId" | "versionId"> {
  const amount = fact.kind === "funding" ? fact.value : fact.count;
  return {
    organizationId: knownOrganization(record.organizationId ?? organizationId),
    kind: fact.kind,
    value: fact.value ?? null,
    currency: fact.currency ?? null,
    ...periodColumns(fact.period ?? record.period ?? null),
    basis: fact.basis ?? null,
    count: fact.count ?? null,
    grade: fact.grade ?? null,
    subject: fact.subject ?? null,
    quote: fact.quote,
    page: 1,
    confidence: 1,
    origin: "record" as const,
    evidence: {
      recordId: record.key,
      field: fact.field,
      url: record.url,
      reason: record.reason,
      ...(fact.date ? { date: fact.date } : {}),
    },
    fingerprint: `record:${record.key}|${fact.field}|${amount ?? ""}`,
  };
}

/**
 * Stores a structured record as a document (keyed by the record key) whose version is the hash of
 * its canonical JSON, its text as page 1 and its facts; an unchanged record stores nothing.
 * @example await storeRecord(target, record) // { outcome: "unchanged" } on the second run
 */
export async function storeRecord(target: StoreTarget, record: RecordDoc): Promise<StoreOutcome> {
  const json = canonicalJson(record.record ?? null);
  const sha256 = createHash("sha256").update(json).digest("hex");
  const state = await contentState(target.db, { key: record.key, sha256 });
  if (state.hasHash) return { outcome: "unchanged" };
  const stored = await storeContent(target.db, {
    document: {
      key: record.key,
      url: record.url,
      title: record.title,
      type: record.type ?? "project",
      period: record.period ?? null,
      language: record.language ?? null,
      organizationId: knownOrganization(record.organizationId ?? target.organizationId),
      sourceId: target.sourceId,
      // The analysis adds passages to a record, never facts: they come from the record's fields.
      origin: "record",
      meta: { ...(record.meta ?? {}), recordId: record.key, reason: record.reason },
    },
    version: {
      sha256,
      bytes: Buffer.byteLength(json),
      mediaType: "application/json",
      url: record.url,
      textStatus: "extracted",
      pageCount: 1,
      textSha256: textSha256([record.text.replace(/\u0000/g, "")]),
      language: record.language ?? null,
    },
    pageTexts: [record.text],
    facts: record.facts.map((f) => recordFactRow(record, f, target.organizationId)),
  });
  if (!stored.created) return { outcome: "unchanged" };
  return { outcome: state.hasVersions ? "changed" : "new", versionId: stored.versionId as number };
}
