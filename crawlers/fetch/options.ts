import type { Logger } from "../types.ts";
import { gatedHostQueue, type HostGate } from "./host-gate.ts";
import { createHostQueue, type HostQueue } from "./host-queue.ts";

export interface FetcherOptions {
  /**
   * Sent on every request, robots.txt included: product token, version and a contact, e.g. "ssc-monitor/0.1
   * (+mailto:ops@example.org)".
   */
  userAgent: string;
  /**
   * Hostnames a source may fetch ("un.org", "*.un.org" for subdomains); others fail as "host-not-allowed" without a
   * request. Unset: any host.
   */
  allowedHosts?: string[];
  /**
   * Least time between an answer from a host and the next request to it (raised by robots.txt Crawl-delay). Default
   * 1000.
   */
  perHostDelayMs?: number;
  /** Requests in flight per host when it has no delay (a host with one gets one at a time). Default 2. */
  perHostConcurrency?: number;
  /** Extra attempts after a retryable failure (network, timeout, 429, 5xx). Default 3. */
  retries?: number;
  /** First back-off delay; doubled each attempt, with jitter. Default 500. */
  retryBaseDelayMs?: number;
  /** Longest Retry-After waited within a run; a longer one fails the URL as retryable at once. Default 120000. */
  maxRetryAfterMs?: number;
  /** Longest Crawl-delay honoured (some robots.txt ask for minutes between requests). Default 60000. */
  maxCrawlDelayMs?: number;
  /** Time allowed until the response headers arrive (DNS, connect, server's first byte). Default 30000. */
  connectTimeoutMs?: number;
  /** Time allowed for a whole exchange, body included, per attempt. Default 60000. */
  timeoutMs?: number;
  /** Largest body accepted; bigger downloads are stopped while streaming. Default 100 MB. */
  maxBytes?: number;
  /** Redirects followed per request. Default 10. */
  maxRedirects?: number;
  /** Honour robots.txt. Default true. */
  respectRobots?: boolean;
  /** Spaces requests to a host across processes (job workers); without it, politeness is per fetcher. */
  hostGate?: HostGate;
  /** Aborts every pending and future request (a cancelled run). */
  signal?: AbortSignal;
  log?: Logger;
}

export type ResolvedOptions = Required<Omit<FetcherOptions, "allowedHosts" | "signal" | "log" | "hostGate">> & {
  allowedHosts: string[] | null;
};

export interface FetcherStats {
  /** HTTP requests sent, robots.txt and redirect hops included. */
  requests: number;
  /** Body bytes received (after content decoding). */
  bytes: number;
  /** Answers 304 Not Modified. */
  notModified: number;
  /** Attempts repeated after a retryable failure. */
  retries: number;
}

/** Everything the fetcher's parts share for its lifetime. */
export interface FetchContext {
  options: ResolvedOptions;
  queue: HostQueue;
  /** Aborted by close() or by the caller's signal. */
  signal: AbortSignal;
  stats: FetcherStats;
  log: Logger;
}

const DEFAULTS = {
  perHostDelayMs: 1000,
  perHostConcurrency: 2,
  retries: 3,
  retryBaseDelayMs: 500,
  maxRetryAfterMs: 120_000,
  maxCrawlDelayMs: 60_000,
  connectTimeoutMs: 30_000,
  timeoutMs: 60_000,
  maxBytes: 100 * 1024 * 1024,
  maxRedirects: 10,
  respectRobots: true,
} satisfies Partial<FetcherOptions>;

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Merges options over defaults and builds the shared parts; throws on a missing user agent. */
export function createContext(options: FetcherOptions, closer: AbortController): FetchContext {
  if (!options.userAgent?.trim()) {
    throw new Error(
      'createFetcher needs a userAgent naming the crawler and a contact, e.g. "ssc-monitor/0.1 ' +
        '(+mailto:ops@example.org)"; no request was made',
    );
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const resolved: ResolvedOptions = {
    ...DEFAULTS,
    ...defined,
    userAgent: options.userAgent.trim(),
    allowedHosts: options.allowedHosts ? options.allowedHosts.map((h) => h.trim().toLowerCase()) : null,
  } as ResolvedOptions;
  const log = options.log ?? SILENT;
  if (!/@|https?:\/\//.test(resolved.userAgent)) {
    log.warn("fetch: the user agent has no contact address or URL; publishers cannot reach us about the crawl", {
      userAgent: resolved.userAgent,
    });
  }
  if (options.signal) {
    if (options.signal.aborted) closer.abort(options.signal.reason);
    else options.signal.addEventListener("abort", () => closer.abort(options.signal?.reason), { once: true });
  }
  const local = createHostQueue({ delayMs: resolved.perHostDelayMs, concurrency: resolved.perHostConcurrency });
  const queue = options.hostGate ? gatedHostQueue(local, options.hostGate, resolved.perHostDelayMs) : local;
  return {
    options: resolved,
    queue,
    signal: closer.signal,
    stats: { requests: 0, bytes: 0, notModified: 0, retries: 0 },
    log,
  };
}

/**
 * True when the URL's host is one of `allowed`. Entries are hostnames ("www.un.org"), hostnames
 * with a port ("127.0.0.1:8080", as `new URL(base).host` gives them), or "*.un.org" / ".un.org"
 * for a domain and its subdomains.
 */
export function isHostAllowed(url: URL, allowed: string[] | null): boolean {
  if (allowed === null) return true;
  const hostname = url.hostname.toLowerCase();
  const host = url.host.toLowerCase();
  return allowed.some((entry) => {
    if (entry.startsWith("*.")) return hostname === entry.slice(2) || hostname.endsWith(entry.slice(1));
    if (entry.startsWith(".")) return hostname === entry.slice(1) || hostname.endsWith(entry);
    return hostname === entry || host === entry;
  });
}
