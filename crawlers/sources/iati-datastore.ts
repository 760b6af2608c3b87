import type { z } from "zod";
import { FetchError } from "../errors.ts";
import type { Discovered, Source, SourceContext } from "../types.ts";
import type { Activity, Budget, Narrative, Transaction } from "./iati-activity.ts";
import { createHierarchyFilter, type HierarchyFilter } from "./iati-hierarchy.ts";
import { activityRecord } from "./iati-record.ts";
import { fetchJson, parseJsonBody } from "./fetch-json.ts";
import { type CursorPage, cursorPages } from "./paging.ts";
import { baseUrl, defineSource, hostsOf, positiveInt, settingsSchema, stringList, nonEmptyText } from "./settings.ts";
import { parseAmount, text, toIsoDate } from "./values.ts";

/**
 * IATI Datastore (Solr) search. Answers `{"response":{"numFound","start","docs"},"nextCursorMark"}`
 * with element paths flattened to `_` names and every repeated field an array. Paged with
 * cursorMark until it stops changing.
 *
 * Solr flattens repeated elements field by field and leaves out missing values, so
 * `budget_value_currency` is shorter than `budget_value` when some budgets have no currency. A
 * companion array is used only when it has the same length as the values; otherwise the
 * activity's `default_currency` (or no type/date) applies, never a shifted one.
 */

const DEFAULT_BASE_URL = "https://api.iatistandard.org";
const SSTC_PHRASES = [
  '"South-South"',
  '"triangular cooperation"',
  '"triangular co-operation"',
  '"Sur-Sur"',
  '"Sud-Sud"',
  '"Sul-Sul"',
  '"cooperación triangular"',
  '"coopération triangulaire"',
];
export const DEFAULT_QUERY = [
  "collaboration_type_code:8",
  ...SSTC_PHRASES.flatMap((p) => [`title_narrative:${p}`, `description_narrative:${p}`]),
].join(" OR ");
const FIELDS = [
  "iati_identifier",
  "xml_lang",
  "default_currency",
  "hierarchy",
  "dataset_version",
  "title_narrative",
  "title_narrative_xml_lang",
  "description_narrative",
  "description_narrative_xml_lang",
  "reporting_org_ref",
  "reporting_org_narrative",
  "collaboration_type_code",
  "tag_vocabulary",
  "tag_code",
  "tag_narrative",
  "participating_org_ref",
  "participating_org_role",
  "participating_org_narrative",
  "related_activity_ref",
  "related_activity_type",
  "activity_date_type",
  "activity_date_iso_date",
  "budget_value",
  "budget_value_currency",
  "budget_value_value_date",
  "budget_period_start_iso_date",
  "budget_period_end_iso_date",
  "transaction_transaction_type_code",
  "transaction_transaction_date_iso_date",
  "transaction_value",
  "transaction_value_currency",
  "transaction_value_value_date",
].join(",");

type Doc = Record<string, unknown>;

const list = (doc: Doc, field: string): unknown[] =>
  Array.isArray(doc[field])
    ? (doc[field] as unknown[])
    : doc[field] === undefined || doc[field] === null
      ? []
      : [doc[field]];
const str = (v: unknown): string | null => text(v);

/** The companion of `values` at index i, only when both arrays line up. */
function aligned(doc: Doc, field: string, length: number): (i: number) => string | null {
  const values = list(doc, field);
  return values.length === length ? (i) => str(values[i]) : () => null;
}

function docNarratives(doc: Doc, field: string, lang: string | null): Narrative[] {
  const values = list(doc, field);
  const langs = aligned(doc, `${field}_xml_lang`, values.length);
  return values
    .map((v, i) => ({ lang: langs(i)?.toLowerCase() ?? lang, text: str(v) }))
    .filter((n): n is Narrative => n.text !== null);
}

/**
 * A repeated amount (`budget_value`, `transaction_value`) with its currency and value date
 * (`<field>_currency`, `<field>_value_date`) and its other companion fields at the same index, each
 * read only where it lines up.
 */
function amounts(doc: Doc, field: string, companions: string[]) {
  const values = list(doc, field);
  const columns = [`${field}_currency`, `${field}_value_date`, ...companions].map((f) =>
    aligned(doc, f, values.length),
  );
  return values.map((v, i) => {
    const [currency, valueDate, ...at] = columns.map((column) => column(i));
    return {
      amount: { index: i, value: parseAmount(v), valueText: String(v), currency, valueDate: toIsoDate(valueDate) },
      at,
    };
  });
}

function docBudgets(doc: Doc): Budget[] {
  const companions = ["budget_period_start_iso_date", "budget_period_end_iso_date"];
  return amounts(doc, "budget_value", companions).map(({ amount, at: [start, end] }) => ({
    ...amount,
    start: toIsoDate(start),
    end: toIsoDate(end),
  }));
}

function docTransactions(doc: Doc): Transaction[] {
  const companions = ["transaction_transaction_type_code", "transaction_transaction_date_iso_date"];
  return amounts(doc, "transaction_value", companions).map(({ amount, at: [type, date] }) => ({
    ...amount,
    type,
    date: toIsoDate(date),
  }));
}

function docDate(doc: Doc, types: string[]): string | null {
  const dates = list(doc, "activity_date_iso_date");
  const typeAt = aligned(doc, "activity_date_type", dates.length);
  for (const t of types) {
    const i = dates.findIndex((_, j) => typeAt(j) === t);
    if (i !== -1) return toIsoDate(dates[i]);
  }
  return null;
}

/** One Datastore doc → the same activity summary the XML parser gives, or a problem message. */
export function docToActivity(doc: unknown): Activity | string {
  if (!doc || typeof doc !== "object") return "doc is not an object";
  const d = doc as Doc;
  const id = str(list(d, "iati_identifier")[0]);
  if (!id) return `doc ${str(d.id) ?? "?"} has no iati_identifier`;
  const lang = str(list(d, "xml_lang")[0])?.toLowerCase() ?? null;
  const orgRefs = list(d, "participating_org_ref");
  const orgNames = list(d, "participating_org_narrative");
  const relatedRefs = list(d, "related_activity_ref");
  const relatedType = aligned(d, "related_activity_type", relatedRefs.length);
  const tagCodes = list(d, "tag_code");
  const tagNames = aligned(d, "tag_narrative", tagCodes.length);
  const tagVocab = aligned(d, "tag_vocabulary", tagCodes.length);
  const hierarchy = Number(list(d, "hierarchy")[0] ?? 1);
  return {
    id,
    version: str(list(d, "dataset_version")[0]),
    hierarchy: Number.isInteger(hierarchy) && hierarchy > 0 ? hierarchy : 1,
    lang,
    defaultCurrency: str(list(d, "default_currency")[0]),
    reportingOrg: { ref: str(list(d, "reporting_org_ref")[0]), name: str(list(d, "reporting_org_narrative")[0]) },
    titles: docNarratives(d, "title_narrative", lang),
    descriptions: docNarratives(d, "description_narrative", lang),
    collaborationType: str(list(d, "collaboration_type_code")[0]),
    // Tag narratives are matched even when they do not line up with codes: text is text.
    tags: tagCodes.length
      ? tagCodes.map((c, i) => ({ vocabulary: tagVocab(i), code: str(c), text: tagNames(i) }))
      : list(d, "tag_narrative").map((n) => ({ vocabulary: null, code: null, text: str(n) })),
    participatingOrgs: orgNames.map((n, i) => ({
      ref: orgRefs.length === orgNames.length ? str(orgRefs[i]) : null,
      role: null,
      name: str(n),
    })),
    parentId: str(relatedRefs.find((_, i) => relatedType(i) === "1")),
    start: docDate(d, ["2", "1"]),
    end: docDate(d, ["4", "3"]),
    budgets: docBudgets(d),
    transactions: docTransactions(d),
  };
}

export interface DatastorePage {
  numFound: number | null;
  docs: number;
  nextCursorMark: string | null;
  items: Discovered[];
}

/**
 * One Datastore answer → SSTC records and problems (through the hierarchy filter of the run).
 * @example parseDatastorePage(body, url, createHierarchyFilter()).nextCursorMark
 */
export function parseDatastorePage(body: unknown, url: string, hierarchy: HierarchyFilter): DatastorePage {
  const json = (typeof body === "string" ? parseJsonBody(body, url) : body) as {
    response?: { numFound?: unknown; docs?: unknown };
    nextCursorMark?: unknown;
  };
  const docs = Array.isArray(json?.response?.docs) ? json.response.docs : [];
  const items: Discovered[] = [];
  for (const doc of docs) {
    const activity = docToActivity(doc);
    if (typeof activity === "string") {
      items.push({ kind: "problem", url, outcome: "failed", message: activity });
      continue;
    }
    const record = activityRecord(activity, { datastoreId: str((doc as Doc).id) });
    if (record)
      items.push(
        ...hierarchy
          .offer(record, activity.id, activity.hierarchy, activity.parentId)
          .map((r): Discovered => ({ kind: "record", record: r })),
      );
  }
  return {
    numFound: parseAmount(json?.response?.numFound),
    docs: docs.length,
    nextCursorMark: str(json?.nextCursorMark),
    items,
  };
}

export function selectUrl(base: string, query: string, rows: number, cursorMark: string): string {
  const params = new URLSearchParams({ q: query, fl: FIELDS, rows: String(rows), sort: "id asc", cursorMark });
  return `${base}/datastore/activity/select?${params}`;
}

/**
 * `apiKey` (header `Ocp-Apim-Subscription-Key`; IATI_API_KEY gives one too), `query` (Solr; several
 * are joined with OR), `rows` (at most 1000), `maxPages`. The Datastore refuses every request
 * without a key, so the source is off until one is given.
 */
const settings = settingsSchema(
  { kind: "iati-datastore", schedule: "0 6 * * 0", hosts: (s) => hostsOf([s.baseUrl]), enabledWhen: (s) => !!s.apiKey },
  {
    baseUrl: baseUrl.default(DEFAULT_BASE_URL),
    apiKey: nonEmptyText.optional(),
    query: stringList.default([DEFAULT_QUERY]),
    rows: positiveInt("activities per page", 1000).default(500),
    maxPages: positiveInt("pages per run").default(200),
  },
);

export type DatastoreSettings = z.output<typeof settings>;

function requireKey(ctx: SourceContext<DatastoreSettings>, url: string): string {
  const key = ctx.settings.apiKey;
  if (!key)
    throw new FetchError(
      "unauthorized",
      "iati-datastore needs an API key: set apiKey for this source in the sources file (a free key from the IATI " +
        "Developer Portal)",
      url,
    );
  return key;
}

async function* pages(ctx: SourceContext<DatastoreSettings>, hierarchy: HierarchyFilter): AsyncGenerator<Discovered> {
  const { baseUrl: base, rows, maxPages } = ctx.settings;
  const query = ctx.settings.query.map((q) => `(${q})`).join(" OR ");
  const key = requireKey(ctx, selectUrl(base, query, rows, "*"));
  const fetchPage = async (cursorMark: string): Promise<CursorPage<Discovered, string>> => {
    const url = selectUrl(base, query, rows, cursorMark);
    const parsed = parseDatastorePage(await fetchJson(ctx, url, { "Ocp-Apim-Subscription-Key": key }), url, hierarchy);
    return { items: parsed.items, entries: parsed.docs, next: parsed.nextCursorMark || null };
  };
  const ended = yield* cursorPages("*", fetchPage, { maxPages, signal: ctx.signal });
  if (!ended) ctx.log.info("iati-datastore stopped at maxPages", { maxPages });
}

export const iatiDatastore: Source<DatastoreSettings> = defineSource({
  id: "iati-datastore",
  kind: "iati-datastore",
  description:
    "IATI Datastore API: activities marked triangular (collaboration-type 8) or describing South-South cooperation, " +
    "with budgets and transactions",
  settings,
  fromConfig: (config) => (config.iatiApiKey?.trim() ? { apiKey: config.iatiApiKey.trim() } : {}),
  async *discover(ctx) {
    const hierarchy = createHierarchyFilter();
    yield* pages(ctx, hierarchy);
    for (const record of hierarchy.flush()) yield { kind: "record", record };
  },
});
