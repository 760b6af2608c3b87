import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { InvalidChangeError, NotFoundError } from "../errors.ts";
import { loadOverview } from "../db/queries/overview.ts";
import { getFact, listFacts } from "../db/queries/facts.ts";
import { reviewFact } from "../db/queries/reviews.ts";
import { facts } from "../db/schema/facts.ts";
import { sources } from "../db/schema/sources.ts";
import { analyzePendingVersions } from "../pipeline/analyze.ts";
import { describeEachDb } from "./db-harness.ts";
import { seedDocument, seedFact, seedVersion, SSTC_PAGES } from "./seed-facts.ts";

const NOW = new Date("2026-11-29T08:00:00Z");

describeEachDb("overview from the database", (t) => {
  let budgetId = 0;
  it(
    "builds the year's agency table from analysed documents, " + "one figure for an amount two documents report",
    async () => {
      const { db } = t();
      await db.insert(sources).values({
        id: "unctad-docs",
        organizationId: "unctad",
        kind: "html",
        status: "ok",
        lastSuccessAt: new Date("2026-11-28T00:00:00Z"),
      });
      await seedDocument(db, {
        organizationId: "unctad",
        sourceId: "unctad-docs",
        title: "Programme budget 2024-2025",
        pages: SSTC_PAGES,
      });
      await seedDocument(db, {
        organizationId: "unctad",
        title: "Proposed programme budget (Rev.1 mirror)",
        pages: [SSTC_PAGES[0]],
      });
      await analyzePendingVersions(db, { workerId: "t" });
      const o = await loadOverview(db, 2024, NOW);
      const org = o.organizations.find((x) => x.id === "unctad")!;
      const budget = org.funding.find((f) => f.basis === "budget")!;
      budgetId = budget.evidence[0].factId;
      expect(budget).toMatchObject({ value: 3_500_000, usd: 3_500_000, usdForYear: 1_750_000, period: "2024-2025" });
      expect(budget.evidence).toHaveLength(2);
      expect(org.posts.map((p) => [p.grade, p.count])).toEqual([
        ["GS (OL)", 1],
        ["P-4", 2],
        ["P-5", 1],
      ]);
      expect(org.documentsAnalysed).toBe(2);
      expect(org.highlights[0].text).toContain("South-South");
      expect(o.coverage.find((c) => c.organizationId === "unctad")).toMatchObject({
        documents: 2,
        lastSuccessfulCrawl: "2026-11-28T00:00:00.000Z",
      });
      const y2022 = await loadOverview(db, 2022, NOW);
      expect(y2022.organizations.find((x) => x.id === "unctad")!.funding.map((f) => f.currency)).toEqual(["EUR"]);
      expect(y2022.trustFunds).toEqual([
        expect.objectContaining({
          fund: "United Nations Fund for South-South Cooperation",
          managingOrganization: "UNOSSC",
          contributors: ["China"],
          receivedUsd: Math.round(2_000_000 * 1.0534),
          period: "2022",
        }),
      ]);
    },
  );

  it(
    "follows analyst reviews: " + "a rejected fact leaves the table, a corrected one counts with the new value",
    async () => {
      const { db } = t();
      const list = await listFacts(db, { organization: "unctad", year: 2024, kind: "funding" });
      expect(list.total).toBe(2);
      const [a, b] = list.items;
      await reviewFact(db, { id: a.id, action: "reject", note: "duplicate", actor: "amina", actorKind: "user" });
      await reviewFact(db, {
        id: b.id,
        action: "correct",
        value: 4_000_000,
        period: "2024",
        actor: "amina",
        actorKind: "user",
      });
      const org = (await loadOverview(db, 2024, NOW)).organizations.find((x) => x.id === "unctad")!;
      expect(org.funding.filter((f) => f.basis === "budget").map((f) => [f.value, f.usdForYear, f.status])).toEqual([
        [4_000_000, 4_000_000, "corrected"],
      ]);
      const detail = await getFact(db, b.id);
      expect(detail.reviews.map((r) => [r.action, r.actor])).toEqual([["correct", "amina"]]);
      expect(detail.reviews[0].before).toMatchObject({ status: "auto", correctedValue: null });
      expect(detail.reviews[0].after).toMatchObject({
        status: "corrected",
        correctedValue: 4_000_000,
        correctedPeriod: "2024",
      });
      expect(detail.passage?.text).toContain(detail.fact.quote);
      expect(detail.document.title).toBeTruthy();
      expect(budgetId).toBeGreaterThan(0);
    },
  );

  it("counts only the newest analysed version of a document", async () => {
    const { db } = t();
    const { documentId } = await seedDocument(db, {
      organizationId: "ilo",
      pages: SSTC_PAGES,
      fetchedAt: new Date("2025-01-01T00:00:00Z"),
    });
    await analyzePendingVersions(db, { workerId: "t" });
    await seedVersion(db, documentId, {
      pages: [SSTC_PAGES[0].replace("$3.5 million", "$4.2 million")],
      fetchedAt: new Date("2026-01-01T00:00:00Z"),
    });
    await analyzePendingVersions(db, { workerId: "t" });
    const org = (await loadOverview(db, 2024, NOW)).organizations.find((x) => x.id === "ilo")!;
    expect(org.funding.map((f) => f.value)).toEqual([4_200_000]);
  });

  it("counts structured-record facts (commitments) with the record as evidence", async () => {
    const { db } = t();
    const { documentId, versionId } = await seedDocument(db, {
      organizationId: "worldbank",
      type: "project",
      meta: { recordId: "P1" },
      analysisStatus: "analyzed",
    });
    await seedFact(db, {
      documentId,
      versionId,
      organizationId: "worldbank",
      basis: "commitment",
      value: 20_000_000,
      period: "2023-2026",
      evidence: { recordId: "P1", field: "totalcommamt", url: "https://projects.worldbank.org/P1" },
    });
    const org = (await loadOverview(db, 2024, NOW)).organizations.find((x) => x.id === "worldbank")!;
    expect(org.fundingByBasis).toEqual([
      expect.objectContaining({ basis: "commitment", usdForYear: 5_000_000, usdAsReported: 20_000_000 }),
    ]);
    expect(org.funding[0].evidence[0]).toMatchObject({
      recordId: "P1",
      field: "totalcommamt",
      url: "https://projects.worldbank.org/P1",
    });
  });

  it("answers clearly for unknown facts and invalid corrections", async () => {
    const { db } = t();
    await expect(getFact(db, 999_999)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      reviewFact(db, { id: 999_999, action: "confirm", actor: "a", actorKind: "cli" }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const [staff] = await db.select().from(facts).where(eq(facts.kind, "staffing")).limit(1);
    await expect(
      reviewFact(db, { id: staff.id, action: "correct", value: 5, actor: "a", actorKind: "cli" }),
    ).rejects.toBeInstanceOf(InvalidChangeError);
    await expect(
      reviewFact(db, { id: staff.id, action: "correct", period: "someday", actor: "a", actorKind: "cli" }),
    ).rejects.toBeInstanceOf(InvalidChangeError);
    await expect(
      reviewFact(db, { id: staff.id, action: "correct", actor: "a", actorKind: "cli" }),
    ).rejects.toBeInstanceOf(InvalidChangeError);
    const untouched = await getFact(db, staff.id);
    expect(untouched.reviews).toEqual([]);
    expect(untouched.fact.status).toBe("auto");
  });
});
