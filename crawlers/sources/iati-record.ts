import type { RecordDoc, RecordFact } from "../types.ts";
import { activityPeriod, pickNarrative, type Activity, type MoneyItem } from "./iati-activity.ts";
import { matchSstcFund, textReason } from "./sstc-match.ts";
import { yearPeriod } from "./values.ts";

/**
 * An IATI activity summary → an SSTC record with its budgets and transactions as facts. Shared by
 * the activity files and the Datastore, so both judge and cite activities the same way.
 */

/** IATI organisation identifiers of the organisations the overview follows. */
export const IATI_ORGANIZATIONS: Record<string, string> = {
  "XM-DAC-41114": "undp",
  "XM-DAC-41119": "unfpa",
  "XM-DAC-41122": "unicef",
  "XM-DAC-41108": "ifad",
  "XM-DAC-41123": "unido",
  "XM-DAC-41140": "wfp",
  "XM-DAC-41301": "fao",
  "XM-DAC-41302": "ilo",
  "XM-DAC-41304": "unesco",
  "XI-IATI-IADB": "idb",
  "46002": "afdb",
  "XM-DAC-46002": "afdb",
  "46004": "adb",
  "XM-DAC-46004": "adb",
  "44000": "worldbank",
  "XM-DAC-44000": "worldbank",
};

/** Transaction types (2.0x codes and 1.0x letters) → basis; other types are not support. */
const TRANSACTION_BASIS: Record<string, RecordFact["basis"]> = {
  "1": "contribution",
  IF: "contribution",
  "2": "commitment",
  C: "commitment",
  "3": "disbursement",
  D: "disbursement",
  "4": "expenditure",
  E: "expenditure",
};

export function organizationFor(ref: string | null): string | undefined {
  return ref ? IATI_ORGANIZATIONS[ref.trim()] : undefined;
}

/** Why an activity is SSTC, or null: code 8 first, then tags, title, description, funds. */
export function activityReason(a: Activity): string | null {
  if (a.collaborationType === "8") return "collaboration-type 8 (triangular co-operation)";
  for (const tag of a.tags) {
    const reason = textReason(
      `tag ${tag.vocabulary ?? "?"}/${tag.code ?? "?"}`,
      [tag.code, tag.text].filter(Boolean).join(" "),
    );
    if (reason) return reason;
  }
  for (const t of a.titles) {
    const reason = textReason("title", t.text);
    if (reason) return reason;
  }
  for (const d of a.descriptions) {
    const reason = textReason("description", d.text);
    if (reason) return reason;
  }
  for (const org of a.participatingOrgs) {
    const fund = matchSstcFund(org.name);
    if (fund) return `participating-org "${org.name}" is an SSTC fund (${fund})`;
  }
  return null;
}

function fact(
  item: MoneyItem,
  a: Activity,
  field: string,
  basis: RecordFact["basis"],
  period: string | null,
  date: string | null,
  subject: string,
): RecordFact | null {
  if (item.value === null || item.value === 0) return null;
  return {
    kind: "funding",
    value: item.value,
    currency: item.currency ?? a.defaultCurrency ?? undefined,
    period,
    basis,
    subject,
    field,
    quote: item.valueText,
    date,
  };
}

export function activityFacts(a: Activity, subject: string): RecordFact[] {
  const facts: Array<RecordFact | null> = [];
  for (const b of a.budgets) {
    facts.push(fact(b, a, `budget[${b.index}]/value`, "budget", yearPeriod(b.start, b.end), b.valueDate, subject));
  }
  for (const t of a.transactions) {
    const basis = t.type ? TRANSACTION_BASIS[t.type.toUpperCase()] : undefined;
    if (basis)
      facts.push(
        fact(t, a, `transaction[${t.index}]/value`, basis, t.date?.slice(0, 4) ?? null, t.date ?? t.valueDate, subject),
      );
  }
  return facts.filter((f): f is RecordFact => f !== null);
}

export function dportalUrl(id: string): string {
  return `https://d-portal.org/q.html?aid=${encodeURIComponent(id)}`;
}

/**
 * An SSTC activity as a record, or null when it is not SSTC.
 * @example activityRecord(a, { source: "https://x/file.xml" })?.reason
 *   // "collaboration-type 8 (triangular co-operation)"
 */
export function activityRecord(a: Activity, meta: Record<string, unknown> = {}): RecordDoc | null {
  const reason = activityReason(a);
  if (!reason) return null;
  const title = pickNarrative(a.titles) ?? `IATI activity ${a.id}`;
  const description = a.descriptions.filter((d) => d.lang === null || d.lang === (a.lang ?? "en")).map((d) => d.text);
  const period = activityPeriod(a);
  return {
    key: `iati:${a.id}`,
    url: dportalUrl(a.id),
    title,
    organizationId: organizationFor(a.reportingOrg.ref),
    type: "project",
    period: period ?? undefined,
    language: a.lang ?? undefined,
    reason,
    record: a,
    text: [title, ...(description.length ? description : a.descriptions.map((d) => d.text))].join("\n\n"),
    facts: activityFacts(a, title),
    meta: {
      iatiIdentifier: a.id,
      reportingOrgRef: a.reportingOrg.ref,
      reportingOrg: a.reportingOrg.name,
      version: a.version,
      hierarchy: a.hierarchy,
      parentId: a.parentId,
      ...meta,
    },
  };
}
