import { z } from "zod";
import { endsTheSource, isFetchError } from "../errors.ts";
import type { Discovered, DocumentRef, RecordFact, Source, SourceContext } from "../types.ts";
import { fetchJson, parseJsonBody } from "./fetch-json.ts";
import { type OffsetPage, offsetPages } from "./paging.ts";
import { baseUrl, defineSource, hostsOf, positiveInt, settingsSchema, nonEmptyText } from "./settings.ts";
import { textReason } from "./sstc-match.ts";
import { literal, parseAmount, text, toIsoDate, yearPeriod } from "./values.ts";

/**
 * UNDP open data (open.undp.org). There is no SSTC marker: projects are kept when their title or
 * description speaks of SSTC. The list (`/api/project_list/`, limit/offset, wrapped as
 * `{"data":{"data":[...],"count":N,"links":{...}}}`) gives the candidates; each kept project's
 * `/api/projects/<id>.json` gives budgets per fiscal year and its documents.
 */

const DEFAULT_BASE_URL = "https://api.open.undp.org";
const PROJECT_PAGE = "https://open.undp.org/projects/";

type Json = Record<string, unknown>;

/** `rows` (at most 1000), `maxPages`, and the list's optional filters `year` and `operatingUnit`. */
const settings = settingsSchema(
  {
    kind: "undp-open",
    schedule: "0 3 * * 0",
    // Project documents sit on www.undp.org and its country offices' hosts.
    hosts: (s) => [...hostsOf([s.baseUrl]), "*.undp.org"],
  },
  {
    baseUrl: baseUrl.default(DEFAULT_BASE_URL),
    rows: positiveInt("projects per page", 1000).default(1000),
    maxPages: positiveInt("pages per run").default(100),
    year: z
      .union([z.number().int(), z.string().regex(/^\d{4}$/)], { error: "must be a year such as 2024" })
      .transform(String)
      .optional(),
    operatingUnit: nonEmptyText.optional(),
  },
);

export type UndpSettings = z.output<typeof settings>;

export interface ListItem {
  id: string;
  title: string;
  reason: string | null;
  totalBudget: number | null;
}

export interface ProjectListPage {
  count: number | null;
  entries: number;
  hasNext: boolean | null;
  items: ListItem[];
  problems: Discovered[];
}

/** The current API wraps twice (`{status, data: {data, count, links}}`); older answers are bare arrays. */
function unwrapList(json: unknown): { rows: unknown[]; count: number | null; hasNext: boolean | null } {
  if (Array.isArray(json)) return { rows: json, count: null, hasNext: null };
  const outer = (json ?? {}) as Json;
  const inner = (outer.data && !Array.isArray(outer.data) ? outer.data : outer) as Json;
  const rows = Array.isArray(inner.data) ? inner.data : Array.isArray(inner.results) ? inner.results : [];
  const links = inner.links as Json | undefined;
  const next = links ? links.next : inner.next;
  return { rows, count: parseAmount(inner.count), hasNext: next === undefined ? null : Boolean(next) };
}

/**
 * One project-list answer → candidate projects (with the SSTC reason, if any) and problems.
 * @example parseProjectList('[{"project_id":"00011263","title":"South-South ..."}]', url).items[0].reason
 */
export function parseProjectList(body: unknown, url: string): ProjectListPage {
  const { rows, count, hasNext } = unwrapList(typeof body === "string" ? parseJsonBody(body, url) : body);
  const items: ListItem[] = [];
  const problems: Discovered[] = [];
  for (const [i, row] of rows.entries()) {
    const r = (row ?? {}) as Json;
    const id = text(r.project_id);
    if (!id || !/^\w+$/.test(id)) {
      problems.push({
        kind: "problem",
        url,
        outcome: "failed",
        message: `project #${i + 1} on the page has no valid project_id`,
      });
      continue;
    }
    const title = text(r.title) ?? text(r.project_title) ?? "";
    const reason =
      textReason("title", title) ?? textReason("description", text(r.description) ?? text(r.project_descr));
    items.push({ id, title, reason, totalBudget: parseAmount(r.total_budget) });
  }
  return { count, entries: rows.length, hasNext, items, problems };
}

/** Per-year amounts from arrays parallel to `fiscal_year` (newest first; nulls and negatives skipped). */
function yearFacts(
  holder: Json,
  field: string,
  basis: RecordFact["basis"],
  path: string,
  subject: string,
): RecordFact[] {
  const years = Array.isArray(holder.fiscal_year) ? holder.fiscal_year : [];
  const amounts = Array.isArray(holder[field]) ? (holder[field] as unknown[]) : [];
  if (amounts.length !== years.length) return [];
  return amounts.flatMap((raw, i): RecordFact[] => {
    const value = parseAmount(raw);
    if (value === null || value <= 0) return [];
    return [
      {
        kind: "funding",
        value,
        currency: "USD",
        basis,
        period: text(years[i]),
        subject,
        field: `${path}${field}[${i}]`,
        quote: literal(raw),
        date: null,
      },
    ];
  });
}

/** Project-level arrays when they line up with the years, else each output's own. */
export function projectFacts(project: Json, title: string): RecordFact[] {
  const facts: RecordFact[] = [];
  const outputs = Array.isArray(project.outputs) ? (project.outputs as Json[]) : [];
  for (const [field, basis] of [
    ["budget", "budget"],
    ["expenditure", "expenditure"],
  ] as const) {
    const top = yearFacts(project, field, basis, "", title);
    if (top.length || outputs.length === 0) facts.push(...top);
    else
      for (const [j, o] of outputs.entries())
        facts.push(...yearFacts(o ?? {}, field, basis, `outputs[${j}]/`, text(o?.output_title) ?? title));
  }
  return facts;
}

/** `document_name` is `[[titles...], [urls...]]`; URLs may hold spaces. */
export function projectDocuments(project: Json, projectId: string): DocumentRef[] {
  const [titles, urls] = Array.isArray(project.document_name) ? (project.document_name as unknown[][]) : [];
  if (!Array.isArray(urls)) return [];
  return urls.flatMap((raw, i): DocumentRef[] => {
    const href = typeof raw === "string" ? raw.trim() : "";
    if (!URL.canParse(href)) return [];
    const title = Array.isArray(titles) ? text(titles[i]) : null;
    return [
      {
        url: new URL(href).toString(),
        title: title ?? undefined,
        type: "project",
        organizationId: "undp",
        expect: "document",
        meta: { undpProjectId: projectId },
      },
    ];
  });
}

/**
 * One project's detail answer → its record and its documents.
 * @example parseProjectDetail(body, url, item).map((d) => d.kind) // ["record", "document"]
 */
export function parseProjectDetail(body: unknown, url: string, item: ListItem): Discovered[] {
  let json = (typeof body === "string" ? parseJsonBody(body, url) : body) as Json;
  if (json?.data && typeof json.data === "object" && !Array.isArray(json.data) && "success" in json)
    json = json.data as Json;
  if (!json || typeof json !== "object")
    return [{ kind: "problem", url, outcome: "failed", message: `project ${item.id}: detail is not an object` }];
  const title = text(json.project_title) ?? item.title;
  const description = text(json.project_descr);
  const reason = item.reason ?? textReason("project_title", title) ?? textReason("project_descr", description);
  if (!reason) return [];
  const outputs = Array.isArray(json.outputs) ? (json.outputs as Json[]) : [];
  const start = toIsoDate(json.start);
  const end = toIsoDate(json.end);
  const facts = projectFacts(json, title);
  if (facts.length === 0 && item.totalBudget && item.totalBudget > 0) {
    facts.push({
      kind: "funding",
      value: item.totalBudget,
      currency: "USD",
      basis: "budget",
      period: yearPeriod(start, end),
      subject: title,
      field: "project_list/total_budget",
      quote: String(item.totalBudget),
      date: null,
    });
  }
  const record: Discovered = {
    kind: "record",
    record: {
      key: `undp:${item.id}`,
      url: PROJECT_PAGE + item.id,
      title,
      organizationId: "undp",
      type: "project",
      period: yearPeriod(start, end) ?? undefined,
      language: "en",
      reason,
      record: json,
      text: [
        title,
        description,
        ...outputs.map((o) => [text(o?.output_title), text(o?.output_descr)].filter(Boolean).join(": ")),
      ]
        .filter(Boolean)
        .join("\n\n"),
      facts,
      meta: { undpProjectId: item.id, api: url, operatingUnit: text(json.operating_unit), start, end },
    },
  };
  return [record, ...projectDocuments(json, item.id).map((ref): Discovered => ({ kind: "document", ref }))];
}

/** `year` and `operatingUnit` settings narrow the list (the API's `year`, `operating_unit`). */
export function listUrl(settings: UndpSettings, offset: number): string {
  const params = new URLSearchParams({ limit: String(settings.rows), offset: String(offset) });
  if (settings.year) params.set("year", settings.year);
  if (settings.operatingUnit) params.set("operating_unit", settings.operatingUnit);
  return `${settings.baseUrl}/api/project_list/?${params}`;
}

async function* projectItems(ctx: SourceContext, base: string, item: ListItem): AsyncGenerator<Discovered> {
  const url = `${base}/api/projects/${encodeURIComponent(item.id)}.json`;
  try {
    yield* parseProjectDetail(await fetchJson(ctx, url), url, item);
  } catch (error) {
    // A missing or broken project page is that project's problem; the others go on.
    if (!isFetchError(error) || endsTheSource(error, ctx.signal)) throw error;
    yield {
      kind: "problem",
      url,
      outcome: error.reason === "not-found" ? "not-found" : "failed",
      message: `project ${item.id}: ${error.message}`,
    };
  }
}

/** A list page's problems, then each SSTC candidate's project page, fetched as they are reached. */
async function* listItems(ctx: SourceContext, base: string, list: ProjectListPage): AsyncGenerator<Discovered> {
  yield* list.problems;
  for (const item of list.items.filter((i) => i.reason)) yield* projectItems(ctx, base, item);
}

export const undpOpen: Source<UndpSettings> = defineSource({
  id: "undp-open",
  kind: "undp-open",
  organizationId: "undp",
  description:
    "UNDP open data API (open.undp.org): projects about South-South and triangular cooperation, their budgets per " +
    "fiscal year and documents",
  settings,
  async *discover(ctx) {
    const { baseUrl: base, maxPages } = ctx.settings;
    const fetchPage = async (offset: number): Promise<OffsetPage<Discovered>> => {
      const url = listUrl(ctx.settings, offset);
      const list = parseProjectList(await fetchJson(ctx, url), url);
      return { items: listItems(ctx, base, list), entries: list.entries, total: list.count, hasNext: list.hasNext };
    };
    const ended = yield* offsetPages(fetchPage, { maxPages, signal: ctx.signal });
    if (!ended) ctx.log.info("undp-open stopped at maxPages", { maxPages });
  },
});
