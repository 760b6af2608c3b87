import { expect, it } from "vitest";
import { claimVersionsForAnalysis, markVersionFailed, requeueVersions } from "../db/queries/documents.ts";
import { loadOverview } from "../db/queries/overview.ts";
import { analyzePendingVersions } from "../pipeline/analyze.ts";
import { describeEachDb } from "./db-harness.ts";
import { seedDocument, SSTC_PAGES } from "./seed-facts.ts";

const NOW = new Date("2026-11-29T08:00:00Z");

describeEachDb("overview while a re-analysis is queued", (t) => {
  it("keeps showing a document's previous analysis while its re-analysis is pending, running or failed", async () => {
    const { db } = t();
    const { versionId } = await seedDocument(db, { organizationId: "unido", pages: SSTC_PAGES });
    await analyzePendingVersions(db, { workerId: "w1", now: NOW });
    const shown = async () => {
      const org = (await loadOverview(db, 2024, NOW)).organizations.find((o) => o.id === "unido");
      return {
        budget: org?.funding.find((f) => f.basis === "budget")?.value ?? null,
        documents: org?.documentsAnalysed ?? 0,
        posts: org?.postsTotal ?? 0,
      };
    };
    const before = await shown();
    expect(before).toEqual({ budget: 3_500_000, documents: 1, posts: 4 });

    expect(await requeueVersions(db, { all: true, analyzerVersion: "next" })).toBe(1);
    expect(await shown()).toEqual(before);
    expect(
      await claimVersionsForAnalysis(db, { workerId: "w2", limit: 10, now: NOW, leaseMs: 60_000, afterId: 0 }),
    ).toEqual([versionId]);
    expect(await shown()).toEqual(before);
    await markVersionFailed(db, { versionId, workerId: "w2", error: "analyzer crashed" });
    expect(await shown()).toEqual(before);

    await analyzePendingVersions(db, { workerId: "w1", now: NOW });
    expect(await shown()).toEqual(before);
  });
});
