import { FetchError } from "../errors.ts";
import type { Expect, Fetcher, FetchRequest, FetchResult } from "../types.ts";
import { isHttpUrl, normalizeUrl } from "../url.ts";
import { assertExpected, parseContentType, resolveMediaType } from "./content.ts";
import { bufferedHop, streamingHop, type Answer, type Hop, type HopOutcome, type OpenStream } from "./hop.ts";
import { createContext, isHostAllowed, type FetchContext, type FetcherOptions, type FetcherStats } from "./options.ts";
import { followRedirects } from "./redirects.ts";
import { buildResult } from "./result.ts";
import { createRobotsGate, type RobotsGate } from "./robots-gate.ts";
import { productToken } from "./robots.ts";
import { withRetries } from "./retry.ts";
import { decodeBytes } from "./charset.ts";

/** The fetcher every source uses, plus its counters and a way to stop it. */
export interface PoliteFetcher extends Fetcher {
  stats(): FetcherStats;
  /** Aborts requests in flight and waiting; later calls fail as "aborted". */
  close(): void;
}

export type StreamResult = Awaited<ReturnType<Fetcher["stream"]>>;

const ACCEPT: Record<Expect, string> = {
  pdf: "application/pdf,*/*;q=0.5",
  html: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
  json: "application/json,*/*;q=0.5",
  xml: "application/xml,text/xml;q=0.9,*/*;q=0.5",
  document: "application/pdf,text/html;q=0.9,*/*;q=0.5",
  any: "*/*",
};

/** robots.txt is small by nature; a bigger one is treated as absent rather than downloaded. */
const ROBOTS_MAX_BYTES = 512 * 1024;
const ROBOTS_MAX_REDIRECTS = 5;

function requestHeaders(ctx: FetchContext, req: FetchRequest): Headers {
  const headers = new Headers({ accept: ACCEPT[req.expect ?? "any"] });
  for (const [name, value] of Object.entries(req.headers ?? {})) headers.set(name, value);
  if (req.etag) headers.set("if-none-match", req.etag);
  if (req.lastModified) headers.set("if-modified-since", req.lastModified);
  headers.set("user-agent", ctx.options.userAgent);
  return headers;
}

function startUrl(req: FetchRequest): string {
  if (!isHttpUrl(req.url)) {
    throw new FetchError("bad-url", `${JSON.stringify(req.url)} is not an http(s) URL; recorded, not fetched`, req.url);
  }
  return normalizeUrl(req.url);
}

/**
 * Creates the polite HTTP client. One fetcher per crawl run (or per process) so that its host
 * queues and robots.txt cache see every request to a host.
 * @example
 *   const fetcher = createFetcher({ userAgent: "ssc-monitor/0.1 (+mailto:ops@example.org)", allowedHosts:
 *   ["www.unsouthsouth.org"] });
 *   const page = await fetcher.fetch({ url: "https://www.unsouthsouth.org/library/", expect: "html" });
 */
export function createFetcher(options: FetcherOptions): PoliteFetcher {
  const closer = new AbortController();
  const ctx = createContext(options, closer);
  const robots = createRobotsGate({
    productToken: productToken(ctx.options.userAgent),
    load: (robotsUrl) => loadRobots(ctx, robotsUrl),
    onCrawlDelay: (host, delayMs) => {
      const applied = Math.min(delayMs, ctx.options.maxCrawlDelayMs);
      ctx.log.info("fetch: robots.txt Crawl-delay applies", { host, crawlDelayMs: delayMs, appliedMs: applied });
      ctx.queue.raiseDelay(host, applied);
    },
    onUnavailable: (robotsUrl, error) =>
      ctx.log.warn("fetch: robots.txt unavailable; host treated as disallowed for now", {
        robotsUrl,
        reason: error.message,
      }),
  });

  return {
    fetch: (req) => guard(ctx, req.url, () => fetchBuffered(ctx, robots, req)),
    stream: (req) => guard(ctx, req.url, () => fetchStream(ctx, robots, req)),
    stats: () => ({ ...ctx.stats }),
    close() {
      const reason = new Error("fetcher closed");
      closer.abort(reason);
      ctx.queue.close(reason);
    },
  };
}

/** Whatever escapes after close()/abort (a queue or sleep rejection) becomes an "aborted" FetchError. */
async function guard<T>(ctx: FetchContext, url: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FetchError || !ctx.signal.aborted) throw error;
    throw new FetchError(
      "aborted",
      `fetch of ${url} aborted (fetcher closed or run cancelled); nothing recorded`,
      url,
      { cause: error },
    );
  }
}

function retrying<T>(ctx: FetchContext, attempt: () => Promise<HopOutcome<T>>): Promise<HopOutcome<T>> {
  return withRetries(attempt, {
    retries: ctx.options.retries,
    baseDelayMs: ctx.options.retryBaseDelayMs,
    maxRetryAfterMs: ctx.options.maxRetryAfterMs,
    signal: ctx.signal,
    onRetry: (error, attempt, delayMs) => {
      ctx.stats.retries += 1;
      ctx.log.warn("fetch: retrying", { url: error.url, reason: error.reason, status: error.status, attempt, delayMs });
    },
  });
}

function politeHopCheck(ctx: FetchContext, robots: RobotsGate) {
  return async function checkHop(url: string): Promise<void> {
    const parsed = new URL(url);
    if (!isHostAllowed(parsed, ctx.options.allowedHosts)) {
      throw new FetchError(
        "host-not-allowed",
        `${url}: host ${parsed.hostname} is not among this source's allowed hosts; not fetched (add it to ` +
          `allowedHosts if it should be)`,
        url,
      );
    }
    if (ctx.options.respectRobots) await robots.check(url);
  };
}

function hopFor(ctx: FetchContext, req: FetchRequest, url: string): Hop {
  return {
    url,
    headers: requestHeaders(ctx, req),
    timeoutMs: req.timeoutMs ?? ctx.options.timeoutMs,
    maxBytes: req.maxBytes ?? ctx.options.maxBytes,
  };
}

/** The request's hops, each checked for politeness and retried, with redirects followed. */
function politeHops<T>(
  ctx: FetchContext,
  robots: RobotsGate,
  req: FetchRequest,
  url: string,
  hop: (ctx: FetchContext, hop: Hop) => Promise<HopOutcome<T>>,
) {
  return followRedirects<T>(url, ctx.options.maxRedirects, politeHopCheck(ctx, robots), (hopUrl) =>
    retrying(ctx, () => hop(ctx, hopFor(ctx, req, hopUrl))),
  );
}

async function fetchBuffered(ctx: FetchContext, robots: RobotsGate, req: FetchRequest): Promise<FetchResult> {
  const url = startUrl(req);
  const { finalUrl, value } = await politeHops<Answer>(ctx, robots, req, url, bufferedHop);
  return buildResult(url, finalUrl, value, req);
}

async function fetchStream(ctx: FetchContext, robots: RobotsGate, req: FetchRequest): Promise<StreamResult> {
  const { finalUrl, value } = await politeHops<OpenStream>(ctx, robots, req, startUrl(req), streamingHop);
  const declared = parseContentType(value.headers.get("content-type")).mediaType;
  if (value.status === 304) return { finalUrl, status: 304, mediaType: declared, body: value.rest };
  const first = value.first ?? new Uint8Array(0);
  const mediaType = resolveMediaType(first, declared, finalUrl);
  try {
    assertExpected(req.expect ?? "any", first, {
      mediaType,
      declared,
      url: finalUrl,
      status: value.status,
      partial: true,
    });
  } catch (error) {
    await value.cancel();
    throw error;
  }
  const { rest, cancel } = value;
  async function* body(): AsyncGenerator<Uint8Array> {
    try {
      yield first;
      yield* rest;
    } finally {
      await cancel(); // a consumer leaving after the first chunk still frees the host's slot
    }
  }
  return { finalUrl, status: value.status, mediaType, body: body() };
}

/** robots.txt goes through the same queue, user agent and retries, but not through robots or host checks. */
async function loadRobots(ctx: FetchContext, robotsUrl: string): Promise<string> {
  const req: FetchRequest = {
    url: robotsUrl,
    expect: "any",
    maxBytes: ROBOTS_MAX_BYTES,
    headers: { accept: "text/plain,*/*;q=0.5" },
  };
  const { value } = await followRedirects<Answer>(
    robotsUrl,
    ROBOTS_MAX_REDIRECTS,
    async () => {},
    (hopUrl) => retrying(ctx, () => bufferedHop(ctx, hopFor(ctx, req, hopUrl))),
  );
  return decodeBytes(value.body, parseContentType(value.headers.get("content-type")).charset);
}
