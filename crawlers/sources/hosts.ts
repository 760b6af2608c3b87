import type { SourceSettings } from "../types.ts";

/**
 * The hosts a built-in source needs, for the fetcher's `allowedHosts` when the sources file does
 * not set them: the API's host (from `baseUrl`, so a mirror or a test server works), the hosts
 * of the configured `files` and `listingUrls`, and the hosts its documents live on (World Bank
 * PDFs redirect through documents1.worldbank.org; UNDP project documents sit on www.undp.org).
 */
const DOCUMENT_HOSTS: Record<string, string[]> = {
  "worldbank-documents": ["*.worldbank.org"],
  "undp-open": ["*.undp.org"],
};

function hostOf(url: unknown): string[] {
  return typeof url === "string" && URL.canParse(url) ? [new URL(url).hostname.toLowerCase()] : [];
}

function urlList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * Hosts to allow for a built-in source with these settings; an explicit `allowedHosts` wins.
 * @example builtinAllowedHosts({ id: "un-ods", kind: "un-ods", enabled: true, baseUrl: "http://127.0.0.1:8123",
 *   listingUrls: [] })
 *   // ["127.0.0.1"]
 */
export function builtinAllowedHosts(settings: SourceSettings): string[] {
  if (settings.allowedHosts?.length) return settings.allowedHosts;
  const hosts = [
    ...hostOf(settings.baseUrl),
    ...urlList(settings.files).flatMap(hostOf),
    ...urlList(settings.listingUrls).flatMap(hostOf),
    ...(DOCUMENT_HOSTS[settings.id] ?? []),
  ];
  return [...new Set(hosts)];
}
