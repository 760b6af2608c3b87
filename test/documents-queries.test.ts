import { expect, it } from "vitest";
import { getDocument, listDocuments } from "../db/queries/documents.ts";
import { describeEachDb } from "./db-harness.ts";
import { seedDocument, seedFacts, seedVersion } from "./seed-facts.ts";

describeEachDb("document queries", (t) => {
  it("counts each document's own versions and facts, not another row's", async () => {
    const db = t().db;
    const a = await seedDocument(db, { organizationId: "ifad" });
    const b = await seedDocument(db, { organizationId: "ifad" });
    const b2 = await seedVersion(db, b.documentId, { pages: ["second edition"] });
    await seedFacts(db, [
      { documentId: a.documentId, versionId: a.versionId },
      { documentId: a.documentId, versionId: a.versionId, value: 7_000_000 },
      { documentId: b.documentId, versionId: b2, value: 1_000_000 },
      { documentId: b.documentId, versionId: b2, value: 2_000_000, status: "rejected" },
    ]);
    const { items } = await listDocuments(db, { organization: "ifad" });
    const byId = new Map(items.map((d) => [d.id, d]));
    expect(byId.get(a.documentId)).toMatchObject({ versions: 1, facts: 2 });
    expect(byId.get(b.documentId)).toMatchObject({ versions: 2, facts: 1 });

    const one = await getDocument(db, b.documentId);
    const factsPerVersion = one?.versions.map((v) => v.facts).sort();
    expect(factsPerVersion).toEqual([0, 2]);
  });
});
