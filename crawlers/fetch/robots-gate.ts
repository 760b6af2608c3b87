import { FetchError } from "../errors.ts";
import { ALLOW_ALL, parseRobots, type RobotsRules } from "./robots.ts";

/**
 * Decides, per URL, whether robots.txt lets us fetch it. robots.txt is fetched once per origin
 * and shared by all callers (concurrent first requests wait for the same download):
 * - 2xx: its rules apply; its Crawl-delay raises the host's delay.
 * - 4xx (404 and friends), too large, redirect trouble: there are no rules we can read, so
 *   everything is allowed (RFC 9309 §2.3.1.3).
 * - 5xx, timeout, unreachable: the host is treated as disallowed for now (RFC 9309 §2.3.1.4):
 *   its URLs fail as retryable "robots-unavailable" without a request, and robots.txt is asked
 *   again after `failureTtlMs`.
 */

export interface RobotsGate {
  /** Resolves when `url` may be fetched; throws a FetchError otherwise. */
  check(url: string): Promise<void>;
}

type Entry = { rules: RobotsRules | "unavailable"; expiresAtMs: number };

export interface RobotsGateDeps {
  /** Downloads robots.txt (with the fetcher's politeness and retries); resolves to its text. */
  load(robotsUrl: string): Promise<string>;
  productToken: string;
  /** Called once per origin with the Crawl-delay that applies to us. */
  onCrawlDelay(host: string, crawlDelayMs: number): void;
  onUnavailable(robotsUrl: string, error: FetchError): void;
  failureTtlMs?: number;
  successTtlMs?: number;
  now?: () => number;
}

export function createRobotsGate(deps: RobotsGateDeps): RobotsGate {
  const now = deps.now ?? Date.now;
  const failureTtlMs = deps.failureTtlMs ?? 5 * 60_000;
  const successTtlMs = deps.successTtlMs ?? 24 * 60 * 60_000;
  const cache = new Map<string, Promise<Entry>>();

  async function download(origin: string, host: string): Promise<Entry> {
    const robotsUrl = `${origin}/robots.txt`;
    try {
      const rules = parseRobots(await deps.load(robotsUrl), deps.productToken);
      if (rules.crawlDelayMs !== null) deps.onCrawlDelay(host, rules.crawlDelayMs);
      return { rules, expiresAtMs: now() + successTtlMs };
    } catch (error) {
      if (!(error instanceof FetchError) || error.reason === "aborted") throw error;
      if (error.kind === "retryable") {
        deps.onUnavailable(robotsUrl, error);
        return { rules: "unavailable", expiresAtMs: now() + failureTtlMs };
      }
      return { rules: ALLOW_ALL, expiresAtMs: now() + successTtlMs };
    }
  }

  async function entryFor(origin: string, host: string): Promise<Entry> {
    const cached = cache.get(origin);
    if (cached) {
      const entry = await cached;
      if (entry.expiresAtMs > now()) return entry;
      if (cache.get(origin) !== cached) return entryFor(origin, host);
    }
    const pending = download(origin, host);
    cache.set(origin, pending);
    pending.catch(() => cache.delete(origin));
    return pending;
  }

  return {
    async check(url) {
      const parsed = new URL(url);
      const { rules } = await entryFor(parsed.origin, parsed.host);
      if (rules === "unavailable") {
        throw new FetchError(
          "robots-unavailable",
          `${parsed.origin}/robots.txt could not be read (server error or unreachable); ${url} is treated as ` +
            `disallowed for now and retried on a later run`,
          url,
        );
      }
      if (!rules.isAllowed(parsed.pathname + parsed.search)) {
        throw new FetchError(
          "robots-disallowed",
          `${url} is disallowed for ${deps.productToken} by ${parsed.origin}/robots.txt; skipped, not retried`,
          url,
        );
      }
    },
  };
}
