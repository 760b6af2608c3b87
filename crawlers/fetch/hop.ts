import { FetchError } from "../errors.ts";
import { classifyFailure, startDeadline, type Deadline } from "./deadline.ts";
import type { FetchContext } from "./options.ts";
import { cappedChunks, checkDeclaredLength, discard, readCapped } from "./read-body.ts";
import { parseRetryAfterMs } from "./retry.ts";

/**
 * One HTTP exchange with one URL (no redirect following: each hop is its own exchange, so every
 * host on the way is checked, queued and robots-checked). It holds a slot of the host's queue
 * for as long as the body is being read.
 */

export interface Hop {
  url: string;
  headers: Headers;
  timeoutMs: number;
  maxBytes: number;
}

/** A hop ends in a redirect to follow or in a final answer. */
export type HopOutcome<T> = { location: string; status: number } | { done: T };

export interface Answer {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

interface Opened {
  response: Response;
  deadline: Deadline;
  release(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function statusError(response: Response, url: string): FetchError {
  const status = response.status;
  const said = `${url} answered ${status}${response.statusText ? ` ${response.statusText}` : ""}`;
  const retryAfterMs = parseRetryAfterMs(response.headers.get("retry-after"));
  if (status === 429) return new FetchError("http-429", said, url, { status, retryAfterMs });
  if (status >= 500) return new FetchError("http-5xx", said, url, { status, retryAfterMs });
  if (status === 408) return new FetchError("timeout", said, url, { status });
  if (status === 404 || status === 410)
    return new FetchError("not-found", `${said}: the document is not there; recorded, not retried`, url, { status });
  if (status === 401 || status === 407)
    return new FetchError(
      "unauthorized",
      `${said}: the source's credentials are refused; this source's run stops`,
      url,
      { status },
    );
  if (status >= 400) return new FetchError("http-4xx", `${said}; recorded, not retried`, url, { status });
  return new FetchError(
    "bad-content",
    `${said} (neither content nor a redirect with a Location); recorded, not retried`,
    url,
    { status },
  );
}

async function openResponse(ctx: FetchContext, hop: Hop): Promise<Opened> {
  const host = new URL(hop.url).host;
  let releaseSlot: () => void;
  try {
    releaseSlot = await ctx.queue.acquire(host, ctx.signal);
  } catch (error) {
    throw new FetchError(
      "aborted",
      `fetch of ${hop.url} aborted while waiting for its turn; nothing recorded`,
      hop.url,
      { cause: error },
    );
  }
  const deadline = startDeadline(ctx.signal, hop.timeoutMs, ctx.options.connectTimeoutMs);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    deadline.clear();
    releaseSlot();
  };
  ctx.stats.requests += 1;
  ctx.log.debug("fetch: GET", { url: hop.url });
  try {
    const response = await fetch(hop.url, { redirect: "manual", headers: hop.headers, signal: deadline.signal });
    deadline.headersArrived();
    if (response.status === 429) {
      // The whole host slows down, not just this URL; capped so one answer cannot park a run.
      const retryAfterMs = parseRetryAfterMs(response.headers.get("retry-after")) ?? 0;
      ctx.queue.pause(host, Math.min(retryAfterMs, ctx.options.maxRetryAfterMs));
    }
    return { response, deadline, release };
  } catch (error) {
    release();
    throw classifyFailure(error, hop.url, deadline, {
      timeoutMs: hop.timeoutMs,
      headersTimeoutMs: ctx.options.connectTimeoutMs,
    });
  }
}

/** Settles redirects, 304 and error statuses, which all end without reading a body. */
async function earlyOutcome(ctx: FetchContext, opened: Opened, hop: Hop): Promise<HopOutcome<Answer> | null> {
  const { response } = opened;
  const location = REDIRECTS.has(response.status) ? response.headers.get("location") : null;
  if (location !== null) {
    await discard(response.body);
    return { location, status: response.status };
  }
  if (response.status === 304) {
    await discard(response.body);
    ctx.stats.notModified += 1;
    return { done: { status: 304, headers: response.headers, body: new Uint8Array(0) } };
  }
  if (response.status < 200 || response.status > 299) {
    await discard(response.body);
    throw statusError(response, hop.url);
  }
  checkDeclaredLength(response.headers, hop.maxBytes, hop.url, response.status);
  return null;
}

/** One exchange whose body is read whole (under the cap) before the slot is released. */
export async function bufferedHop(ctx: FetchContext, hop: Hop): Promise<HopOutcome<Answer>> {
  const opened = await openResponse(ctx, hop);
  const { response } = opened;
  try {
    const early = await earlyOutcome(ctx, opened, hop);
    if (early) return early;
    const body = await readCapped(response.body, {
      maxBytes: hop.maxBytes,
      url: hop.url,
      status: response.status,
      onBytes: (n) => (ctx.stats.bytes += n),
      encoding: response.headers.get("content-encoding"),
    });
    return { done: { status: response.status, headers: response.headers, body } };
  } catch (error) {
    await discard(response.body);
    throw classifyFailure(error, hop.url, opened.deadline, {
      timeoutMs: hop.timeoutMs,
      headersTimeoutMs: ctx.options.connectTimeoutMs,
    });
  } finally {
    opened.release();
  }
}

export interface OpenStream {
  status: number;
  headers: Headers;
  /** The first chunk, read to sniff the content (null for an empty body). */
  first: Uint8Array | null;
  /** The rest of the body; iterating it to the end (or leaving early) frees the host's slot. */
  rest: AsyncIterable<Uint8Array>;
  /** Stops the download and frees the slot without iterating (the body was refused). */
  cancel(): Promise<void>;
}

async function* nothing(): AsyncGenerator<Uint8Array> {}

function streamRest(
  ctx: FetchContext,
  opened: Opened,
  hop: Hop,
  chunks: AsyncGenerator<Uint8Array>,
): AsyncIterable<Uint8Array> {
  // A caller that never iterates must not hold the slot forever: the deadline frees it.
  opened.deadline.signal.addEventListener("abort", opened.release, { once: true });
  return (async function* restOfBody() {
    try {
      yield* chunks;
    } catch (error) {
      throw classifyFailure(error, hop.url, opened.deadline, {
        timeoutMs: hop.timeoutMs,
        headersTimeoutMs: ctx.options.connectTimeoutMs,
      });
    } finally {
      await chunks.return(undefined);
      opened.release();
    }
  })();
}

/** One exchange whose body is handed over as it arrives; the slot is held until it is consumed. */
export async function streamingHop(ctx: FetchContext, hop: Hop): Promise<HopOutcome<OpenStream>> {
  const opened = await openResponse(ctx, hop);
  const { response } = opened;
  try {
    const early = await earlyOutcome(ctx, opened, hop);
    if (early) {
      opened.release();
      if ("location" in early) return early;
      return { done: { status: 304, headers: response.headers, first: null, rest: nothing(), cancel: async () => {} } };
    }
    const onBytes = (n: number) => (ctx.stats.bytes += n);
    const chunks = cappedChunks(response.body, {
      maxBytes: hop.maxBytes,
      url: hop.url,
      status: response.status,
      onBytes,
      encoding: response.headers.get("content-encoding"),
    });
    const first = await chunks.next();
    const rest = streamRest(ctx, opened, hop, chunks);
    const cancel = async () => {
      await chunks.return(undefined);
      opened.release();
    };
    return {
      done: {
        status: response.status,
        headers: response.headers,
        first: first.done ? null : first.value,
        rest,
        cancel,
      },
    };
  } catch (error) {
    await discard(response.body);
    opened.release();
    throw classifyFailure(error, hop.url, opened.deadline, {
      timeoutMs: hop.timeoutMs,
      headersTimeoutMs: ctx.options.connectTimeoutMs,
    });
  }
}
