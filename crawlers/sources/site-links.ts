import type { PageLink } from "../engines/types.ts";

/**
 * What a link on a listing page is: a PDF, an HTML page, a document of unknown type (no file
 * extension: "/download/123" may be either), or something else (images, office files, archives)
 * that the site source does not collect.
 */

const HTML_EXTENSIONS = new Set(["html", "htm", "xhtml", "php", "asp", "aspx", "jsp", "shtml", "cfm"]);

/** @example linkKind("https://x.org/a/report.PDF") // "pdf" */
export function linkKind(url: string): "pdf" | "html" | "document" | "other" {
  const path = new URL(url).pathname;
  const last = path.split("/").pop() ?? "";
  const dot = last.lastIndexOf(".");
  if (dot <= 0) return "document";
  const ext = last.slice(dot + 1).toLowerCase();
  if (ext === "pdf") return "pdf";
  if (HTML_EXTENSIONS.has(ext)) return "html";
  return /^\d+$/.test(ext) ? "document" : "other";
}

/** Query parameters that number the pages of a listing (Drupal ?page=, WordPress ?paged=, Liferay _..._cur=). */
const PAGE_PARAM = /^(page|p|pg|paged|pagenum|pagenumber|pageno|page_no|start|offset|from)$|_(cur|page)$/i;
const PAGE_PATH = /\/page\/\d+\/?$/;

function withoutPaging(url: URL): string {
  const params = [...url.searchParams].filter(([k]) => !PAGE_PARAM.test(k)).sort(([a], [b]) => (a < b ? -1 : 1));
  const path = url.pathname.replace(PAGE_PATH, "/").replace(/\/$/, "");
  return `${url.origin}${path}?${new URLSearchParams(params)}`;
}

function hasPaging(url: URL): boolean {
  return PAGE_PATH.test(url.pathname) || [...url.searchParams.keys()].some((k) => PAGE_PARAM.test(k));
}

/**
 * True when the link is another page of the same listing: rel="next", or the same address with a
 * different page parameter or /page/N/ path.
 * @example isPagination({ url: "https://www.unjiu.org/content/news-events?page=2", text: "2", rel: "" },
 *   "https://www.unjiu.org/content/news-events")
 *   // true
 */
export function isPagination(link: PageLink, pageUrl: string): boolean {
  if (link.rel.split(/\s+/).includes("next")) return true;
  const target = new URL(link.url);
  const page = new URL(pageUrl);
  return hasPaging(target) && withoutPaging(target) === withoutPaging(page) && link.url !== pageUrl;
}
