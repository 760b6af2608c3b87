import { eq, inArray } from "drizzle-orm";
import { expect, it } from "vitest";
import { reviewFact } from "../db/queries/reviews.ts";
import { loadOverview } from "../db/queries/overview.ts";
import { createOverviewStore } from "../db/queries/overview-store.ts";
import { documentVersions } from "../db/schema/document-versions.ts";
import { documents } from "../db/schema/documents.ts";
import { facts } from "../db/schema/facts.ts";
import { passages } from "../db/schema/passages.ts";
import { sources } from "../db/schema/sources.ts";
import { analyzePendingVersions, reanalyzeVersions } from "../pipeline/analyze.ts";
import type { Db } from "../db/client.ts";
import { describeEachDb } from "./db-harness.ts";
import { random } from "./random.ts";
import { type SeedFact, seedDocument, seedFacts, seedVersion, SSTC_PAGES } from "./seed-facts.ts";
import { random } from "./seeded-random.ts";

const NOW = new Date("2026-11-29T08:00:00Z");
const YEARS = [2021, 2023, 2024, 2025];
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
async function seedVaried(db: Db): Promise<number[]> {
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
        ? { value, currency, usd: currency === "USD" ? value : null, basis: pick(BASES) }
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

/** The overview both ways: every year and two thresholds, the kept store against a full build. */
async function expectSame(db: Db, store: ReturnType<typeof createOverviewStore>) {
  for (const reviewThreshold of [0.9, 0.6])
    for (const year of YEARS) {
      const { overview } = await store.read(db, year, NOW, { reviewThreshold });
      expect(overview).toEqual(await loadOverview(db, year, NOW, { reviewThreshold }));
    }
}

const fundingTotal = async (db: Db, store: ReturnType<typeof createOverviewStore>, org: string) =>
  (await store.read(db, 2024, NOW)).overview.organizations.find((o) => o.id === org)?.fundingByBasis;

describeEachDb("overview kept per organization equals the overview built from all facts", (t) => {
  const store = createOverviewStore();
  let ids: number[] = [];

  it("gives the same overview on varied data", async () => {
    const { db } = t();
    ids = await seedVaried(db);
    await db.insert(sources).values({ id: "undp-docs", organizationId: "undp", kind: "html", status: "ok" });
    await seedDocument(db, { organizationId: "unctad", title: "Programme budget 2024-2025", pages: SSTC_PAGES });
    await analyzePendingVersions(db, { workerId: "t" });
    await expectSame(db, store);
    const o = (await store.read(db, 2024, NOW)).overview;
    // Not a vacuous comparison: the data has duplicates, pending figures, conversions and spreading.
    expect(o.organizations.length).toBeGreaterThanOrEqual(4);
    expect(o.organizations.some((x) => x.funding.some((f) => f.evidence.length > 1))).toBe(true);
    expect(o.organizations.some((x) => x.pending.funding.length > 0)).toBe(true);
    expect(o.organizations.some((x) => x.funding.some((f) => f.conversion))).toBe(true);
    expect(o.organizations.some((x) => x.funding.some((f) => f.spread))).toBe(true);
    expect(o.trustFunds.length).toBeGreaterThan(0);
  });

  it("follows reviews in the very next read: confirm, correct (value, currency, period, basis, subject), reject", async () => {
    const { db } = t();
    const rows = await db.select().from(facts).where(inArray(facts.id, ids));
    const auto = rows.filter((f) => f.status === "auto" && f.kind === "funding" && f.organizationId);
    const review = { actor: "amina", actorKind: "user" as const };
    await reviewFact(db, { id: auto[0].id, action: "confirm", ...review });
    await expectSame(db, store);
    await reviewFact(db, {
      id: auto[1].id,
      action: "correct",
      value: 7_777_777,
      currency: "CHF",
      period: "2024-2026",
      basis: "allocation",
      subject: "South-South Cooperation Unit",
      ...review,
    });
    await expectSame(db, store);
    const counted = auto.find((f) => f.period === "2024" && f.currency === "USD" && f.confidence >= 0.9)!;
    const before = await fundingTotal(db, store, counted.organizationId!);
    await reviewFact(db, { id: counted.id, action: "correct", value: (counted.value ?? 0) + 10_000_000, ...review });
    const org = (await store.read(db, 2024, NOW)).overview.organizations.find((o) => o.id === counted.organizationId)!;
    expect(org.funding.some((f) => f.value === (counted.value ?? 0) + 10_000_000)).toBe(true);
    expect(org.fundingByBasis).not.toEqual(before);
    await expectSame(db, store);
    await reviewFact(db, { id: auto[3].id, action: "reject", ...review });
    await reviewFact(db, { id: counted.id, action: "reset", ...review });
    await expectSame(db, store);
  });

  it("follows a new edition, a re-analysis, document and passage changes, and deletions", async () => {
    const { db } = t();
    const [doc] = await db.select().from(documents).where(eq(documents.title, "Programme budget 2024-2025"));
    await seedVersion(db, doc.id, { pages: [SSTC_PAGES[0].replace("$3.5 million", "$4.2 million")], fetchedAt: NOW });
    await analyzePendingVersions(db, { workerId: "t" });
    await expectSame(db, store);
    await reanalyzeVersions(db, { all: true, workerId: "t" });
    await expectSame(db, store);
    const [other] = await db.select().from(facts).where(inArray(facts.id, ids)).limit(1);
    await db.update(documents).set({ title: "Renamed report" }).where(eq(documents.id, other.documentId));
    await db.update(passages).set({ score: 99 }).where(eq(passages.versionId, other.versionId));
    await expectSame(db, store);
    await db.update(documents).set({ organizationId: "unfpa" }).where(eq(documents.id, other.documentId));
    await expectSame(db, store);
    await db.delete(documents).where(eq(documents.id, other.documentId));
    await db.update(sources).set({ status: "failed", lastError: "HTTP 500" }).where(eq(sources.id, "undp-docs"));
    await expectSame(db, store);
  });
});
