import { eq, inArray } from "drizzle-orm";
import { expect, it } from "vitest";
import { reviewFact } from "../db/queries/reviews.ts";
import { loadOverview } from "../db/queries/overview.ts";
import { createOverviewStore } from "../db/queries/overview-store.ts";
import { documents } from "../db/schema/documents.ts";
import { facts } from "../db/schema/facts.ts";
import { passages } from "../db/schema/passages.ts";
import { sources } from "../db/schema/sources.ts";
import { analyzePendingVersions, reanalyzeVersions } from "../pipeline/analyze.ts";
import type { Db } from "../db/client.ts";
import { describeEachDb } from "./db-harness.ts";
import { seedDocument, seedVersion, SSTC_PAGES } from "./seed-facts.ts";
import { seedVaried } from "./seed-varied.ts";

const NOW = new Date("2026-11-29T08:00:00Z");
const YEARS = [2021, 2023, 2024, 2025];
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

  it(
    "follows reviews in the very next read: " + "confirm, correct (value, currency, period, basis, subject), reject",
    async () => {
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
      const org = (await store.read(db, 2024, NOW)).overview.organizations.find(
        (o) => o.id === counted.organizationId,
      )!;
      expect(org.funding.some((f) => f.value === (counted.value ?? 0) + 10_000_000)).toBe(true);
      expect(org.fundingByBasis).not.toEqual(before);
      await expectSame(db, store);
      await reviewFact(db, { id: auto[3].id, action: "reject", ...review });
      await reviewFact(db, { id: counted.id, action: "reset", ...review });
      await expectSame(db, store);
    },
  );

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
