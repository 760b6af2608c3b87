/**
 * robots.txt rules as RFC 9309 reads them: groups of user-agent lines, the group(s) naming our
 * product token win over `*`, the longest matching Allow/Disallow path decides (Allow on a tie),
 * `*` matches any run of characters and `$` anchors the end. Crawl-delay (not in the RFC, but
 * publishers use it to ask for slower crawling) is read from the same group.
 */

export interface RobotsRules {
  /** True when `pathAndQuery` ("/docs/a.pdf?x=1") may be fetched. */
  isAllowed(pathAndQuery: string): boolean;
  /** Crawl-delay of the group that applies to us, in ms; null when none is given. */
  crawlDelayMs: number | null;
}

interface Rule {
  allow: boolean;
  pattern: string;
  regex: RegExp;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelayMs: number | null;
}

/** Everything allowed: what a missing robots.txt (404) means. */
export const ALLOW_ALL: RobotsRules = { isAllowed: () => true, crawlDelayMs: null };

/** The product token of a User-Agent string: "ssc-monitor/0.1 (+mailto:x@y)" → "ssc-monitor". */
export function productToken(userAgent: string): string {
  return (userAgent.trim().split(/[/\s]/)[0] ?? "").toLowerCase();
}

function patternToRegex(pattern: string): RegExp {
  const anchored = pattern.endsWith("$");
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}${anchored ? "$" : ""}`);
}

/** Percent-encodings differ between robots.txt authors and URL serialisers; compare decoded forms. */
function canonicalPath(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function parseGroups(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, "").trim();
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === "user-agent") {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [], crawlDelayMs: null };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
      continue;
    }
    lastWasAgent = false;
    if (!current) continue;
    if ((field === "allow" || field === "disallow") && value !== "") {
      const pattern = canonicalPath(value);
      current.rules.push({ allow: field === "allow", pattern, regex: patternToRegex(pattern) });
    } else if (field === "crawl-delay") {
      const seconds = Number.parseFloat(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelayMs = Math.round(seconds * 1000);
    }
  }
  return groups;
}

/** The groups that apply to `token`: those naming it exactly (merged), else those for `*` (merged). */
function applicableGroups(groups: Group[], token: string): Group[] {
  const named = groups.filter((g) => g.agents.some((a) => productToken(a) === token));
  return named.length > 0 ? named : groups.filter((g) => g.agents.includes("*"));
}

/**
 * Parses robots.txt for the crawler whose product token is `token`.
 * @example parseRobots("User-agent: *\nDisallow: /private/\nCrawl-delay: 2", "ssc-monitor")
 *   // isAllowed("/private/a.pdf") === false, crawlDelayMs === 2000
 */
export function parseRobots(text: string, token: string): RobotsRules {
  const groups = applicableGroups(parseGroups(text), token.toLowerCase());
  const rules = groups.flatMap((g) => g.rules);
  const delays = groups.map((g) => g.crawlDelayMs).filter((d): d is number => d !== null);
  return {
    crawlDelayMs: delays.length > 0 ? Math.max(...delays) : null,
    isAllowed(pathAndQuery: string): boolean {
      const path = canonicalPath(pathAndQuery);
      if (path === "/robots.txt") return true;
      let best: Rule | null = null;
      for (const rule of rules) {
        if (!rule.regex.test(path)) continue;
        const longer = !best || rule.pattern.length > best.pattern.length;
        const tieAllows = best !== null && rule.pattern.length === best.pattern.length && rule.allow;
        if (longer || tieAllows) best = rule;
      }
      return best === null || best.allow;
    },
  };
}
