/**
 * One escaping helper per output format, for every piece of text that came from a crawled
 * document (titles, quotes, subjects, unit names, URLs). A publisher's PDF or web page is not
 * trusted: a title like `<script>alert(1)</script>` must stay text in HTML, Markdown, Atom and
 * e-mail, and `=HYPERLINK("http://evil.example","x")` must stay text in a spreadsheet.
 *
 * | format            | text                   | links              |
 * |-------------------|------------------------|--------------------|
 * | HTML, e-mail HTML | `escapeHtml`           | `safeUrl` (then escapeHtml) |
 * | Markdown          | `escapeMarkdown`       | `markdownUrl`      |
 * | CSV               | `csvField` (per field) |                    |
 * | XLSX (exceljs)    | `xlsxCell` (per cell)  |                    |
 * | Atom (XML)        | `escapeXml`            | `safeUrl` (then escapeXml) |
 * | e-mail subject    | `emailHeader`          |                    |
 * | e-mail text part  | `emailText`            |                    |
 *
 * Our own markup (tags, table pipes, headings) is written around the escaped text, never
 * passed through these helpers.
 */

// XML 1.0 allows neither most control characters nor lone surrogates: text from PDFs may hold them.
const INVALID_XML = new RegExp(
  String.raw`[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|` +
    String.raw`(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]`,
  "g",
);
/** C0 and C1 controls but tab and line feed, and the bidirectional overrides that make text read backwards. */
const SPOOFING = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));

/**
 * Text for HTML content and quoted attribute values (either quote).
 * @example escapeHtml('<img src=x onerror="alert(1)">') // "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
 */
export function escapeHtml(value: unknown): string {
  return str(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * Text for XML (the Atom feed): escaped, and stripped of the characters XML 1.0 forbids (a
 * feed with one of them is refused whole by readers).
 * @example escapeXml('a < "b"') // "a &lt; &quot;b&quot;"
 */
export function escapeXml(value: unknown): string {
  return str(value)
    .replace(INVALID_XML, "")
    .replace(/[&<>"']/g, (c) => (c === "'" ? "&apos;" : HTML_ENTITIES[c]!));
}

/**
 * A link taken from a document, for href attributes: absolute http(s) only (no `javascript:`,
 * `data:`, `vbscript:`), else "" (callers then print the text without a link). Escape it for the
 * format afterwards.
 * @example safeUrl("javascript:alert(1)") // ""
 * @example safeUrl("https://un.org/a b.pdf#page=2") // "https://un.org/a%20b.pdf#page=2"
 */
export function safeUrl(value: unknown): string {
  const s = str(value).trim();
  if (!URL.canParse(s)) return "";
  const url = new URL(s);
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : "";
}

/**
 * Inline Markdown text (a table cell, a list item, a link's text, a quote): one line, HTML
 * escaped (Markdown renders raw HTML), the punctuation of links, images, emphasis, code and
 * table cells backslash-escaped (`(` alone makes no link once `[` `]` are escaped), block
 * syntax at its start escaped, and no bare URL left for autolinking.
 * @example escapeMarkdown("[x](javascript:alert(1)) | <b>") // "\\[x\\](javascript:alert(1)) \\| &lt;b&gt;"
 */
export function escapeMarkdown(value: unknown): string {
  return (
    str(value)
      .replace(SPOOFING, "")
      .replace(/\s*[\r\n]+\s*/g, " ")
      .trim()
      .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
      .replace(/[\\`*_[\]|~]/g, "\\$&")
      // Block syntax only counts at the start of a line (a quote's text starts one after "> ").
      .replace(/^([#+\-=]|\d+[.)])/, "\\$&")
      .replace(/:(?=\/\/)/g, "\\:")
      .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`)
  );
}

/**
 * A Markdown link destination: http(s) only (else ""), with the characters that end or break a
 * destination percent-encoded.
 * @example markdownUrl("https://un.org/a (1).pdf") // "https://un.org/a%20%281%29.pdf"
 */
export function markdownUrl(value: unknown): string {
  return safeUrl(value).replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** What spreadsheets read as the start of a formula (OWASP "CSV injection"), leading blanks included. */
const FORMULA_START = /^[\s\u00A0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r]/;

/**
 * One CSV field: RFC 4180 quoting (fields with commas, quotes or line breaks quoted, quotes
 * doubled); a text that a spreadsheet would run as a formula gets a leading apostrophe. Numbers
 * are written as numbers (a negative change stays -5000).
 * @example csvField('=HYPERLINK("http://evil.example","x")')
 *   // "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\""
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Excel's longest cell text; longer text makes a file Excel repairs by dropping content. */
const XLSX_MAX_CHARS = 32_767;

/**
 * One XLSX cell value for exceljs: numbers and null as they are; text stays a shared string
 * (exceljs writes a formula only for `{ formula }` objects, so `=HYPERLINK(...)` is shown, never
 * run), stripped of the characters XML forbids and cut to Excel's 32,767 characters.
 * @example xlsxCell("a\u0000b") // "ab"
 */
export function xlsxCell(value: string | number | null | undefined): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  return value.replace(INVALID_XML, "").slice(0, XLSX_MAX_CHARS);
}

/**
 * An e-mail header value (the subject): one line, without control characters (no header
 * injection through a CR/LF in a document's title).
 * @example emailHeader("Budget\r\nBcc: all@example.org") // "Budget Bcc: all@example.org"
 */
export function emailHeader(value: unknown): string {
  return str(value)
    .replace(/\s*[\r\n]+\s*/g, " ")
    .replace(SPOOFING, "")
    .trim();
}

/**
 * The plain-text part of an e-mail: line breaks and tabs kept, other control characters and
 * bidirectional overrides (which can make a quote read as something else) dropped. Plain text
 * runs no markup, so nothing else needs escaping.
 * @example emailText("total \u202E00.001$") // "total 00.001$"
 */
export function emailText(value: unknown): string {
  return str(value).replace(/\r\n?/g, "\n").replace(SPOOFING, "");
}
