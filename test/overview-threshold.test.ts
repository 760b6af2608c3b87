import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { loadOverview } from "../db/queries/overview.ts";
import { describeEachDb } from "./db-harness.ts";
import { seedDocument, seedFacts } from "./seed-facts.ts";

const NOW = new Date("2026-12-07T08:00:00Z");

it("reads the review threshold from SSC_REVIEW_THRESHOLD (default 0.9) and refuses values outside 0..1", () => {
  expect(loadConfig({}).reviewThreshold).toBe(0.9);
  expect(loadConfig({ SSC_REVIEW_THRESHOLD: "0.75" }).reviewThreshold).toBe(0.75);
  for (const bad of ["1.5", "-0.1", "high"])
    expect(() => loadConfig({ SSC_REVIEW_THRESHOLD: bad })).toThrow(/SSC_REVIEW_THRESHOLD=.*(between 0 and 1|number)/);
  expect(loadConfig({ SSC_PUBLIC_URL: "https://ssc.example.org/" }).publicUrl).toBe("https://ssc.example.org");
  expect(() => loadConfig({ SSC_PUBLIC_URL: "ssc.example.org" })).toThrow(/SSC_PUBLIC_URL/);
});

describeEachDb("overview threshold and trend from the database", (t) => {
  it("keeps below-threshold facts out until confirmed, follows the threshold given, and reads five years", async () => {
    const { db } = t();
    const { documentId, versionId } = await seedDocument(db, { organizationId: "undp" });
    // The overview reads analysed versions only.
    await db.execute(
      sql`update document_versions set analyzed_at = now(), analysis_status = 'analyzed' where id = ${versionId}`,
    );
    const at = { documentId, versionId, organizationId: "undp" };
    await seedFacts(db, [
      { ...at, value: 2_000_000, confidence: 0.95 },
      { ...at, value: 500_000, basis: "allocation", confidence: 0.74, subject: "Triangular pilot" },
      { ...at, value: 4_000_000, period: "2020-2021", confidence: 0.95 },
      { ...at, kind: "staffing", count: 2, grade: "P-4", confidence: 0.72 },
      { ...at, kind: "staffing", count: 1, grade: "P-5", confidence: 0.5, status: "confirmed" },
    ]);
    const org = (await loadOverview(db, 2024, NOW)).organizations.find((o) => o.id === "undp")!;
    expect(org.fundingByBasis.map((b) => [b.basis, b.usdForYear])).toEqual([["budget", 2_000_000]]);
    expect(org.posts.map((p) => [p.grade, p.count])).toEqual([["P-5", 1]]);
    expect(org.pending.wouldAdd).toEqual({ fundingByBasis: [{ basis: "allocation", usdForYear: 500_000 }], posts: 2 });
    expect(org.change.fundingByBasis[0].text).toBe("new: no 2023 figure");
    expect(org.trend.fundingByBasis).toEqual([{ basis: "budget", usd: [2_000_000, 2_000_000, null, null, 2_000_000] }]);
    const lenient = (await loadOverview(db, 2024, NOW, { reviewThreshold: 0.7 })).organizations.find(
      (o) => o.id === "undp",
    )!;
    expect(lenient.fundingByBasis.map((b) => [b.basis, b.usdForYear])).toEqual([
      ["budget", 2_000_000],
      ["allocation", 500_000],
    ]);
    expect(lenient.postsTotal).toBe(3);
    expect(lenient.pending.funding).toEqual([]);
  });
});
