import { load, type CheerioAPI } from "cheerio";
import { normalizeUrl } from "../url.ts";

/**
 * The readable part of an HTML page: the main text without navigation, banners, footers,
 * scripts, styles, sidebars and forms (they would repeat on every page of a site and drown the
 * passages that matter), split into paragraphs separated by blank lines, table cells by tabs.
 * Links come from the whole page, navigation included, because the site crawler follows
 * pagination and menus.
 */

export interface HtmlLink {
  /** Absolute, normalised (see crawlers/url.ts). */
  url: string;
  text: string;
}

export interface HtmlText {
  title: string | null;
  text: string;
  links: HtmlLink[];
  /** Primary language subtag of <html lang> or Content-Language ("fr" for "fr-FR"). */
  lang: string | null;
}

/** The parts of a DOM node this walk reads (domhandler's nodes, typed structurally). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

const NOISE = [
  "script",
  "style",
  "noscript",
  "template",
  "nav",
  "footer",
  "aside",
  "form",
  "iframe",
  "svg",
  "button",
  "select",
  "[role=navigation]",
  "[role=banner]",
  "[role=contentinfo]",
  "[role=search]",
  "[hidden]",
  "[aria-hidden=true]",
].join(",");

const BLOCKS = new Set([
  "address",
  "article",
  "blockquote",
  "caption",
  "dd",
  "details",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "li",
  "main",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "tr",
  "ul",
  "body",
  "header",
]);

/** Source whitespace is layout, not content: runs become one space. */
const collapse = (s: string): string => s.replace(/\s+/g, " ").trim();
/** A paragraph's line: spaces collapsed, "\t" kept as the cell separator. */
const tidyLine = (s: string): string =>
  s
    .replace(/ {2,}/g, " ")
    .replace(/ ?\t ?/g, "\t")
    .trim();

/** Accumulates text into paragraphs; a block boundary ends the current one. */
function paragraphs() {
  const done: string[] = [];
  let current = "";
  return {
    add: (text: string) => {
      current += text.replace(/\s+/g, " ");
    },
    lineBreak: () => {
      current += "\n";
    },
    cell: () => {
      current += "\t";
    },
    end() {
      const lines = current
        .split("\n")
        .map(tidyLine)
        .filter((l) => l !== "");
      if (lines.length > 0) done.push(lines.join("\n"));
      current = "";
    },
    result: () => done.join("\n\n"),
  };
}

function walk(node: DomNode, out: ReturnType<typeof paragraphs>): void {
  if (node.type === "text") {
    out.add(node.data ?? "");
    return;
  }
  if (node.type !== "tag" && node.type !== "root") return;
  const name = node.name ?? "";
  if (name === "br") {
    out.lineBreak();
    return;
  }
  const block = BLOCKS.has(name);
  if (block) out.end();
  for (const child of node.children ?? []) walk(child, out);
  if (name === "td" || name === "th") out.cell();
  if (block) out.end();
}

function baseUrl($: CheerioAPI, url: string | undefined): string | undefined {
  const href = $("base[href]").first().attr("href");
  if (!href) return url;
  try {
    return new URL(href, url).href;
  } catch {
    return url;
  }
}

function collectLinks($: CheerioAPI, base: string | undefined): HtmlLink[] {
  const byUrl = new Map<string, HtmlLink>();
  $("a[href], area[href]").each((_, el) => {
    const node = $(el);
    const href = (node.attr("href") ?? "").trim();
    if (href === "" || href.startsWith("#") || /^(javascript|mailto|tel|data):/i.test(href)) return;
    let url: string;
    try {
      url = normalizeUrl(href, base);
    } catch {
      return; // relative without a base, or not a URL: nothing to follow
    }
    if (!/^https?:/.test(url)) return;
    const text =
      collapse(node.text()) ||
      collapse(node.attr("title") ?? "") ||
      collapse(node.find("img[alt]").first().attr("alt") ?? "");
    const seen = byUrl.get(url);
    if (!seen) byUrl.set(url, { url, text });
    else if (seen.text === "" && text !== "") seen.text = text;
  });
  return [...byUrl.values()];
}

function primaryLanguage(value: string | undefined): string | null {
  const tag = value?.split(",")[0]?.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return /^[a-z]{2,3}$/.test(tag) ? tag : null;
}

function titleOf($: CheerioAPI): string | null {
  const candidates = [
    $("title").first().text(),
    $('meta[property="og:title"]').attr("content") ?? "",
    $("h1").first().text(),
  ];
  return candidates.map(collapse).find((t) => t !== "") ?? null;
}

/** The main content: <main> (or role=main), else a single <article>, else the body. */
function mainRoot($: CheerioAPI): DomNode[] {
  const main = $("main, [role=main]").first();
  if (main.length > 0 && collapse(main.text()) !== "") return main.toArray() as unknown as DomNode[];
  const articles = $("article");
  if (articles.length === 1 && collapse(articles.text()) !== "") return articles.toArray() as unknown as DomNode[];
  const body = $("body");
  return (body.length > 0 ? body.toArray() : $.root().toArray()) as unknown as DomNode[];
}

/**
 * Extracts title, main text, links and language from an HTML document.
 * @example extractHtml('<html lang="fr"><title>Rapport</title><nav>Menu</nav><p>Le budget.</p></html>',
 *   "https://x.org/")
 *   // { title: "Rapport", text: "Le budget.", links: [], lang: "fr" }
 */
export function extractHtml(html: string, url?: string): HtmlText {
  const $ = load(html);
  const links = collectLinks($, baseUrl($, url));
  const title = titleOf($);
  const lang = primaryLanguage($("html").attr("lang") ?? $('meta[http-equiv="content-language" i]').attr("content"));
  $(NOISE).remove();
  // A page's banner goes; an article's own header (its title, date, author) stays.
  $("header")
    .filter((_, el) => $(el).parents("main, article, [role=main]").length === 0)
    .remove();
  const out = paragraphs();
  for (const node of mainRoot($)) walk(node, out);
  out.end();
  return { title, text: out.result(), links, lang };
}
