import { effectiveValues } from "../analysis/effective-fact.ts";
import { and, eq, sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { analyzeDocument } from "../analysis/index.ts";
import { documentVersions } from "../db/schema/document-versions.ts";
import { facts } from "../db/schema/facts.ts";
import { passages } from "../db/schema/passages.ts";
import { analyzePendingVersions } from "../pipeline/analyze.ts";
import { describeEachDb } from "./db-harness.ts";
import { seedDocument, seedFact, SSTC_PAGES } from "./seed-facts.ts";

describeEachDb("pipeline: analyse pending versions", (t) => {
  it(
    "analyses a version with extracted text: passages and " + "facts stored with USD values, version marked analyzed",
    async () => {
      const { db } = t();
      const { versionId } = await seedDocument(db, { organizationId: "unctad", pages: SSTC_PAGES });
      const waiting = await seedDocument(db, { pages: SSTC_PAGES, textStatus: "pending" });
      const summary = await analyzePendingVersions(db, { workerId: "w1" });
      expect(summary).toMatchObject({ analyzed: 1, failed: 0 });
      const [v] = await db.select().from(documentVersions).where(eq(documentVersions.id, versionId));
      expect(v).toMatchObject({
        analysisStatus: "analyzed",
        analyzerVersion: expect.any(String),
        claimedBy: null,
        analysisError: null,
      });
      const rows = await db.select().from(facts).where(eq(facts.versionId, versionId));
      const budget = rows.find((f) => f.kind === "funding" && f.currency === "USD")!;
      expect(budget).toMatchObject({
        value: 3_500_000,
        organizationId: "unctad",
        period: "2024-2025",
        periodStart: 2024,
        periodEnd: 2025,
        basis: "budget",
        status: "auto",
      });
      const euro = rows.find((f) => f.currency === "EUR")!;
      // USD is derived, not stored: at the rate of the year the document's period starts.
      expect("usd" in euro).toBe(false);
      expect(effectiveValues(euro).usd).toBe(Math.round(2_000_000 * 1.0534));
      expect(euro.evidence).toMatchObject({ contributors: ["China"], subjectId: "unfssc" });
      expect(
        rows
          .filter((f) => f.kind === "staffing")
          .map((f) => f.grade)
          .sort(),
      ).toEqual(["GS (OL)", "P-4", "P-5"]);
      expect(
        rows.some((f) => f.kind === "unit" && f.subject === "United Nations Fund for South-South Cooperation"),
      ).toBe(true);
      const [p] = await db.select().from(passages).where(eq(passages.id, budget.passageId!));
      expect(p.text).toContain(budget.quote);
      const [w] = await db.select().from(documentVersions).where(eq(documentVersions.id, waiting.versionId));
      expect(w.analysisStatus).toBe("pending");
    },
  );

  it("records a failure on the version without stopping the others, and retries it on the next run", async () => {
    const { db } = t();
    const bad = await seedDocument(db, { pages: ["BOOM: the analyzer cannot read this"] });
    const good = await seedDocument(db, { pages: SSTC_PAGES });
    const flaky: typeof analyzeDocument = (input) => {
      if (input.pages[0].startsWith("BOOM")) throw new Error("analyzer bug on this page");
      return analyzeDocument(input);
    };
    const first = await analyzePendingVersions(db, { workerId: "w1", analyze: flaky });
    expect(first).toMatchObject({ analyzed: 1, failed: 1 });
    const [failed] = await db.select().from(documentVersions).where(eq(documentVersions.id, bad.versionId));
    expect(failed.analysisStatus).toBe("failed");
    expect(failed.analysisError).toContain("analyzer bug on this page");
    const [ok] = await db.select().from(documentVersions).where(eq(documentVersions.id, good.versionId));
    expect(ok.analysisStatus).toBe("analyzed");
    const second = await analyzePendingVersions(db, { workerId: "w1" });
    expect(second).toMatchObject({ analyzed: 1, failed: 0 });
    const [retried] = await db.select().from(documentVersions).where(eq(documentVersions.id, bad.versionId));
    expect(retried).toMatchObject({ analysisStatus: "analyzed", analysisError: null });
  });

  it("takes over a claim whose worker died, but not a live one", async () => {
    const { db } = t();
    const now = new Date("2026-11-29T08:00:00Z");
    const dead = await seedDocument(db, { pages: SSTC_PAGES, analysisStatus: "running" });
    const live = await seedDocument(db, { pages: SSTC_PAGES, analysisStatus: "running" });
    await db
      .update(documentVersions)
      .set({ claimedBy: "dead", claimedUntil: new Date(now.getTime() - 1000) })
      .where(eq(documentVersions.id, dead.versionId));
    await db
      .update(documentVersions)
      .set({ claimedBy: "live", claimedUntil: new Date("2100-01-01T00:00:00Z") })
      .where(eq(documentVersions.id, live.versionId));
    const summary = await analyzePendingVersions(db, { workerId: "w2", now });
    expect(summary.analyzed).toBe(1);
    const statuses = await db
      .select({ id: documentVersions.id, s: documentVersions.analysisStatus, by: documentVersions.claimedBy })
      .from(documentVersions)
      .where(sql`${documentVersions.id} in (${dead.versionId}, ${live.versionId})`);
    expect(statuses.find((r) => r.id === dead.versionId)?.s).toBe("analyzed");
    expect(statuses.find((r) => r.id === live.versionId)).toMatchObject({ s: "running", by: "live" });
  });

  it("analyses each version exactly once when two workers run at the same time", async () => {
    const { db } = t();
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push((await seedDocument(db, { pages: SSTC_PAGES })).versionId);
    const [a, b] = await Promise.all([
      analyzePendingVersions(db, { workerId: "worker-a", batchSize: 2 }),
      analyzePendingVersions(db, { workerId: "worker-b", batchSize: 2 }),
    ]);
    expect(a.analyzed + b.analyzed).toBe(10);
    expect(a.failed + b.failed).toBe(0);
    const perVersion = await db
      .select({ v: facts.versionId, n: sql<number>`count(*)::int` })
      .from(facts)
      .where(sql`${facts.versionId} in ${ids}`)
      .groupBy(facts.versionId);
    const counts = new Set(perVersion.map((r) => r.n));
    expect(perVersion).toHaveLength(10);
    expect(counts.size).toBe(1);
    const passageCounts = await db
      .select({ v: passages.versionId, n: sql<number>`count(*)::int` })
      .from(passages)
      .where(sql`${passages.versionId} in ${ids}`)
      .groupBy(passages.versionId);
    expect(new Set(passageCounts.map((r) => r.n)).size).toBe(1);
  });

  it("marks a structured record analyzed and keeps its record facts as the only facts", async () => {
    const { db } = t();
    const { documentId, versionId } = await seedDocument(db, {
      organizationId: "worldbank",
      origin: "record",
      type: "project",
      pages: SSTC_PAGES,
    });
    const recordFact = await seedFact(db, {
      documentId,
      versionId,
      organizationId: "worldbank",
      value: 5_000_000,
      basis: "commitment",
      origin: "record",
      evidence: { recordId: "P123456", field: "totalcommamt", url: "https://example.org/P123456" },
    });
    await analyzePendingVersions(db, { workerId: "w1" });
    const rows = await db.select().from(facts).where(eq(facts.versionId, versionId));
    expect(rows.map((r) => r.id)).toEqual([recordFact]);
    const [v] = await db.select().from(documentVersions).where(eq(documentVersions.id, versionId));
    expect(v.analysisStatus).toBe("analyzed");
    const [{ n }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(passages)
      .where(and(eq(passages.versionId, versionId)));
    expect(n).toBeGreaterThan(0);
  });
});
