/**
 * Test data for anything that reads documents, versions, pages and facts (pipeline, overview,
 * exports, API, alerts). Inserts rows directly with drizzle into a migrated test database
 * (see test/db-harness.ts); nothing here is mocked.
 *
 *   const { documentId, versionId } = await seedDocument(db, { organizationId: "undp", pages: ["..."] });
 *   await analyzePendingVersions(db);                       // analyse the text, or:
 *   const id = await seedFact(db, { documentId, versionId, kind: "funding", value: 3_500_000, period: "2024" });
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.ts";
import { documentVersions } from "../db/schema/document-versions.ts";
import { documents, type NewDocumentRow } from "../db/schema/documents.ts";
import { facts, type NewFactRow } from "../db/schema/facts.ts";
import { pages } from "../db/schema/pages.ts";
import { parsePeriod } from "../analysis/periods.ts";

/**
 * Two pages an analyzer reads as SSTC: a $3.5M budget (2024-2025) with 1 P-5, 2 P-4, 1 GS (OL), and EUR 2M contributed
 * in 2022.
 */
export const SSTC_PAGES = [
  "Programme budget for the biennium 2024-2025\n\nThe resources proposed for the South-South Cooperation Unit amount " +
    "to $3.5 million for 2024-2025 and would provide for four posts (1 P-5, 2 P-4 and 1 GS (OL)).",
  "The Government of China contributed EUR 2 million to the United Nations Fund for South-South Cooperation in 2022.",
];

const unique = () => randomBytes(6).toString("hex");

export interface SeedDocument extends Partial<NewDocumentRow> {
  /** Text per page of the first version (default one short page). */
  pages?: string[];
  /** Default "extracted": the version is ready for analysis. */
  textStatus?: "pending" | "extracted" | "failed";
  analysisStatus?: "pending" | "running" | "analyzed" | "failed";
  fetchedAt?: Date;
}

/** A document with one version and its pages. Returns both ids. */
export async function seedDocument(db: Db, d: SeedDocument = {}): Promise<{ documentId: number; versionId: number }> {
  const id = unique();
  const { pages: texts, textStatus, analysisStatus, fetchedAt, ...doc } = d;
  const [row] = await db
    .insert(documents)
    .values({
      key: `test:${id}`,
      url: `https://example.org/doc/${id}.pdf`,
      title: `Document ${id}`,
      organizationId: "undp",
      type: "budget",
      ...doc,
    })
    .returning({ id: documents.id });
  const versionId = await seedVersion(db, row.id, {
    pages: texts,
    textStatus,
    analysisStatus,
    fetchedAt,
    url: doc.url,
  });
  return { documentId: row.id, versionId };
}

/** Another version (edition) of a stored document, with its pages. Returns its id. */
export async function seedVersion(
  db: Db,
  documentId: number,
  v: {
    pages?: string[];
    textStatus?: SeedDocument["textStatus"];
    analysisStatus?: SeedDocument["analysisStatus"];
    fetchedAt?: Date;
    url?: string;
  } = {},
): Promise<number> {
  const texts = v.pages ?? ["A page without SSTC content."];
  const [row] = await db
    .insert(documentVersions)
    .values({
      documentId,
      sha256: unique(),
      bytes: texts.join("").length,
      mediaType: "application/pdf",
      url: v.url ?? `https://example.org/doc/${documentId}.pdf`,
      textStatus: v.textStatus ?? "extracted",
      analysisStatus: v.analysisStatus ?? "pending",
      pageCount: texts.length,
      ...(v.fetchedAt ? { fetchedAt: v.fetchedAt } : {}),
    })
    .returning({ id: documentVersions.id });
  if (texts.length) await db.insert(pages).values(texts.map((text, i) => ({ versionId: row.id, pageNo: i + 1, text })));
  return row.id;
}

export type SeedFact = Partial<NewFactRow> & { documentId: number; versionId: number };

/**
 * One fact row as the pipeline (or a structured record) would store it. Defaults: a funding fact
 * of USD 1,000,000 for 2024, status auto, organization "undp"; period_start/end follow `period`. Returns its id.
 */
export async function seedFact(db: Db, f: SeedFact): Promise<number> {
  const [id] = await seedFacts(db, [f]);
  return id;
}

/** Many facts in one insert (ids in order). */
export async function seedFacts(db: Db, list: SeedFact[]): Promise<number[]> {
  if (!list.length) return [];
  const rows = list.map((f) => {
    const period = f.period === undefined ? "2024" : f.period;
    const range = parsePeriod(period);
    const kind = f.kind ?? "funding";
    const currency = kind === "funding" ? (f.currency ?? "USD") : null;
    const value = kind === "funding" ? (f.value ?? 1_000_000) : null;
    return {
      organizationId: "undp",
      kind,
      value,
      currency,
      basis: kind === "funding" ? "budget" : null,
      quote: kind === "funding" ? `$${value}` : `${f.count ?? 1} ${f.grade ?? "P-3"}`,
      page: 1,
      start: 0,
      end: 10,
      confidence: 0.9,
      fingerprint: `seed|${unique()}`,
      ...f,
      period,
      periodStart: f.periodStart ?? range?.start ?? null,
      periodEnd: f.periodEnd ?? range?.end ?? null,
    } satisfies NewFactRow;
  });
  return (await db.insert(facts).values(rows).returning({ id: facts.id })).map((r) => r.id);
}
