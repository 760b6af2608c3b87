import { expect, it } from "vitest";
import type { Db } from "../db/client.ts";
import { dataVersion } from "../db/queries/overview-changes.ts";
import { describeEachDb } from "./db-harness.ts";
import { seedDocument, seedFacts } from "./seed-facts.ts";

const versionOf = async (db: Db, scope: string) => (await dataVersion(db)).scopes.get(scope) ?? 0;

describeEachDb("the overview's data version under concurrent writers", (t, kind) => {
  it("moves once per committed transaction, with the data, and not for one rolled back", async () => {
    const { db } = t();
    const { documentId, versionId } = await seedDocument(db, { organizationId: "unfpa" });
    const before = await versionOf(db, "unfpa");
    await db.transaction(async (tx) => {
      await seedFacts(tx as unknown as Db, [{ documentId, versionId, organizationId: "unfpa" }]);
      await seedFacts(tx as unknown as Db, [{ documentId, versionId, organizationId: "unfpa", value: 2e6 }]);
      // Not yet: the version moves at commit, so no reader sees a new version without its data.
      expect(await versionOf(tx as unknown as Db, "unfpa")).toBe(before);
    });
    expect(await versionOf(db, "unfpa")).toBe(before + 1);
    await expect(
      db.transaction(async (tx) => {
        await seedFacts(tx as unknown as Db, [{ documentId, versionId, organizationId: "unfpa", value: 3e6 }]);
        throw new Error("the writer gave up");
      }),
    ).rejects.toThrow("the writer gave up");
    expect(await versionOf(db, "unfpa")).toBe(before + 1);
  });

  if (kind === "postgres") {
    it("lets a second writer of one organization commit while the first is still open", async () => {
      const { db } = t();
      const { documentId, versionId } = await seedDocument(db, { organizationId: "unicef" });
      const before = await versionOf(db, "unicef");
      let release = () => {};
      const held = new Promise<void>((r) => {
        release = r;
      });
      let wrote = () => {};
      const written = new Promise<void>((r) => {
        wrote = r;
      });
      const slow = db.transaction(async (tx) => {
        await seedFacts(tx as unknown as Db, [{ documentId, versionId, organizationId: "unicef" }]);
        wrote();
        await held;
      });
      await written;
      // Before, the first writer held UNICEF's version row locked until it committed.
      const quick = db.transaction(async (tx) => {
        await seedFacts(tx as unknown as Db, [{ documentId, versionId, organizationId: "unicef", value: 5e6 }]);
      });
      const outcome = await Promise.race([
        quick.then(() => "committed"),
        new Promise((r) => setTimeout(() => r("waiting"), 3000)),
      ]);
      release();
      await slow;
      await quick;
      expect(outcome).toBe("committed");
      expect(await versionOf(db, "unicef")).toBe(before + 2);
    });
  }
});
