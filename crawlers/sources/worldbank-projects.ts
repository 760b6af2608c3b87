import type { RecordDoc, RecordFact, Source } from "../types.ts";
import { matchSstc, textReason } from "./sstc-match.ts";
import { literal, parseAmount, text, toIsoDate, yearPeriod } from "./values.ts";
import { type KeyedPage, parseKeyedPage, type SearchSettings, searchSource } from "./worldbank-search.ts";

/**
 * World Bank Projects API (v2). `projects` is keyed by project id; `total` and `os` come as
 * strings; amounts are strings with commas; dates mix ISO and US formats. Only SSTC projects are
 * kept, each as a record whose commitment is a fact citing the field it came from.
 */

const FIELDS =
  "id,project_name,project_abstract,pdo,countryshortname,regionname,status,boardapprovaldate,closingdate," +
  "totalcommamt,ibrdcommamt,idacommamt,theme_list,themev2_level1_exact,url";
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

export type ProjectsPage = KeyedPage;

/**
 * One Projects API answer → SSTC records and problems.
 * @example parseProjectsPage('{"total":"1","projects":{"P1":{...}}}', url, '"South-South"')
 */
export function parseProjectsPage(body: unknown, url: string, query: string): ProjectsPage {
  return parseKeyedPage(body, url, "projects", (key, project) => {
    const record = projectRecord(key, project, query);
    return record && typeof record === "object" ? { kind: "record", record } : record;
  });
}

export const worldbankProjects: Source<SearchSettings> = searchSource(
  "worldbank-projects",
  {
    description: "World Bank Projects API: South-South and triangular cooperation projects and their commitments",
    schedule: "0 4 * * 1",
  },
  { api: "projects", fields: FIELDS, parse: parseProjectsPage },
);
