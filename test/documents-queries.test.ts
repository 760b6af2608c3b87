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

describeEachDb("fact lists show the current edition", (t) => {
  it("lists only the facts of a document's newest analysed edition, unless asked for history", async () => {
    const { listFacts } = await import("../db/queries/facts.ts");
    const db = t().db;
    const old = await seedDocument(db, {
      organizationId: "unido",
      analysisStatus: "analyzed",
      fetchedAt: new Date("2024-01-01"),
    });
    const newer = await seedVersion(db, old.documentId, {
      analysisStatus: "analyzed",
      fetchedAt: new Date("2025-01-01"),
    });
    const queued = await seedVersion(db, old.documentId, {
      analysisStatus: "pending",
      fetchedAt: new Date("2025-06-01"),
    });
    await seedFacts(db, [
      { documentId: old.documentId, versionId: old.versionId, value: 1_000_000, organizationId: "unido" },
      { documentId: old.documentId, versionId: newer, value: 1_200_000, organizationId: "unido" },
    ]);
    expect(queued).toBeGreaterThan(newer);
    const current = await listFacts(db, { organization: "unido" });
    expect(current.items.map((f) => f.value)).toEqual([1_200_000]);
    expect(current.total).toBe(1);
    const history = await listFacts(db, { organization: "unido", current: false });
    expect(history.items.map((f) => f.value).sort()).toEqual([1_000_000, 1_200_000]);
  });
});
