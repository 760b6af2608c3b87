import type { Fetcher, FetchResult } from "./types.ts";
import { normalizeUrl } from "./url.ts";

/**
 * The fetcher a source sees during a run. It remembers the small bodies the source fetched
 * (listing pages) so that, when one of them is also a document, the run stores it from memory:
 * each URL is downloaded at most once per run.
 */

/** Bodies above this are not kept: listing pages are small, and memory matters more than a rare refetch. */
const MAX_KEPT_BYTES = 4 * 1024 * 1024;

export interface RunFetcher extends Fetcher {
  /** The result the source already fetched for this normalised URL during the run, handed over once. */
  take(url: string): FetchResult | undefined;
}

export function createRunFetcher(inner: Fetcher): RunFetcher {
  const kept = new Map<string, FetchResult>();
  const keep = (url: string, result: FetchResult) => {
    try {
      kept.set(normalizeUrl(url), result);
    } catch {
      // Not a URL we could fetch as a document anyway.
    }
  };
  return {
    async fetch(req) {
      const result = await inner.fetch(req);
      if (!result.notModified && result.body.byteLength <= MAX_KEPT_BYTES) {
        keep(result.url, result);
        keep(result.finalUrl, result);
      }
      return result;
    },
    stream: (req) => inner.stream(req),
    take(url) {
      const result = kept.get(url);
      if (result) kept.delete(url);
      return result;
    },
  };
}
