import { and, eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { analyzeDocument } from "../analysis/index.ts";
import { getFact } from "../db/queries/facts.ts";
import { reviewFact } from "../db/queries/reviews.ts";
import { loadOverview } from "../db/queries/overview.ts";
import { facts } from "../db/schema/facts.ts";
import { analyzePendingVersions, reanalyzeVersions } from "../pipeline/analyze.ts";
import { describeEachDb } from "./db-harness.ts";
import { seedDocument, seedVersion, SSTC_PAGES } from "./seed-facts.ts";

const NOW = new Date("2026-11-29T08:00:00Z");
/** The same report re-crawled: a longer header moves every offset, the footer changes, the text does not. */
const edition = (header: string, footer: string) => [`${header}\n\n${SSTC_PAGES[0]}\n\n${footer}`, SSTC_PAGES[1]];

describeEachDb("pipeline: reviews carried over to a new version", (t) => {
  it(
    "a new edition with the same text keeps the analyst's correction, " +
      "confirmation and rejection, with a carry-over row in the trail",
    async () => {
      const { db } = t();
      const { documentId, versionId: v1 } = await seedDocument(db, {
        organizationId: "ilo",
        pages: edition("Printed 08:00", "Page generated 08:00."),
        fetchedAt: new Date("2026-11-01T00:00:00Z"),
      });
      await analyzePendingVersions(db, { workerId: "w1", now: NOW });
      const inV1 = async (quote: string) =>
        (
          await db
            .select()
            .from(facts)
            .where(and(eq(facts.versionId, v1), eq(facts.quote, quote)))
        )[0];
      const budget = await inV1("$3.5 million");
      await reviewFact(db, {
        id: budget.id,
        action: "correct",
        value: 3_000_000,
        note: "table total",
        actor: "amina",
        actorKind: "user",
      });
      await reviewFact(db, {
        id: (await inV1("EUR 2 million")).id,
        action: "confirm",
        actor: "amina",
        actorKind: "user",
      });
      await reviewFact(db, { id: (await inV1("1 P-5")).id, action: "reject", actor: "amina", actorKind: "user" });

      const v2 = await seedVersion(db, documentId, {
        pages: edition("Printed on Monday 29 November at 09:00", "Page generated 09:00."),
        fetchedAt: new Date("2026-11-28T00:00:00Z"),
      });
      const summary = await analyzePendingVersions(db, { workerId: "w1", now: NOW });
      expect(summary).toMatchObject({ analyzed: 1, failed: 0, carried: 3 });
      const inV2 = async (quote: string) =>
        (
          await db
            .select()
            .from(facts)
            .where(and(eq(facts.versionId, v2), eq(facts.quote, quote)))
        )[0];
      const budget2 = await inV2("$3.5 million");
      expect(budget2.start).not.toBe(budget.start);
      expect(budget2).toMatchObject({
        status: "corrected",
        value: 3_500_000,
        correctedValue: 3_000_000,
      });
      expect((await inV2("EUR 2 million")).status).toBe("confirmed");
      expect((await inV2("1 P-5")).status).toBe("rejected");
      expect((await inV2("2 P-4")).status).toBe("auto");

      const org = (await loadOverview(db, 2024, NOW)).organizations.find((o) => o.id === "ilo")!;
      const figure = org.funding.find((f) => f.basis === "budget")!;
      expect(figure).toMatchObject({
        value: 3_000_000,
        status: "corrected",
        evidence: [expect.objectContaining({ factId: budget2.id })],
      });
      expect(org.posts.map((p) => p.grade)).toEqual(["GS (OL)", "P-4"]);

      const { reviews } = await getFact(db, budget2.id);
      expect(reviews).toEqual([
        expect.objectContaining({
          action: "correct",
          actor: "system",
          actorKind: "cli",
          note: `carried over from version ${v1}`,
        }),
      ]);
      expect(reviews[0].before).toMatchObject({ status: "auto", correctedValue: null });
      expect(reviews[0].after).toMatchObject({ status: "corrected", correctedValue: 3_000_000 });

      // Analysing the new edition again is no first reading: nothing is carried a second time.
      const again = await reanalyzeVersions(db, { all: true, workerId: "w1", now: NOW });
      expect(again).toMatchObject({ failed: 0, carried: 0 });
      expect((await getFact(db, budget2.id)).reviews).toHaveLength(1);
    },
  );

  it("carries nothing over when the new edition's amount changed", async () => {
    const { db } = t();
    const { documentId, versionId: v1 } = await seedDocument(db, {
      organizationId: "fao",
      pages: SSTC_PAGES,
      fetchedAt: new Date("2026-11-01T00:00:00Z"),
    });
    await analyzePendingVersions(db, { workerId: "w1", now: NOW });
    const [budget] = await db
      .select()
      .from(facts)
      .where(and(eq(facts.versionId, v1), eq(facts.quote, "$3.5 million")));
    await reviewFact(db, { id: budget.id, action: "reject", actor: "amina", actorKind: "user" });
    const v2 = await seedVersion(db, documentId, {
      pages: [SSTC_PAGES[0].replace("$3.5 million", "$4.1 million")],
      fetchedAt: new Date("2026-11-28T00:00:00Z"),
    });
    expect(await analyzePendingVersions(db, { workerId: "w1", now: NOW })).toMatchObject({ carried: 0 });
    const [current] = await db
      .select()
      .from(facts)
      .where(and(eq(facts.versionId, v2), eq(facts.quote, "$4.1 million")));
    expect(current.status).toBe("auto");
  });

  it("counts as inserted only the facts actually stored, not those skipped as already there", async () => {
    const { db } = t();
    const { versionId } = await seedDocument(db, { pages: SSTC_PAGES });
    // An analyzer that reports every fact twice: the second copy has the same fingerprint and is skipped.
    const twice: typeof analyzeDocument = (input) => {
      const a = analyzeDocument(input);
      return { ...a, facts: [...a.facts, ...a.facts] };
    };
    const summary = await analyzePendingVersions(db, { workerId: "w1", analyze: twice });
    const stored = await db.select().from(facts).where(eq(facts.versionId, versionId));
    expect(summary.analyzed).toBe(1);
    expect(stored.length).toBeGreaterThan(0);
    expect(summary.inserted).toBe(stored.length);
  });
});
