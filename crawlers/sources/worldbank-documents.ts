import type { Discovered, DocumentRef, Source } from "../types.ts";
import { matchSstc, textReason } from "./sstc-match.ts";
import { text, toIsoDate } from "./values.ts";
import { type KeyedPage, parseKeyedPage, type SearchSettings, searchSource } from "./worldbank-search.ts";

/**
 * World Bank Documents & Reports (WDS v2). The answer's `documents` is an object keyed `D<id>`
 * with a `facets` member mixed in; each document becomes a PDF to fetch, keyed `wb:<id>` so the
 * same report found by several queries is one document.
 */

const FIELDS =
  "id,display_title,docna,repnme,docdt,docty,majdocty,count,lang,url,pdfurl,repnb,projectid,abstracts,keywd";

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

export type WdsPage = KeyedPage;

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

/** One WDS entry → a document, a problem message, or null when it is not about SSTC. */
function wdsItem(key: string, doc: unknown, query: string): Discovered | string | null {
  if (!doc || typeof doc !== "object") return `document ${key} is not an object`;
  const reason = documentReason(doc as Record<string, unknown>, query);
  const ref = reason ? toRef(key, doc as Record<string, unknown>, reason) : null;
  return ref && typeof ref === "object" ? { kind: "document", ref } : ref;
}

/**
 * One WDS answer → SSTC document refs and problems (a malformed entry is reported, the rest kept).
 * @example parseWdsPage('{"total":1,"documents":{"D1":{"pdfurl":"http://x/a.pdf"},"facets":{}}}', u,
 *   '"South-South"').items[0].kind
 *   // "document"
 */
export function parseWdsPage(body: unknown, url: string, query: string): WdsPage {
  return parseKeyedPage(body, url, "documents", (key, doc) => wdsItem(key, doc, query));
}

export const worldbankDocuments: Source<SearchSettings> = searchSource(
  "worldbank-documents",
  {
    description: "World Bank Documents & Reports API: documents about South-South and triangular cooperation (PDFs)",
    schedule: "0 3 * * 1",
    // The PDFs redirect through documents1.worldbank.org and other hosts of the Bank.
    documentHosts: ["*.worldbank.org"],
  },
  { api: "wds", fields: FIELDS, parse: parseWdsPage },
);
