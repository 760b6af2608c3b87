import type { Discovered, DocumentRef, Source, SourceContext } from "../types.ts";
import { fetchJson, parseJsonBody } from "./fetch-json.ts";
import { baseUrl, dateWindow, listSetting, numberSetting } from "./settings.ts";
import { matchSstc, textReason } from "./sstc-match.ts";
import { parseAmount, text, toIsoDate } from "./values.ts";

/**
 * World Bank Documents & Reports (WDS v2). The answer's `documents` is an object keyed `D<id>`
 * with a `facets` member mixed in; each document becomes a PDF to fetch, keyed `wb:<id>` so the
 * same report found by several queries is one document.
 */

const DEFAULT_BASE_URL = "https://search.worldbank.org";
const DEFAULT_QUERIES = ['"South-South"', '"triangular cooperation"', '"South-South Facility"', '"knowledge exchange"'];
const FIELDS =
  "id,display_title,docna,repnme,docdt,docty,majdocty,count,lang,url,pdfurl,repnb,projectid,abstracts,keywd";
const MAX_ROWS = 100;

const LANGUAGES: Record<string, string> = {
  english: "en",
  french: "fr",
  spanish: "es",
  portuguese: "pt",
  arabic: "ar",
  russian: "ru",
  chinese: "zh",
};

/** WDS document types → our document types; first match wins. */
const TYPE_RULES: Array<[RegExp, NonNullable<DocumentRef["type"]>]> = [
  [/annual report/i, "annual-report"],
  [/evaluation|completion|review|assessment|audit/i, "evaluation"],
  [/budget/i, "budget"],
  [/strategy|framework|partnership/i, "strategic-framework"],
  [/resolution|decision|minutes|board/i, "decision"],
  [/project|program document|procurement|implementation status|environmental|agreement/i, "project"],
  [/report|paper|brief|publication|book|note|study/i, "report"],
];

export function documentType(docty: string | null): DocumentRef["type"] {
  if (!docty) return "other";
  return TYPE_RULES.find(([re]) => re.test(docty))?.[1] ?? "other";
}

export interface WdsPage {
  total: number | null;
  /** Entries on the page other than `facets`, documents or not: zero means the end. */
  entries: number;
  items: Discovered[];
}

/** WDS gives fields as strings, or as `{"0": {"docna": ...}}` objects on some hits. */
function firstString(value: unknown): string | null {
  if (typeof value === "string") return text(value);
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) {
      const found = firstString(inner);
      if (found) return found;
    }
  }
  return null;
}

/**
 * Why a document is about SSTC: its title, abstract or keywords, else an SSTC-specific query.
 * A broad query ("knowledge exchange") would otherwise bring procurement plans by the thousand.
 */
export function documentReason(doc: Record<string, unknown>, query: string): string | null {
  const fields: Array<[string, unknown]> = [
    ["title", doc.display_title ?? doc.docna ?? doc.repnme],
    ["abstract", doc.abstracts],
    ["keywords", doc.keywd],
  ];
  for (const [field, value] of fields) {
    const reason = textReason(field, allStrings(value).join("; "));
    if (reason) return reason;
  }
  return matchSstc(query.replace(/"/g, "")) ? `found by SSTC query ${query}` : null;
}

/** Every string inside a WDS value (`{"cdata!": ...}`, `{"0": {"keywd": ...}}`). */
function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(allStrings);
  return [];
}

/** The Bank's own hosts (documents.worldbank.org, documents1.worldbank.org, ...) serve https only. */
const PUBLISHER_HOST = /(^|\.)worldbank\.org$/i;

/**
 * WDS still lists many `pdfurl`s as http://documents.worldbank.org/...: those move to https.
 * Any other host (a mirror, a proxy, a test server) is left as given, http or not.
 * @example documentUrl("http://documents.worldbank.org/a.pdf") // "https://documents.worldbank.org/a.pdf"
 */
export function documentUrl(href: string): string {
  const url = new URL(href);
  if (url.protocol !== "http:" || !PUBLISHER_HOST.test(url.hostname)) return href;
  url.protocol = "https:";
  if (url.port === "80") url.port = "";
  return url.toString();
}

function toRef(key: string, doc: Record<string, unknown>, reason: string): DocumentRef | string {
  const id = text(doc.id) ?? key.replace(/^D/, "");
  const href = text(doc.pdfurl) ?? text(doc.url);
  if (!href || !URL.canParse(href)) return `document ${key} has no usable pdfurl or url`;
  const date = toIsoDate(doc.docdt);
  const docty = text(doc.docty);
  const lang = text(doc.lang);
  return {
    url: documentUrl(href),
    key: `wb:${id}`,
    title:
      firstString(doc.display_title) ??
      firstString(doc.docna) ??
      firstString(doc.repnme) ??
      `World Bank document ${id}`,
    type: documentType(docty),
    period: date?.slice(0, 4),
    language: lang ? (LANGUAGES[lang.toLowerCase()] ?? lang) : undefined,
    organizationId: "worldbank",
    expect: text(doc.pdfurl) ? "pdf" : "document",
    meta: {
      reason,
      wdsId: id,
      date,
      docty,
      majdocty: text(doc.majdocty),
      country: firstString(doc.count),
      page: text(doc.url),
      report: text(doc.repnb),
      project: text(doc.projectid),
    },
  };
}

/**
 * One WDS answer → SSTC document refs and problems (a malformed entry is reported, the rest kept).
 * @example parseWdsPage('{"total":1,"documents":{"D1":{"pdfurl":"http://x/a.pdf"},"facets":{}}}', u,
 *   '"South-South"').items[0].kind
 *   // "document"
 */
export function parseWdsPage(body: unknown, url: string, query: string): WdsPage {
  const json = (typeof body === "string" ? parseJsonBody(body, url) : (body ?? {})) as {
    total?: unknown;
    documents?: Record<string, unknown>;
  };
  const documents = json.documents && typeof json.documents === "object" ? json.documents : {};
  const items: Discovered[] = [];
  let entries = 0;
  for (const [key, doc] of Object.entries(documents)) {
    if (key === "facets") continue;
    entries++;
    if (!doc || typeof doc !== "object") {
      items.push({ kind: "problem", url, outcome: "failed", message: `document ${key} is not an object` });
      continue;
    }
    const reason = documentReason(doc as Record<string, unknown>, query);
    const ref = reason ? toRef(key, doc as Record<string, unknown>, reason) : null;
    if (typeof ref === "string") items.push({ kind: "problem", url, outcome: "failed", message: ref });
    else if (ref) items.push({ kind: "document", ref });
  }
  return { total: parseAmount(json.total), entries, items };
}

export function wdsUrl(
  base: string,
  query: string,
  rows: number,
  offset: number,
  window: Record<string, string> = {},
): string {
  const params = new URLSearchParams({
    format: "json",
    qterm: query,
    rows: String(rows),
    os: String(offset),
    fl: FIELDS,
    ...window,
  });
  return `${base}/api/v2/wds?${params}`;
}

async function* searchQuery(
  ctx: SourceContext,
  base: string,
  query: string,
  seen: Set<string>,
): AsyncGenerator<Discovered> {
  const rows = numberSetting(ctx, "rows", MAX_ROWS, MAX_ROWS);
  const maxPages = numberSetting(ctx, "maxPages", 50);
  // `os` moves by the entries the server actually sent: it may send fewer than `rows` asks for
  // (a capped page size), and moving by `rows` would skip the rest of each page.
  for (let page = 0, offset = 0; page < maxPages && !ctx.signal.aborted; page++) {
    const url = wdsUrl(base, query, rows, offset, dateWindow(ctx));
    const body = await fetchJson(ctx, url);
    const parsed = parseWdsPage(body, url, query);
    for (const item of parsed.items) {
      if (item.kind === "document" && seen.has(item.ref.key!)) continue;
      if (item.kind === "document") seen.add(item.ref.key!);
      yield item;
    }
    offset += parsed.entries;
    if (parsed.entries === 0 || (parsed.total !== null && offset >= parsed.total)) return;
  }
  ctx.log.info("worldbank-documents stopped at maxPages", { query, maxPages });
}

export const worldbankDocuments: Source = {
  id: "worldbank-documents",
  kind: "worldbank-documents",
  organizationId: "worldbank",
  description: "World Bank Documents & Reports API: documents about South-South and triangular cooperation (PDFs)",
  defaults: {
    id: "worldbank-documents",
    kind: "worldbank-documents",
    enabled: true,
    schedule: "0 3 * * 1",
    baseUrl: DEFAULT_BASE_URL,
    query: DEFAULT_QUERIES,
    rows: MAX_ROWS,
    maxPages: 50,
  },
  async *discover(ctx) {
    const base = baseUrl(ctx, DEFAULT_BASE_URL);
    const seen = new Set<string>();
    for (const query of listSetting(ctx, "query", DEFAULT_QUERIES)) {
      yield* searchQuery(ctx, base, query, seen);
    }
  },
};
