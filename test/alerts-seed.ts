import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { documentVersions, documents, facts } from "../db/schema/index.ts";
import type { NewFactRow } from "../db/schema/facts.ts";

/**
 * Test data for the alert suites, written straight into the real tables with drizzle: a document
 * (created once per key), one analysed version of it, and its facts.
 */

export type SeedFact = Partial<Omit<NewFactRow, "documentId" | "versionId">> & { kind: NewFactRow["kind"] };

export interface SeedVersion {
  key: string;
  organizationId?: string;
  symbol?: string;
  title?: string;
  fetchedAt: Date;
  facts: SeedFact[];
}

export async function seedVersion(
  db: Db,
  v: SeedVersion,
): Promise<{ documentId: number; versionId: number; factIds: number[] }> {
  const url = `https://docs.example.org/${encodeURIComponent(v.key)}.pdf`;
  await db
    .insert(documents)
    .values({
      key: v.key,
      organizationId: v.organizationId ?? "undp",
      url,
      title: v.title ?? v.key,
      symbol: v.symbol ?? null,
    })
    .onConflictDoNothing();
  const [doc] = await db.select().from(documents).where(eq(documents.key, v.key));
  const [version] = await db
    .insert(documentVersions)
    .values({
      documentId: doc.id,
      sha256: randomBytes(32).toString("hex"),
      bytes: 1000,
      mediaType: "application/pdf",
      url,
      fetchedAt: v.fetchedAt,
      textStatus: "extracted",
      analysisStatus: "analyzed",
      analyzedAt: v.fetchedAt,
    })
    .returning();
  const rows = v.facts.map((f, i) => ({
    organizationId: v.organizationId ?? "undp",
    quote: `quote ${i}`,
    page: i + 1,
    confidence: 0.9,
    fingerprint: `f${i}`,
    ...f,
    documentId: doc.id,
    versionId: version.id,
  }));
  const inserted = rows.length ? await db.insert(facts).values(rows).returning({ id: facts.id }) : [];
  return { documentId: doc.id, versionId: version.id, factIds: inserted.map((r) => r.id) };
}

/** A USD funding fact. */
export const money = (usd: number, over: Partial<SeedFact> = {}): SeedFact => ({
  kind: "funding",
  value: usd,
  currency: "USD",
  basis: "budget",
  period: "2024-2025",
  periodStart: 2024,
  periodEnd: 2025,
  subject: "Special Unit for South-South Cooperation",
  quote: `$${usd.toLocaleString("en-US")}`,
  ...over,
});

/** A staffing fact. */
export const posts = (count: number, grade: string | null, over: Partial<SeedFact> = {}): SeedFact => ({
  kind: "staffing",
  count,
  grade,
  period: "2024-2025",
  periodStart: 2024,
  periodEnd: 2025,
  subject: "Special Unit for South-South Cooperation",
  quote: `${count} ${grade ?? ""} posts`,
  ...over,
});

/** A unit mention. */
export const unit = (subject: string, over: Partial<SeedFact> = {}): SeedFact => ({
  kind: "unit",
  subject,
  quote: subject,
  ...over,
});

/** Days after a fixed start, so versions sort as written. */
export const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 12));

/** One organization's facts before and after a change: two versions a day apart (from `fromDay`, 1 unless given). */
export interface SeedChange {
  keys: [before: string, after: string];
  organizationId?: string;
  fromDay?: number;
  before: SeedFact[];
  after: SeedFact[];
}

type Seeded = Awaited<ReturnType<typeof seedVersion>>;

/** Seeds the version before the change, then the one after it; returns the latter, with the former as `before`. */
export async function seedBeforeAfter(db: Db, c: SeedChange): Promise<Seeded & { before: Seeded }> {
  const { keys, organizationId, fromDay = 1 } = c;
  const before = await seedVersion(db, { key: keys[0], organizationId, fetchedAt: day(fromDay), facts: c.before });
  return {
    ...(await seedVersion(db, { key: keys[1], organizationId, fetchedAt: day(fromDay + 1), facts: c.after })),
    before,
  };
}
