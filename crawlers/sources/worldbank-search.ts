import type { z } from "zod";
import type { Discovered, Source, SourceContext } from "../types.ts";
import { fetchJson, parseJsonBody } from "./fetch-json.ts";
import { offsetPages } from "./paging.ts";
import {
  baseUrl,
  dateWindow,
  defineSource,
  hostsOf,
  isoDate,
  positiveInt,
  settingsSchema,
  stringList,
} from "./settings.ts";
import { parseAmount } from "./values.ts";

/**
 * What the World Bank's two search APIs (WDS documents and Projects, both under
 * `search.worldbank.org/api/v2/`) share: the answer keys its hits by id in one object with a
 * `facets` member mixed in, `total` may come as a string, and pages are asked for with
 * `qterm`, `rows`, `os` and `fl`.
 */

const DEFAULT_BASE_URL = "https://search.worldbank.org";
const DEFAULT_QUERIES = ['"South-South"', '"triangular cooperation"', '"South-South Facility"', '"knowledge exchange"'];
const MAX_ROWS = 100;

export interface KeyedPage {
  total: number | null;
  /** Entries on the page other than `facets`, kept or not: zero means the end. */
  entries: number;
  items: Discovered[];
}

/**
 * One answer → its items: each entry of `json[member]` but `facets` goes through `toItem`, which
 * gives an item, a problem (a string: what is wrong with the entry) or null (not wanted).
 * @example parseKeyedPage('{"total":"1","projects":{"P1":{}}}', url, "projects", toItem).entries // 1
 */
export function parseKeyedPage(
  body: unknown,
  url: string,
  member: string,
  toItem: (key: string, entry: unknown) => Discovered | string | null,
): KeyedPage {
  const json = (typeof body === "string" ? parseJsonBody(body, url) : (body ?? {})) as Record<string, unknown>;
  const hits = json[member] && typeof json[member] === "object" ? (json[member] as Record<string, unknown>) : {};
  const items: Discovered[] = [];
  let entries = 0;
  for (const [key, entry] of Object.entries(hits)) {
    if (key === "facets") continue;
    entries++;
    const item = toItem(key, entry);
    if (typeof item === "string") items.push({ kind: "problem", url, outcome: "failed", message: item });
    else if (item) items.push(item);
  }
  return { total: parseAmount(json.total), entries, items };
}

export interface SearchApi {
  /** The path under `/api/v2/`: `wds`, `projects`. */
  api: string;
  fields: string;
  parse(body: unknown, url: string, query: string): KeyedPage;
}

export function searchUrl(
  base: string,
  api: SearchApi,
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
    fl: api.fields,
    ...window,
  });
  return `${base}/api/v2/${api.api}?${params}`;
}

/** A hit found by several queries is kept once, under its key: true the first time. */
function firstSight(seen: Set<string>, item: Discovered): boolean {
  const key = item.kind === "document" ? item.ref.key : item.kind === "record" ? item.record.key : undefined;
  if (key === undefined) return true;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/**
 * The settings of a World Bank search source: `query` (one or several, each run in turn), `rows`
 * (at most 100, the APIs' limit), `maxPages` (a safety stop per query), `fromDate`/`toDate`.
 */
function searchSettings(kind: string, schedule: string, documentHosts: string[]) {
  return settingsSchema(
    { kind, schedule, hosts: (s) => [...hostsOf([s.baseUrl]), ...documentHosts] },
    {
      baseUrl: baseUrl.default(DEFAULT_BASE_URL),
      query: stringList.default(DEFAULT_QUERIES),
      rows: positiveInt("entries per page", MAX_ROWS).default(MAX_ROWS),
      maxPages: positiveInt("pages per query").default(50),
      fromDate: isoDate.optional(),
      toDate: isoDate.optional(),
    },
  );
}

export type SearchSettings = z.output<ReturnType<typeof searchSettings>>;

/** Every query's hits, page by page, each hit once across queries. */
async function* searchAll(ctx: SourceContext<SearchSettings>, api: SearchApi): AsyncGenerator<Discovered> {
  const { baseUrl: base, rows, maxPages, id } = ctx.settings;
  const seen = new Set<string>();
  for (const query of ctx.settings.query) {
    const fetchPage = async (offset: number): Promise<KeyedPage> => {
      const url = searchUrl(base, api, query, rows, offset, dateWindow(ctx.settings));
      const page = api.parse(await fetchJson(ctx, url), url, query);
      return { ...page, items: page.items.filter((item) => firstSight(seen, item)) };
    };
    const ended = yield* offsetPages(fetchPage, { maxPages, signal: ctx.signal });
    if (!ended) ctx.log.info(`${id} stopped at maxPages`, { query, maxPages });
  }
}

/**
 * A World Bank search source: the SSTC queries over one API, paged `rows` at a time.
 * `documentHosts` are where the documents it finds live (beyond the API's host).
 */
export function searchSource(
  id: string,
  about: { description: string; schedule: string; documentHosts?: string[] },
  api: SearchApi,
): Source<SearchSettings> {
  return defineSource({
    id,
    kind: id,
    organizationId: "worldbank",
    description: about.description,
    settings: searchSettings(id, about.schedule, about.documentHosts ?? []),
    discover: (ctx) => searchAll(ctx, api),
  });
}
