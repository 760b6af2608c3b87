/**
 * Escaping for text that came from crawled documents (titles, quotes, subjects), one helper per
 * export format. Every export takes its escaping from here.
 */

/** Text or an attribute value in HTML. @example escapeHtml('<a href="x">') // "&lt;a href=&quot;x&quot;&gt;" */
export function escapeHtml(s: string | number | null | undefined): string {
  return String(s ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Text in Markdown (a paragraph or a table cell): markup characters are escaped, so a quote can
 * neither format, link nor break the table; line breaks become spaces.
 * @example markdownText("a | *b* [c](d)") // "a \\| \\*b\\* \\[c\\](d)"
 */
export function markdownText(s: string | number | null | undefined): string {
  return String(s ?? "")
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(/([\\`*_[\]|#~])/g, "\\$1")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** A URL inside Markdown's `(...)`: spaces and parentheses percent-encoded. */
export const markdownUrl = (url: string) => url.replace(/ /g, "%20").replace(/\(/g, "%28").replace(/\)/g, "%29");

/**
 * RFC 4180 quoting; a text field that a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * at the start) is prefixed with an apostrophe. Numbers stay numbers.
 * @example csvField("=HYPERLINK(1)") // "'=HYPERLINK(1)"
 */
export function csvField(v: string | number | null): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const PRIVATE_HOST =
  /^(localhost|.*\.localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|\[::1?\]|\[f[cd][0-9a-f:]*\]|\[fe80:[0-9a-f:]*\])$/i;

/**
 * A link a reader outside this machine can open: http(s) only (never javascript: or data:), and
 * never a loopback or private address (a local mirror's URL means nothing in a circulated report).
 * @example safeHref("http://127.0.0.1:8080/x.pdf") // null
 */
export function safeHref(url: string | null | undefined): string | null {
  if (!url || !URL.canParse(url)) return null;
  const u = new URL(url);
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  return PRIVATE_HOST.test(u.hostname) ? null : u.href;
}
