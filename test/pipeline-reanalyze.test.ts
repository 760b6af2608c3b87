import { and, eq, ne } from "drizzle-orm";
import { expect, it } from "vitest";
import { reviewFact } from "../db/queries/reviews.ts";
import { documentVersions } from "../db/schema/document-versions.ts";
import { factReviews } from "../db/schema/fact-reviews.ts";
import { facts } from "../db/schema/facts.ts";
import { analyzePendingVersions, reanalyzeVersions } from "../pipeline/analyze.ts";
import { describeEachDb } from "./db-harness.ts";
import { seedDocument, seedFact, seedVersion, SSTC_PAGES } from "./seed-facts.ts";

describeEachDb("pipeline: reanalyze keeps analyst reviews", (t) => {
  it(
    "keeps confirmed, corrected and rejected facts as " + "reviewed, supersedes vanished auto facts, adds new ones",
    async () => {
      const { db } = t();
      const { documentId, versionId } = await seedDocument(db, { pages: SSTC_PAGES });
      await analyzePendingVersions(db, { workerId: "w1" });
      const byQuote = async (quote: string) =>
        (
          await db
            .select()
            .from(facts)
            .where(and(eq(facts.versionId, versionId), eq(facts.quote, quote)))
        )[0];
      const budget = await byQuote("$3.5 million");
      const p5 = await byQuote("1 P-5");
      const euro = await byQuote("EUR 2 million");
      const p4 = await byQuote("2 P-4");
      await reviewFact(db, { id: budget.id, action: "confirm", actor: "amina", actorKind: "user" });
      await reviewFact(db, {
        id: euro.id,
        action: "correct",
        value: 2_500_000,
        note: "table says 2.5",
        actor: "amina",
        actorKind: "user",
      });
      await reviewFact(db, { id: p5.id, action: "reject", actor: "amina", actorKind: "user" });
      // What an older analyzer left behind: a moved offset on a confirmed fact, an auto fact the
      // new analyzer no longer finds, and a fact it had missed.
      await db.update(facts).set({ fingerprint: "old-analyzer|budget", start: 3 }).where(eq(facts.id, budget.id));
      const stale = await seedFact(db, {
        documentId,
        versionId,
        value: 999,
        quote: "$999",
        fingerprint: "old-analyzer|999",
      });
      await reviewFact(db, { id: stale, action: "reset", note: "looked odd", actor: "amina", actorKind: "user" });
      await db.delete(facts).where(eq(facts.id, p4.id));
      await db.update(documentVersions).set({ analyzerVersion: "0.9.0" }).where(eq(documentVersions.id, versionId));

      const summary = await reanalyzeVersions(db, { workerId: "w1" });
      expect(summary).toMatchObject({ requeued: 1, analyzed: 1, failed: 0, superseded: 1 });
      const after = await db.select().from(facts).where(eq(facts.versionId, versionId));
      const find = (id: number) => after.find((f) => f.id === id)!;
      expect(find(budget.id)).toMatchObject({ status: "confirmed", value: 3_500_000 });
      expect(find(budget.id).passageId).not.toBeNull();
      expect(find(euro.id)).toMatchObject({ status: "corrected", correctedValue: 2_500_000, value: 2_000_000 });
      expect(find(p5.id).status).toBe("rejected");
      expect(find(stale).status).toBe("superseded");
      expect(after.filter((f) => f.quote === "2 P-4" && f.status === "auto")).toHaveLength(1);
      const trail = await db.select().from(factReviews).where(eq(factReviews.factId, stale));
      expect(trail).toHaveLength(1);
    },
  );

  it("changes nothing when run again with the same analyzer over every version", async () => {
    const { db } = t();
    const snapshot = async () =>
      (
        await db
          .select({ id: facts.id, status: facts.status, passage: facts.passageId })
          .from(facts)
          .where(ne(facts.status, "superseded"))
      )
        .map((f) => `${f.id}:${f.status}`)
        .sort();
    const before = await snapshot();
    const again = await reanalyzeVersions(db, { all: true, workerId: "w1" });
    expect(again.failed).toBe(0);
    expect(again.inserted).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it("keeps an older edition's facts when a newer version of the document is analysed", async () => {
    const { db } = t();
    const { documentId, versionId: v1 } = await seedDocument(db, { pages: SSTC_PAGES });
    await analyzePendingVersions(db, { workerId: "w1" });
    const v2 = await seedVersion(db, documentId, { pages: [SSTC_PAGES[0].replace("$3.5 million", "$4.1 million")] });
    await analyzePendingVersions(db, { workerId: "w1" });
    const old = await db
      .select()
      .from(facts)
      .where(and(eq(facts.versionId, v1), eq(facts.quote, "$3.5 million")));
    const current = await db
      .select()
      .from(facts)
      .where(and(eq(facts.versionId, v2), eq(facts.quote, "$4.1 million")));
    expect(old[0].status).toBe("auto");
    expect(current).toHaveLength(1);
  });
});
