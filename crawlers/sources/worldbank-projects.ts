import type { Discovered, RecordDoc, RecordFact, Source, SourceContext } from "../types.ts";
import { fetchJson, parseJsonBody } from "./fetch-json.ts";
import { baseUrl, dateWindow, listSetting, numberSetting } from "./settings.ts";
import { matchSstc, textReason } from "./sstc-match.ts";
import { literal, parseAmount, text, toIsoDate, yearPeriod } from "./values.ts";

/**
 * World Bank Projects API (v2). `projects` is keyed by project id; `total` and `os` come as
 * strings; amounts are strings with commas; dates mix ISO and US formats. Only SSTC projects are
 * kept, each as a record whose commitment is a fact citing the field it came from.
 */

const DEFAULT_BASE_URL = "https://search.worldbank.org";
const DEFAULT_QUERIES = ['"South-South"', '"triangular cooperation"', '"South-South Facility"', '"knowledge exchange"'];
const FIELDS =
  "id,project_name,project_abstract,pdo,countryshortname,regionname,status,boardapprovaldate,closingdate," +
  "totalcommamt,ibrdcommamt,idacommamt,theme_list,themev2_level1_exact,url";
const MAX_ROWS = 100;
const PROJECT_PAGE = "https://projects.worldbank.org/en/projects-operations/project-detail/";

/** Commitment parts, counted as facts only when the total is missing (else they would be summed twice). */
const PARTS = [
  ["ibrdcommamt", "IBRD"],
  ["idacommamt", "IDA"],
] as const;

type Project = Record<string, unknown>;

/** `project_abstract` is `{"cdata!": text}` in v2 answers, a plain string in others. */
function abstractText(value: unknown): string | null {
  if (value && typeof value === "object" && "cdata!" in value)
    return text((value as Record<string, unknown>)["cdata!"]);
  return text(value);
}

function themeNames(project: Project): string[] {
  const names: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === "string") names.push(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") {
      const v = value as Record<string, unknown>;
      if (typeof v.name === "string") names.push(v.name);
      Object.values(v)
        .filter((x) => typeof x === "object")
        .forEach(visit);
    }
  };
  visit(project.theme_list);
  visit(project.themev2_level1_exact);
  return names;
}

/** Why a project is SSTC: its own text first, else the SSTC-specific query that found it. */
export function projectReason(project: Project, query: string): string | null {
  const fields: Array<[string, string | null]> = [
    ["project_name", text(project.project_name)],
    ["project_abstract", abstractText(project.project_abstract)],
    ["pdo", text(project.pdo)],
    ["theme", themeNames(project).join("; ")],
  ];
  for (const [field, value] of fields) {
    const reason = textReason(field, value);
    if (reason) return reason;
  }
  return matchSstc(query.replace(/"/g, "")) ? `found by SSTC query ${query}` : null;
}

function amountFact(
  project: Project,
  field: string,
  subject: string,
  date: string | null,
  period: string | null,
): RecordFact | null {
  const value = parseAmount(project[field]);
  if (value === null || value <= 0) return null;
  return {
    kind: "funding",
    value,
    currency: "USD",
    basis: "commitment",
    period,
    subject,
    field,
    quote: literal(project[field]),
    date,
  };
}

function projectFacts(project: Project, title: string, date: string | null, period: string | null): RecordFact[] {
  const total = amountFact(project, "totalcommamt", title, date, period);
  if (total) return [total];
  return PARTS.map(([field, label]) => amountFact(project, field, `${title} (${label})`, date, period)).filter(
    (f): f is RecordFact => f !== null,
  );
}

/** One project → a record, or a problem string when it cannot be one; null when not SSTC. */
export function projectRecord(key: string, project: unknown, query: string): RecordDoc | string | null {
  if (!project || typeof project !== "object" || Array.isArray(project)) return `project ${key} is not an object`;
  const p = project as Project;
  const id = text(p.id) ?? key;
  if (!/^P\d+$/.test(id)) return `project ${key} has no valid id`;
  const title = text(p.project_name);
  if (!title) return `project ${id} has no project_name`;
  const reason = projectReason(p, query);
  if (!reason) return null;
  const approval = toIsoDate(p.boardapprovaldate);
  const closing = toIsoDate(p.closingdate);
  const period = yearPeriod(approval, closing);
  const abstract = abstractText(p.project_abstract);
  return {
    key: `wb-project:${id}`,
    url: PROJECT_PAGE + id,
    title,
    organizationId: "worldbank",
    type: "project",
    period: period ?? undefined,
    language: "en",
    reason,
    record: p,
    text: [title, abstract, text(p.pdo)].filter(Boolean).join("\n\n"),
    facts: projectFacts(p, title, approval, period),
    meta: {
      projectId: id,
      approvalDate: approval,
      closingDate: closing,
      country: p.countryshortname,
      status: text(p.status),
      parts: Object.fromEntries(PARTS.map(([f]) => [f, p[f] ?? null])),
    },
  };
}

export interface ProjectsPage {
  total: number | null;
  entries: number;
  items: Discovered[];
}

/**
 * One Projects API answer → SSTC records and problems.
 * @example parseProjectsPage('{"total":"1","projects":{"P1":{...}}}', url, '"South-South"')
 */
export function parseProjectsPage(body: unknown, url: string, query: string): ProjectsPage {
  const json = (typeof body === "string" ? parseJsonBody(body, url) : (body ?? {})) as {
    total?: unknown;
    projects?: Record<string, unknown>;
  };
  const projects = json.projects && typeof json.projects === "object" ? json.projects : {};
  const items: Discovered[] = [];
  let entries = 0;
  for (const [key, project] of Object.entries(projects)) {
    if (key === "facets") continue;
    entries++;
    const record = projectRecord(key, project, query);
    if (typeof record === "string") items.push({ kind: "problem", url, outcome: "failed", message: record });
    else if (record) items.push({ kind: "record", record });
  }
  return { total: parseAmount(json.total), entries, items };
}

export function projectsUrl(
  base: string,
  query: string,
  rows: number,
  offset: number,
  window: Record<string, string> = {},
): string {
  const params = new URLSearchParams({
    format: "json",
    rows: String(rows),
    os: String(offset),
    fl: FIELDS,
    qterm: query,
    ...window,
  });
  return `${base}/api/v2/projects?${params}`;
}

async function* searchQuery(
  ctx: SourceContext,
  base: string,
  query: string,
  seen: Set<string>,
): AsyncGenerator<Discovered> {
  const rows = numberSetting(ctx, "rows", MAX_ROWS, MAX_ROWS);
  const maxPages = numberSetting(ctx, "maxPages", 50);
  for (let page = 0, offset = 0; page < maxPages && !ctx.signal.aborted; page++, offset += rows) {
    const url = projectsUrl(base, query, rows, offset, dateWindow(ctx));
    const body = await fetchJson(ctx, url);
    const parsed = parseProjectsPage(body, url, query);
    for (const item of parsed.items) {
      if (item.kind === "record" && seen.has(item.record.key)) continue;
      if (item.kind === "record") seen.add(item.record.key);
      yield item;
    }
    if (parsed.entries === 0 || (parsed.total !== null && offset + rows >= parsed.total)) return;
  }
  ctx.log.info("worldbank-projects stopped at maxPages", { query, maxPages });
}

export const worldbankProjects: Source = {
  id: "worldbank-projects",
  kind: "worldbank-projects",
  organizationId: "worldbank",
  description: "World Bank Projects API: South-South and triangular cooperation projects and their commitments",
  defaults: {
    id: "worldbank-projects",
    kind: "worldbank-projects",
    enabled: true,
    schedule: "0 4 * * 1",
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
