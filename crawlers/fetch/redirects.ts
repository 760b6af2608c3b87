import { FetchError } from "../errors.ts";
import { normalizeUrl } from "../url.ts";
import type { HopOutcome } from "./hop.ts";

/**
 * Follows redirects by hand (fetch runs with redirect: "manual") so that every hop is checked
 * (allowed host, robots.txt) and counted, and loops end as errors instead of hanging a crawl.
 * Each hop fetches the Location exactly as the server gave it (signed URLs must stay intact);
 * loops are detected on normalised URLs.
 */
export async function followRedirects<T>(
  startUrl: string,
  maxRedirects: number,
  beforeHop: (url: string) => Promise<void>,
  hop: (url: string) => Promise<HopOutcome<T>>,
): Promise<{ finalUrl: string; value: T }> {
  const seen = new Set([normalizeUrl(startUrl)]);
  let url = startUrl;
  for (let redirects = 0; ; redirects++) {
    await beforeHop(url);
    const outcome = await hop(url);
    if ("done" in outcome) return { finalUrl: url, value: outcome.done };
    let next: URL;
    try {
      next = new URL(outcome.location, url);
    } catch (error) {
      throw new FetchError(
        "bad-url",
        `${url} redirected to an invalid Location ${JSON.stringify(outcome.location)}; recorded, not retried`,
        url,
        { status: outcome.status, cause: error },
      );
    }
    next.hash = "";
    const key = normalizeUrl(next.href);
    if (seen.has(key)) {
      throw new FetchError(
        "redirect-loop",
        `${startUrl} redirects in a loop (back to ${key}); recorded, not retried`,
        startUrl,
        { status: outcome.status },
      );
    }
    if (redirects + 1 > maxRedirects) {
      throw new FetchError(
        "too-many-redirects",
        `${startUrl} redirected more than ${maxRedirects} times (last to ${key}); recorded, not retried`,
        startUrl,
        { status: outcome.status },
      );
    }
    seen.add(key);
    url = next.href;
  }
}
