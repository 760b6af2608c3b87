import { load } from "cheerio";
import { normalizeUrl } from "../url.ts";
import type { PageLink } from "./types.ts";

/** Raw links as a page has them (href as written, or as the browser resolved it). */
export interface RawLink {
  href: string;
  text: string;
  rel: string;
}

/**
 * Resolves and normalises links, dropping non-http ones (mailto:, javascript:) and duplicates.
 * @example toPageLinks([{ href: "a.pdf#p2", text: " Report ", rel: "" }], "https://x.org/list/")
 *   // [{ url: "https://x.org/list/a.pdf", text: "Report", rel: "" }]
 */
export function toPageLinks(raw: RawLink[], baseUrl: string): PageLink[] {
  const seen = new Set<string>();
  const links: PageLink[] = [];
  for (const link of raw) {
    if (!URL.canParse(link.href.trim(), baseUrl)) continue;
    const url = normalizeUrl(link.href, baseUrl);
    if (!/^https?:/.test(url) || seen.has(url)) continue;
    seen.add(url);
    links.push({ url, text: link.text.replace(/\s+/g, " ").trim(), rel: link.rel.toLowerCase() });
  }
  return links;
}

/**
 * Links of an HTML page: anchors, image-map areas and `<link rel="next">`, resolved against
 * `<base href>` when the page has one.
 */
export function htmlLinks(html: string, pageUrl: string): PageLink[] {
  const $ = load(html);
  const baseHref = $("base[href]").attr("href");
  const base = baseHref && URL.canParse(baseHref, pageUrl) ? new URL(baseHref, pageUrl).href : pageUrl;
  const raw: RawLink[] = $("a[href], area[href], link[rel~=next][href]")
    .toArray()
    .map((el) => ({
      href: $(el).attr("href") ?? "",
      text: $(el).text() || ($(el).attr("title") ?? ""),
      rel: $(el).attr("rel") ?? "",
    }));
  return toPageLinks(raw, base);
}
