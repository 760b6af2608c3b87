import type { z } from "zod";
import type { Config } from "../config.ts";

/**
 * The contracts between the crawl run, the polite fetcher and the sources.
 * Sources never import db/: they turn what was fetched into documents and records; the run stores them.
 */

export type Expect = "pdf" | "html" | "json" | "xml" | "document" | "any";

export interface FetchRequest {
  url: string;
  /** What the caller expects; a body that is not that is a permanent `bad-content` error. */
  expect?: Expect;
  /** Validators from the last fetch of this URL: sent as If-None-Match / If-Modified-Since. */
  etag?: string | null;
  lastModified?: string | null;
  headers?: Record<string, string>;
  maxBytes?: number;
  timeoutMs?: number;
}

export interface FetchResult {
  /** The URL asked for (normalised) and the one answered after redirects. */
  url: string;
  finalUrl: string;
  status: number;
  /** True on 304: `body` is empty and the stored version is still current. */
  notModified: boolean;
  body: Uint8Array;
  /** Lower-case media type without parameters, from the header or sniffed ("application/pdf"). */
  mediaType: string;
  charset: string | null;
  etag: string | null;
  lastModified: string | null;
  sha256: string;
  /** The body decoded with the detected character set (lazy). */
  text(): string;
}

/** What happens next after an error: retry later, record and move on, or stop this source's run. */
export type FetchErrorKind = "retryable" | "permanent" | "source-broken";

export interface DocumentRef {
  url: string;
  /** Identity across URLs (UN symbol without edition, record id); defaults to the normalised URL. */
  key?: string;
  title?: string;
  type?:
    | "budget"
    | "programme-plan"
    | "annual-report"
    | "strategic-framework"
    | "evaluation"
    | "decision"
    | "project"
    | "report"
    | "web-page"
    | "other";
  symbol?: string;
  edition?: string;
  period?: string;
  language?: string;
  organizationId?: string;
  expect?: Expect;
  meta?: Record<string, unknown>;
}

/** A funding (or staffing) figure read from a structured record, with the field it came from. */
export interface RecordFact {
  kind: "funding" | "staffing";
  value?: number;
  currency?: string;
  count?: number;
  grade?: string | null;
  period?: string | null;
  basis?:
    | "budget"
    | "allocation"
    | "expenditure"
    | "contribution"
    | "pledge"
    | "commitment"
    | "disbursement"
    | "trust-fund";
  subject?: string | null;
  /** e.g. "budget[0]/value", "totalcommamt", "transaction[2]/value". */
  field: string;
  /** The literal text of the field, shown as the quote. */
  quote: string;
  date?: string | null;
}

/** A structured record (IATI activity, World Bank project, UNDP project) that becomes a document with facts. */
export interface RecordDoc {
  key: string;
  url: string;
  title: string;
  organizationId?: string;
  type?: DocumentRef["type"];
  period?: string;
  language?: string;
  /** Why the record is SSTC ("collaboration-type 8", "title matches 'South-South'", ...). */
  reason: string;
  /** The record as published (canonical JSON is hashed: same record, same version). */
  record: unknown;
  /** Readable text of the record (title, description), stored as its one page. */
  text: string;
  facts: RecordFact[];
  meta?: Record<string, unknown>;
}

export type Discovered =
  | { kind: "document"; ref: DocumentRef }
  | { kind: "record"; record: RecordDoc }
  /** Reported and counted as failed/skipped without stopping the source (a malformed record, a symbol not found). */
  | { kind: "problem"; url: string; outcome: "failed" | "skipped" | "not-found"; message: string };

export interface Fetcher {
  fetch(req: FetchRequest): Promise<FetchResult>;
  /** Streams a large body (IATI files) without holding it whole; the size cap still applies. */
  stream(
    req: FetchRequest,
  ): Promise<{ finalUrl: string; status: number; mediaType: string; body: AsyncIterable<Uint8Array> }>;
}

export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface SourceContext<S extends SourceSettings = SourceSettings> {
  fetcher: Fetcher;
  /** The source's settings after the sources file's overrides, as its schema read them. */
  settings: S;
  log: Logger;
  signal: AbortSignal;
  /** CHROMIUM_PATH for the playwright engine; unset: browser/chromium.ts finds one. */
  chromiumPath?: string;
  /** The crawler's user agent, for engines whose requests bypass the fetcher (the browser's scripts). */
  userAgent?: string;
  /** Lets a source skip what an earlier run found absent (e.g. ODS symbols answered with an empty 200). */
  isKnownNotFound(url: string): boolean;
}

/** What every source's settings hold; each source's schema adds its own keys. */
export interface SourceSettings {
  id: string;
  organization?: string;
  kind: string;
  enabled: boolean;
  schedule?: string;
  baseUrl?: string;
  /** Hosts this source may fetch from; the schema fills them from the source's own hosts when not given. */
  allowedHosts?: string[];
}

/** What the configuration gives sources (below anything the sources file says). */
export type SourceConfig = Pick<Config, "iatiApiKey">;

/** A built-in or configured source. `discover` yields documents and records; the run fetches and stores. */
export interface Source<S extends SourceSettings = SourceSettings> {
  id: string;
  kind: string;
  organizationId?: string;
  description: string;
  /**
   * The settings: a sources-file entry (its id and the keys written) → `S` with the defaults
   * filled in. Exact: an unknown key or a bad value is an issue with its path.
   */
  settings: z.ZodType<S>;
  /** The schema's answer for the id alone. */
  defaults: S;
  /** Settings the configuration gives (IATI_API_KEY), overridden by the sources file. */
  fromConfig?(config: SourceConfig): Record<string, unknown>;
  /** Needs the browser engine (playwright)? Loaded lazily only then. */
  needsBrowser?(settings: S): boolean;
  discover(ctx: SourceContext<S>): AsyncIterable<Discovered>;
}
