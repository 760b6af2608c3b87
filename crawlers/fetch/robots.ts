import robotsParserModule from "robots-parser";

// A CommonJS module whose typings declare an ES default export: at run time the import is the function.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/**
 * robots.txt rules as RFC 9309 reads them, through `robots-parser`: the group(s) naming our
 * product token win over `*`, the longest matching Allow/Disallow path decides (Allow on a tie),
 * `*` and `$` in paths, percent-encodings compared alike. Crawl-delay (not in the RFC, but
 * publishers use it to ask for slower crawling) is read from the same group.
 */

export interface RobotsRules {
  /** True when `pathAndQuery` ("/docs/a.pdf?x=1") may be fetched. */
  isAllowed(pathAndQuery: string): boolean;
  /** Crawl-delay of the group that applies to us, in ms; null when none is given. */
  crawlDelayMs: number | null;
}

/** Everything allowed: what a missing robots.txt (404) means. */
export const ALLOW_ALL: RobotsRules = { isAllowed: () => true, crawlDelayMs: null };

/** The product token of a User-Agent string: "ssc-monitor/0.1 (+mailto:x@y)" → "ssc-monitor". */
export function productToken(userAgent: string): string {
  return (userAgent.trim().split(/[/\s]/)[0] ?? "").toLowerCase();
}

// robots-parser wants absolute URLs; the origin is irrelevant to the rules, so one fixed one serves.
const ORIGIN = "http://robots.invalid";

/**
 * Parses robots.txt for the crawler whose product token is `token`.
 * @example parseRobots("User-agent: *\nDisallow: /private/\nCrawl-delay: 2", "ssc-monitor")
 *   // isAllowed("/private/a.pdf") === false, crawlDelayMs === 2000
 */
export function parseRobots(text: string, token: string): RobotsRules {
  const robots = robotsParser(`${ORIGIN}/robots.txt`, text);
  const delay = robots.getCrawlDelay(token);
  return {
    crawlDelayMs: delay === undefined || !Number.isFinite(delay) || delay < 0 ? null : Math.round(delay * 1000),
    isAllowed(pathAndQuery: string): boolean {
      if (pathAndQuery === "/robots.txt") return true;
      return robots.isAllowed(`${ORIGIN}${pathAndQuery}`, token) !== false;
    },
  };
}
