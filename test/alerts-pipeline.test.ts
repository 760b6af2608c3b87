import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { detectAlerts } from "../alerts/detect.ts";
import type { Db } from "../db/client.ts";
import { documentVersions, documents, pages } from "../db/schema/index.ts";
import { analyzePendingVersions } from "../pipeline/analyze.ts";
import { describeEachDb } from "./db-harness.ts";
import { day } from "./alerts-seed.ts";

/** Two editions of a document, stored as text and analysed by the real pipeline, then compared. */
async function storeEdition(db: Db, key: string, text: string, fetchedAt: Date): Promise<number> {
  await db
    .insert(documents)
    .values({ key, organizationId: "undp", url: `https://docs.example.org/${key}.pdf`, title: key, symbol: key })
    .onConflictDoNothing();
  const [doc] = await db.select().from(documents).where(eq(documents.key, key));
  const [v] = await db
    .insert(documentVersions)
    .values({
      documentId: doc.id,
      sha256: randomBytes(32).toString("hex"),
      bytes: text.length,
      mediaType: "application/pdf",
      url: doc.url,
      fetchedAt,
      textStatus: "extracted",
    })
    .returning();
  await db.insert(pages).values({ versionId: v.id, pageNo: 1, text });
  return v.id;
}

describeEachDb("alerts from analysed documents", (t) => {
  it("raises the budget and post changes, and the fund that left the new edition", async () => {
    const db = t().db;
    await storeEdition(
      db,
      "DP/2024/SSC",
      "The regular budget of the United Nations Office for South-South Cooperation for 2024-2025 amounts to $3.5 " +
        "million. The Office has two P-4 posts. The Perez-Guerrero Trust Fund approved six projects.",
      day(1),
    );
    await analyzePendingVersions(db);
    const second = await storeEdition(
      db,
      "DP/2024/SSC",
      "The regular budget of the United Nations Office for South-South Cooperation for 2024-2025 amounts to $4.2 " +
        "million. The Office has three P-4 posts.",
      day(2),
    );
    await analyzePendingVersions(db);
    const { alerts } = await detectAlerts(db, { versionIds: [second], now: new Date("2026-11-29T08:00:00Z") });
    const summary = alerts.map((a) => [a.change, a.subject, a.metric, a.oldValue, a.newValue]).sort();
    expect(summary).toEqual([
      ["changed", "United Nations Office for South-South Cooperation", "funding:budget", 3_500_000, 4_200_000],
      ["changed", "United Nations Office for South-South Cooperation", "posts:P-4", 2, 3],
      ["changed", "United Nations Office for South-South Cooperation", "posts:total", 2, 3],
      ["disappeared", "Perez-Guerrero Trust Fund for South-South Cooperation", "presence", null, null],
    ]);
    expect((await detectAlerts(db, { now: new Date("2026-11-29T09:00:00Z") })).alerts).toEqual([]);
  });
});
