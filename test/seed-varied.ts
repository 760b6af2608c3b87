import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { documentVersions } from "../db/schema/document-versions.ts";
import { passages } from "../db/schema/passages.ts";
import { type SeedFact, seedDocument, seedFacts, seedVersion } from "./seed-facts.ts";
import { random } from "./random.ts";

const NOW = new Date("2026-11-29T08:00:00Z");
const ORGS = ["undp", "unossc", "unctad", "unfpa"];
const SUBJECTS: Array<[string, string | null]> = [
  ["India, Brazil and South Africa Facility (IBSA Fund)", "ibsa"],
  ["Pérez-Guerrero Trust Fund", "pgtf"],
  ["Perez Guerrero trust fund", "pgtf"],
  ["South-South Cooperation Unit", null],
  ["United Nations Fund for South-South Cooperation", "unfssc"],
];
const CURRENCIES = ["USD", "USD", "EUR", "CHF", "JPY", "XYZ"];
const BASES = ["budget", "allocation", "expenditure", "contribution", "pledge", "trust-fund"];
const GRADES = ["P-5", "P-4", "GS (OL)", null];
const PERIODS = ["2021", "2022", "2023", "2024", "2025", "2022-2023", "2023-2024", "2024-2025", "2020-2024"];

/**
 * Varied facts over several organizations: currencies (one without a rate), single and multi-year
 * periods (some reported per year), near-equal amounts in different documents (duplicates), the
 * same fund under two spellings and organizations, staffing and units, every status, confidences
 * on both sides of the threshold, facts of no organization, second editions, passages.
 */
export async function seedVaried(db: Db): Promise<number[]> {
  const next = random(15);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const docs: Array<{ documentId: number; versionId: number; organizationId: string }> = [];
  for (let i = 0; i < 16; i++) {
    const organizationId = ORGS[i % ORGS.length];
    const { documentId, versionId } = await seedDocument(db, { organizationId, analysisStatus: "analyzed" });
    await db.update(documentVersions).set({ analyzedAt: NOW }).where(eq(documentVersions.id, versionId));
    docs.push({ documentId, versionId, organizationId });
    await db.insert(passages).values(
      [0, 1, 2, 3].map((k) => ({
        versionId,
        pageNo: 1 + k,
        start: 0,
        end: 40,
        text: `South-South passage ${k} of document ${documentId}`,
        relevant: k % 2 === 0,
        score: Math.round(next() * 10),
      })),
    );
  }
  // A second edition of two documents: only its facts count.
  for (const d of docs.slice(0, 2)) {
    const versionId = await seedVersion(db, d.documentId, { analysisStatus: "analyzed", fetchedAt: NOW });
    await db.update(documentVersions).set({ analyzedAt: NOW }).where(eq(documentVersions.id, versionId));
    docs.push({ ...d, versionId });
  }
  const base = [120_000, 500_000, 1_000_000, 2_400_000, 3_500_000];
  const rows: SeedFact[] = [];
  for (let i = 0; i < 420; i++) {
    const d = pick(docs);
    const [subject, subjectId] = pick(SUBJECTS);
    const kind = next() < 0.65 ? "funding" : next() < 0.85 ? "staffing" : "unit";
    const status = pick(["auto", "auto", "auto", "confirmed", "corrected", "rejected", "superseded"] as const);
    const currency = pick(CURRENCIES);
    const value = Math.round(pick(base) * (1 + (next() - 0.5) * 0.012));
    const period = pick(PERIODS);
    rows.push({
      documentId: d.documentId,
      versionId: d.versionId,
      organizationId: next() < 0.04 ? null : next() < 0.15 ? pick(ORGS) : d.organizationId,
      kind,
      subject,
      period,
      status,
      confidence: pick([0.5, 0.8, 0.9, 0.95]),
      ...(kind === "funding"
        ? { value, currency, basis: pick(BASES) }
        : kind === "staffing"
          ? { count: 1 + Math.floor(next() * 3), grade: pick(GRADES) }
          : {}),
      evidence: {
        ...(subjectId ? { subjectId } : {}),
        ...(next() < 0.2 ? { perYear: true } : {}),
        ...(next() < 0.2 ? { contributor: pick(["China", "India", "Brazil"]) } : {}),
      },
      ...(status === "corrected"
        ? {
            correctedValue: next() < 0.5 ? Math.round(value * 1.5) : null,
            correctedCurrency: next() < 0.3 ? "EUR" : null,
            correctedPeriod: next() < 0.3 ? pick(PERIODS) : null,
            correctedCount: kind === "staffing" && next() < 0.5 ? 4 : null,
            correctedBasis: kind === "funding" && next() < 0.3 ? pick(BASES) : null,
            correctedSubject: next() < 0.3 ? pick(SUBJECTS)[0] : null,
          }
        : {}),
    });
  }
  // The same amount reported again by another document of the organization: one figure, two pieces of evidence.
  const again = rows
    .filter((r, i) => r.kind === "funding" && i % 5 === 0)
    .map((r) => {
      const other = docs.find((d) => d.organizationId === r.organizationId && d.documentId !== r.documentId) ?? docs[0];
      return {
        ...r,
        documentId: other.documentId,
        versionId: other.versionId,
        value: Math.round((r.value ?? 0) * 1.002),
      };
    });
  return seedFacts(db, [...rows, ...again]);
}
