import * as cheerio from "cheerio";
import type { z } from "zod";
import { endsTheSource } from "../errors.ts";
import type { Discovered, DocumentRef, Source, SourceContext } from "../types.ts";
import { baseUrl, defineSource, hostsOf, positiveInt, settingsSchema, stringList, urlList } from "./settings.ts";
import { expandPattern, findSymbols, odsUrl, splitEdition } from "./symbols.ts";

/**
 * UN Official Document System, by symbol. ODS has no open search, so the symbols come from
 * patterns, the `symbols` setting and listing pages that name them. An unpublished symbol answers
 * 200 with an empty body: the fetcher turns that into an `empty-body` error, the run records the
 * URL as not found, and later runs skip it through `isKnownNotFound` (reported as "skipped").
 */

const DEFAULT_BASE_URL = "https://documents.un.org";

/** Known SSTC symbols (SOURCES.md) and small bounded ranges around them. */
export const DEFAULT_PATTERNS = [
  "DP/CF/SSC/{3..8}", // UNOSSC strategic frameworks (5: 2014-2017, 6: 2018-2021, 7: 2022-2025)
  "SSC/{17..22}/{1..3}", // High-level Committee on South-South Cooperation documents
  "A/{71..79}/39", // reports of the High-level Committee to the General Assembly
  "A/75/234",
  "A/78/290",
  "A/79/230", // Secretary-General: state of South-South cooperation
  "DP/2008/8", // evaluation of UNDP's contribution to South-South cooperation
  "DP/2013/41", // the first UNDP integrated budget, 2014-2017
  "JIU/REP/2011/3", // system-wide review of SSTC
];

/** High-level Committee pages that list the session documents by symbol. */
export const DEFAULT_LISTING_URLS = [
  "https://www.unsouthsouth.org/our-work/policy-and-intergovernmental-support/high-level-committee-on-south-south-coo" +
    "peration/",
];

const MAX_SYMBOLS = 300;

/** `symbols`, `patterns` (with `{a..b}` ranges), `listingUrls` (pages whose symbols are taken), `maxSymbols`. */
const settings = settingsSchema(
  { kind: "un-ods", schedule: "0 2 * * 1", hosts: (s) => hostsOf([s.baseUrl, ...s.listingUrls]) },
  {
    baseUrl: baseUrl.default(DEFAULT_BASE_URL),
    symbols: stringList.default([]),
    patterns: stringList.default(DEFAULT_PATTERNS),
    listingUrls: urlList.default(DEFAULT_LISTING_URLS),
    maxSymbols: positiveInt("symbols per run").default(MAX_SYMBOLS),
  },
);

export type UnOdsSettings = z.output<typeof settings>;

function documentType(symbol: string): DocumentRef["type"] {
  if (symbol.startsWith("DP/CF/SSC/")) return "strategic-framework";
  if (/\(Sect\. ?\d+/.test(symbol)) return "budget";
  if (symbol.startsWith("JIU/REP/")) return "evaluation";
  if (/^(A|SSC|DP)\//.test(symbol)) return "report";
  return "other";
}

function organizationFor(symbol: string): string | undefined {
  if (symbol.startsWith("DP/CF/SSC/") || symbol.startsWith("SSC/")) return "unossc";
  return undefined;
}

/**
 * The document to fetch for a symbol.
 * @example symbolRef("https://documents.un.org", "DP/CF/SSC/7/Corr.1").key // "un:DP/CF/SSC/7"
 */
export function symbolRef(base: string, full: string, foundOn?: string): DocumentRef {
  const { symbol, edition } = splitEdition(full);
  return {
    url: odsUrl(base, full),
    key: `un:${symbol}`,
    title: full,
    type: documentType(symbol),
    symbol,
    edition: edition ?? undefined,
    language: "en",
    organizationId: organizationFor(symbol),
    expect: "pdf",
    meta: { viewer: `https://undocs.org/${full}`, ...(foundOn ? { foundOn } : {}) },
  };
}

/** A symbol carried by a link: undocs.org/<lang>/<SYMBOL> or an ODS `?s=<SYMBOL>` address. */
export function symbolFromHref(href: string, pageUrl: string): string | null {
  if (!URL.canParse(href, pageUrl)) return null;
  const url = new URL(href, pageUrl);
  let candidate = url.searchParams.get("s") ?? url.searchParams.get("symbol");
  if (!candidate && /(^|\.)undocs\.org$/.test(url.hostname)) {
    candidate = decodeURIComponent(url.pathname).replace(/^\/(?:[a-z]{2}\/)?/, "");
  }
  const found = candidate ? findSymbols(candidate.trim()) : [];
  return found.length === 1 && found[0] === candidate?.trim() ? found[0] : null;
}

/**
 * The symbols a listing page names, in its visible text and in its links, scripts left out.
 * @example listingSymbols('<a href="https://undocs.org/en/SSC/21/2">report</a>', url) // ["SSC/21/2"]
 */
export function listingSymbols(html: string, pageUrl: string): string[] {
  const $ = cheerio.load(html);
  $("script, style, noscript, template").remove();
  const fromText = findSymbols($("body").text());
  const fromLinks = $("a[href]")
    .map((_, a) => symbolFromHref($(a).attr("href") ?? "", pageUrl) ?? [])
    .get() as string[];
  return [...new Set([...fromText, ...fromLinks])];
}

async function* fromListings(ctx: SourceContext<UnOdsSettings>, seen: Set<string>): AsyncGenerator<[string, string]> {
  for (const url of ctx.settings.listingUrls) {
    try {
      const page = await ctx.fetcher.fetch({ url, expect: "html" });
      for (const symbol of listingSymbols(page.text(), page.finalUrl)) if (!seen.has(symbol)) yield [symbol, url];
    } catch (error) {
      if (endsTheSource(error, ctx.signal)) throw error;
      ctx.log.warn("un-ods listing page not read", { url, error: (error as Error).message });
    }
  }
}

export const unOds: Source<UnOdsSettings> = defineSource({
  id: "un-ods",
  kind: "un-ods",
  description:
    "UN Official Document System: UNOSSC strategic frameworks, High-level Committee documents, Executive Board and " +
    "Secretary-General reports on South-South cooperation, by symbol",
  settings,
  async *discover(ctx) {
    const { baseUrl: base, maxSymbols: max } = ctx.settings;
    const configured = [...ctx.settings.symbols, ...ctx.settings.patterns.flatMap((p) => expandPattern(p, max))];
    const seen = new Set<string>();
    const take = function* (symbol: string, foundOn?: string): Generator<Discovered> {
      if (seen.has(symbol) || seen.size >= max) return;
      seen.add(symbol);
      const ref = symbolRef(base, symbol, foundOn);
      if (ctx.isKnownNotFound(ref.url))
        yield {
          kind: "problem",
          url: ref.url,
          outcome: "skipped",
          message: `${symbol}: not in ODS on an earlier run (empty answer)`,
        };
      else yield { kind: "document", ref };
    };
    for (const symbol of configured) yield* take(symbol.trim());
    for await (const [symbol, foundOn] of fromListings(ctx, seen)) yield* take(symbol, foundOn);
    if (seen.size >= max) ctx.log.warn("un-ods reached maxSymbols", { maxSymbols: max });
  },
});
