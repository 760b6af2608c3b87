/**
 * One document, one URL: links to the same file differ by fragments, tracking parameters,
 * parameter order, host case and default ports. Normalising them before storing or fetching
 * means a document is one record and is downloaded once per run.
 */

/** Query parameters that only track the visitor; they never change the document served. */
const TRACKING_PARAMS = new Set(["fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl"]);

function isTracking(key: string): boolean {
  const k = key.toLowerCase();
  return k.startsWith("utm_") || TRACKING_PARAMS.has(k);
}

function decodeKey(pair: string): string {
  const raw = pair.split("=", 1)[0] ?? "";
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}

/**
 * Drops tracking parameters and sorts the others by name. Pairs are kept byte for byte (no
 * re-encoding: some servers care whether "/" arrives as %2F), and repeated names keep their order.
 */
function normalizeQuery(search: string): string {
  if (search.length <= 1) return "";
  const pairs = search
    .slice(1)
    .split("&")
    .filter((pair) => pair !== "" && !isTracking(decodeKey(pair)));
  const sorted = pairs
    .map((pair, index) => ({ pair, key: decodeKey(pair), index }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  return sorted.length === 0 ? "" : `?${sorted.map((p) => p.pair).join("&")}`;
}

/**
 * Returns the canonical form of `url`, resolved against `base` when relative.
 * Throws a TypeError for what is not a URL (the caller decides whether that is a bad link or a bug).
 *
 * @example normalizeUrl("HTTPS://Example.ORG:443/a/../b.pdf?utm_source=x&z=1&a=2#p3")
 *   // "https://example.org/b.pdf?a=2&z=1"
 * @example normalizeUrl("../doc.pdf", "https://example.org/x/list.html") // "https://example.org/doc.pdf"
 */
export function normalizeUrl(url: string, base?: string): string {
  const parsed = new URL(url.trim(), base);
  parsed.hash = "";
  parsed.search = normalizeQuery(parsed.search);
  // URL already lower-cases the host, drops default ports and resolves dot segments.
  return parsed.href;
}

/** True for http(s) URLs, the only schemes the fetcher speaks. */
export function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}
