import { eq, inArray } from "drizzle-orm";
import { expect, it } from "vitest";
import { detectAlerts } from "../alerts/detect.ts";
import { alertDeliveries, alerts, facts } from "../db/schema/index.ts";
import { createSubscription } from "../db/queries/subscriptions.ts";
import { describeEachDb } from "./db-harness.ts";
import { day, money, posts, seedBeforeAfter, seedVersion, unit } from "./alerts-seed.ts";

const now = new Date("2026-11-29T08:00:00Z");

describeEachDb("alert detection", (t) => {
  it("raises an alert for a budget change above 5 %, with both values and both pieces of evidence", async () => {
    const db = t().db;
    const cur = await seedBeforeAfter(db, {
      keys: ["UNDP/BUDGET/2024", "UNDP/BUDGET/2024-REV"],
      organizationId: "undp",
      before: [money(3_500_000, { page: 4, quote: "$3.5 million" })],
      after: [money(4_000_000, { page: 9, quote: "$4.0 million", subject: "UNOSSC" })],
    });
    const old = cur.before;
    const { alerts: raised } = await detectAlerts(db, { versionIds: [cur.versionId], now });
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      organizationId: "undp",
      subject: "United Nations Office for South-South Cooperation",
      metric: "funding:budget",
      change: "changed",
      period: "2024-2025",
      oldValue: 3_500_000,
      newValue: 4_000_000,
      absChange: 500_000,
      unit: "USD",
      oldFactId: old.factIds[0],
      newFactId: cur.factIds[0],
      evidence: {
        old: { page: 4, quote: "$3.5 million", versionId: old.versionId },
        new: { page: 9, quote: "$4.0 million", versionId: cur.versionId },
      },
    });
    expect(raised[0].relChange).toBeCloseTo(0.142857, 5);
  });

  it("stays quiet for a budget change below the threshold", async () => {
    const db = t().db;
    const cur = await seedBeforeAfter(db, {
      keys: ["FAO/PWB/A", "FAO/PWB/B"],
      organizationId: "fao",
      before: [money(1_000_000, { subject: "FAO-China SSC Programme" })],
      after: [money(1_030_000, { subject: "FAO-China South-South Cooperation Programme" })],
    });
    expect((await detectAlerts(db, { versionIds: [cur.versionId], now })).alerts).toEqual([]);
    expect(
      (await detectAlerts(db, { versionIds: [cur.versionId], now, thresholds: { moneyRel: 0.02 } })).alerts,
    ).toHaveLength(1);
  });

  it("raises post changes by grade and in total", async () => {
    const db = t().db;
    const cur = await seedBeforeAfter(db, {
      keys: ["ILO/PB/1", "ILO/PB/2"],
      organizationId: "ilo",
      before: [
        posts(2, "P-4", { subject: "Brazil-ILO programme" }),
        posts(1, "GS (OL)", { subject: "Brazil-ILO programme" }),
      ],
      after: [
        posts(1, "P-4", { subject: "Brazil-ILO programme" }),
        posts(1, "GS (OL)", { subject: "Brazil-ILO programme" }),
      ],
    });
    const { alerts: raised } = await detectAlerts(db, { versionIds: [cur.versionId], now });
    expect(raised.map((a) => [a.metric, a.oldValue, a.newValue, a.absChange]).sort()).toEqual([
      ["posts:P-4", 2, 1, -1],
      ["posts:total", 3, 2, -1],
    ]);
  });

  it("reports a unit that disappears from the new edition of a document", async () => {
    const db = t().db;
    await seedVersion(db, {
      key: "DP/CF/SSC/9",
      symbol: "DP/CF/SSC/9",
      organizationId: "unossc",
      fetchedAt: day(1),
      facts: [unit("PGTF", { page: 3, quote: "the PGTF" }), unit("IBSA Fund")],
    });
    const cur = await seedVersion(db, {
      key: "DP/CF/SSC/9",
      symbol: "DP/CF/SSC/9",
      organizationId: "unossc",
      fetchedAt: day(2),
      facts: [unit("IBSA Fund")],
    });
    const { alerts: raised } = await detectAlerts(db, { versionIds: [cur.versionId], now });
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      change: "disappeared",
      subject: "Perez-Guerrero Trust Fund for South-South Cooperation",
      metric: "presence",
      evidence: { old: { page: 3, quote: "the PGTF" }, new: { versionId: cur.versionId, quote: null } },
    });
  });

  it("reports a new unit appearing in a document series", async () => {
    const db = t().db;
    const cur = await seedBeforeAfter(db, {
      keys: ["IFAD/SSTC/1", "IFAD/SSTC/1"],
      organizationId: "ifad",
      before: [posts(2, null, { subject: "China-IFAD Facility" })],
      after: [
        posts(2, null, { subject: "China-IFAD Facility" }),
        unit("India-UN Fund", { quote: "the India-UN Fund" }),
      ],
    });
    const { alerts: raised } = await detectAlerts(db, { versionIds: [cur.versionId], now });
    expect(raised.map((a) => [a.change, a.subject])).toEqual([["appeared", "India-UN Development Partnership Fund"]]);
  });

  it("never raises an alert from a rejected fact", async () => {
    const db = t().db;
    const cur = await seedBeforeAfter(db, {
      keys: ["WFP/MP/1", "WFP/MP/2"],
      organizationId: "wfp",
      before: [money(2_000_000, { subject: "WFP Centre of Excellence" })],
      after: [money(9_000_000, { subject: "WFP Centre of Excellence", status: "rejected" })],
    });
    expect((await detectAlerts(db, { versionIds: [cur.versionId], now })).alerts).toEqual([]);
  });

  it("raises nothing twice: not when detection runs again, nor after the version is re-analysed", async () => {
    const db = t().db;
    const cur = await seedBeforeAfter(db, {
      keys: ["UNIDO/PB/1", "UNIDO/PB/2"],
      organizationId: "unido",
      before: [money(500_000, { subject: "IBSA Fund" })],
      after: [money(800_000, { subject: "IBSA Fund" })],
    });
    expect((await detectAlerts(db, { versionIds: [cur.versionId], now })).alerts).toHaveLength(1);
    expect((await detectAlerts(db, { versionIds: [cur.versionId], now })).alerts).toEqual([]);
    // Re-analysis replaces the version's facts: new rows, new ids, same values.
    const [f] = await db.delete(facts).where(eq(facts.versionId, cur.versionId)).returning();
    await db.insert(facts).values({ ...f, id: undefined });
    expect((await detectAlerts(db, { now })).alerts.filter((a) => a.organizationId === "unido")).toEqual([]);
    expect(await db.select().from(alerts).where(eq(alerts.organizationId, "unido"))).toHaveLength(1);
  });

  it("queues one outbox row per matching subscription with the alert", async () => {
    const db = t().db;
    const all = await createSubscription(db, {
      name: "all",
      channel: "webhook",
      target: "http://127.0.0.1:9/all",
      secret: "s",
    });
    const unido = await createSubscription(db, {
      name: "escwa posts",
      channel: "webhook",
      target: "http://127.0.0.1:9/x",
      secret: "s",
      organizationId: "escwa",
      metric: "posts",
    });
    const other = await createSubscription(db, {
      name: "escwa funding",
      channel: "webhook",
      target: "http://127.0.0.1:9/y",
      secret: "s",
      organizationId: "escwa",
      metric: "funding",
    });
    const cur = await seedBeforeAfter(db, {
      keys: ["ESCWA/1", "ESCWA/2"],
      organizationId: "escwa",
      before: [posts(4, "P-3", { subject: "TCDC Unit" })],
      after: [posts(5, "P-3", { subject: "TCDC Unit" })],
    });
    const result = await detectAlerts(db, { versionIds: [cur.versionId], now });
    expect(result.alerts).toHaveLength(2);
    const rows = await db
      .select()
      .from(alertDeliveries)
      .where(
        inArray(
          alertDeliveries.alertId,
          result.alerts.map((a) => a.id),
        ),
      );
    expect(rows.filter((r) => r.subscriptionId === all.id)).toHaveLength(2);
    expect(rows.filter((r) => r.subscriptionId === unido.id)).toHaveLength(2);
    expect(rows.filter((r) => r.subscriptionId === other.id)).toHaveLength(0);
    expect(result.deliveries).toBe(4);
  });
});
