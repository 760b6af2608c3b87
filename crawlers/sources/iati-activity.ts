import type { XmlNode } from "./iati-stream.ts";
import { parseAmount, text, toIsoDate, yearPeriod } from "./values.ts";

/**
 * One `iati-activity` element tree → a plain summary of what the overview needs, across the
 * versions publishers still use: 2.0x narratives and numeric codes, and 1.0x text-in-element and
 * letter codes ("C", "D", "IF", "E"). Pure; no SSTC judgement here (see iati-record.ts).
 */

export interface Narrative {
  lang: string | null;
  text: string;
}

export interface MoneyItem {
  /** Position among the activity's elements of that name, for the fact's field path. */
  index: number;
  value: number | null;
  valueText: string;
  currency: string | null;
  valueDate: string | null;
}

export interface Budget extends MoneyItem {
  start: string | null;
  end: string | null;
}

export interface Transaction extends MoneyItem {
  type: string | null;
  date: string | null;
}

export interface Activity {
  id: string;
  version: string | null;
  hierarchy: number;
  lang: string | null;
  defaultCurrency: string | null;
  reportingOrg: { ref: string | null; name: string | null };
  titles: Narrative[];
  descriptions: Narrative[];
  collaborationType: string | null;
  tags: Array<{ vocabulary: string | null; code: string | null; text: string | null }>;
  participatingOrgs: Array<{ ref: string | null; role: string | null; name: string | null }>;
  parentId: string | null;
  start: string | null;
  end: string | null;
  budgets: Budget[];
  transactions: Transaction[];
}

const children = (node: XmlNode, name: string): XmlNode[] => node.children.filter((c) => c.name === name);
const child = (node: XmlNode, name: string): XmlNode | undefined => node.children.find((c) => c.name === name);
const attr = (node: XmlNode | undefined, name: string): string | null => text(node?.attrs[name]);

/** 2.0x: `<narrative xml:lang>` children; 1.0x: the element's own text. */
export function narratives(node: XmlNode | undefined, lang: string | null = null): Narrative[] {
  if (!node) return [];
  const list = children(node, "narrative")
    .map((n) => ({ lang: attr(n, "xml:lang")?.toLowerCase() ?? lang, text: text(n.text) }))
    .filter((n): n is Narrative => n.text !== null);
  if (list.length) return list;
  const own = text(node.text);
  return own ? [{ lang: attr(node, "xml:lang")?.toLowerCase() ?? lang, text: own }] : [];
}

/** The English narrative when there is one (the overview is read in English), else the first. */
export function pickNarrative(list: Narrative[]): string | null {
  return (list.find((n) => n.lang === "en") ?? list[0])?.text ?? null;
}

/** 2.0x numeric date types and 1.0x named ones. */
const START_TYPES = [
  ["2", "start-actual"],
  ["1", "start-planned"],
];
const END_TYPES = [
  ["4", "end-actual"],
  ["3", "end-planned"],
];

function activityDate(node: XmlNode, types: string[][]): string | null {
  const dates = children(node, "activity-date");
  for (const names of types) {
    const found = dates.find((d) => names.includes(d.attrs.type ?? ""));
    const iso = toIsoDate(found?.attrs["iso-date"]);
    if (iso) return iso;
  }
  return null;
}

function money(value: XmlNode | undefined, index: number): MoneyItem {
  const valueText = value?.text.trim() ?? "";
  return {
    index,
    value: parseAmount(valueText),
    valueText,
    currency: attr(value, "currency"),
    valueDate: toIsoDate(value?.attrs["value-date"]),
  };
}

function budgets(node: XmlNode): Budget[] {
  return children(node, "budget").map((b, i) => ({
    ...money(child(b, "value"), i),
    start: toIsoDate(child(b, "period-start")?.attrs["iso-date"]),
    end: toIsoDate(child(b, "period-end")?.attrs["iso-date"]),
  }));
}

function transactions(node: XmlNode): Transaction[] {
  return children(node, "transaction").map((t, i) => {
    const date = child(t, "transaction-date");
    const value = child(t, "value");
    return {
      ...money(value, i),
      type: attr(child(t, "transaction-type"), "code"),
      // 1.0x files sometimes give the date only as value-date.
      date: toIsoDate(date?.attrs["iso-date"]) ?? toIsoDate(date?.text) ?? toIsoDate(value?.attrs["value-date"]),
    };
  });
}

/**
 * The summary of one activity, or a problem message when it has no identifier.
 * @example readActivity(node, "2.03").id // "XM-DAC-41114-PROJECT-00012345"
 */
export function readActivity(node: XmlNode, rootVersion: string | null): Activity | string {
  const id = text(child(node, "iati-identifier")?.text);
  if (!id) return "activity has no iati-identifier";
  const lang = attr(node, "xml:lang")?.toLowerCase() ?? null;
  const reporting = child(node, "reporting-org");
  const hierarchy = Number(attr(node, "hierarchy") ?? "1");
  return {
    id,
    version: attr(node, "version") ?? rootVersion,
    hierarchy: Number.isInteger(hierarchy) && hierarchy > 0 ? hierarchy : 1,
    lang,
    defaultCurrency: attr(node, "default-currency"),
    reportingOrg: { ref: attr(reporting, "ref"), name: pickNarrative(narratives(reporting, lang)) },
    titles: narratives(child(node, "title"), lang),
    descriptions: children(node, "description").flatMap((d) => narratives(d, lang)),
    collaborationType: attr(child(node, "collaboration-type"), "code"),
    tags: children(node, "tag").map((t) => ({
      vocabulary: attr(t, "vocabulary"),
      code: attr(t, "code"),
      text: pickNarrative(narratives(t, lang)),
    })),
    participatingOrgs: children(node, "participating-org").map((p) => ({
      ref: attr(p, "ref"),
      role: attr(p, "role"),
      name: pickNarrative(narratives(p, lang)),
    })),
    parentId: attr(
      children(node, "related-activity").find((r) => r.attrs.type === "1"),
      "ref",
    ),
    start: activityDate(node, START_TYPES),
    end: activityDate(node, END_TYPES),
    budgets: budgets(node),
    transactions: transactions(node),
  };
}

/** The period an activity runs over, from its dates or else its budgets. */
export function activityPeriod(a: Activity): string | null {
  const starts = a.budgets
    .map((b) => b.start)
    .filter((d): d is string => d !== null)
    .sort();
  const ends = a.budgets
    .map((b) => b.end)
    .filter((d): d is string => d !== null)
    .sort();
  return yearPeriod(a.start ?? starts[0], a.end ?? ends.at(-1));
}
