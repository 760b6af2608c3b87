import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { detectAlerts } from "../alerts/detect.ts";
import { runOutbox, type OutboxResult } from "../alerts/outbox.ts";
import { claimDueDeliveries, renewClaims, settleDeliveries } from "../db/queries/alerts.ts";
import { createSubscription } from "../db/queries/subscriptions.ts";
import { alertDeliveries } from "../db/schema/index.ts";
import { startServer, type TestServer } from "./http-server.ts";
import { describeEachDb } from "./db-harness.ts";
import { money, seedBeforeAfter } from "./alerts-seed.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const body = (req: import("node:http").IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });

describeEachDb("outbox claims with several workers", (t, kind) => {
  /** `count` budget changes of one organization and a webhook subscription on it; returns the delivery ids. */
  async function alertsFor(org: string, count: number, target: string): Promise<number[]> {
    const db = t().db;
    const sub = await createSubscription(db, {
      name: `claims-${org}`,
      channel: "webhook",
      target,
      secret: "0123456789abcdef0123",
      organizationId: org,
    });
    const changed: number[] = [];
    for (let i = 0; i < count; i++) {
      const cur = await seedBeforeAfter(db, {
        keys: [`${org}/${kind}/${i}/a`, `${org}/${kind}/${i}/b`],
        organizationId: org,
        before: [money(1_000_000, { subject: `Trust fund ${i}` })],
        after: [money(2_000_000, { subject: `Trust fund ${i}` })],
      });
      changed.push(cur.versionId);
    }
    await detectAlerts(db, { versionIds: changed, now: new Date("2026-11-29T08:00:00Z") });
    const rows = await db.select().from(alertDeliveries).where(eq(alertDeliveries.subscriptionId, sub.id));
    expect(rows).toHaveLength(count);
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  it(
    "never sends a delivery twice when a batch outlasts " + "the lease and a second worker takes over the rest",
    async () => {
      const db = t().db;
      // A test clock: each webhook answer takes 600 ms of it; the lease is 1000 ms, so a batch of three outlasts it.
      let ms = Date.parse("2026-11-29T09:00:00Z");
      const clock = () => new Date(ms);
      const options = { clock, leaseMs: 1_000, timeoutMs: 5_000, baseDelayMs: 10 };
      const hits: Array<{ delivery: number; worker: string }> = [];
      let requests = 0;
      let second: Promise<OutboxResult> | undefined;
      server = await startServer(async (req, res) => {
        const { delivery } = JSON.parse(await body(req)) as { delivery: number };
        requests += 1;
        hits.push({ delivery, worker: second ? "B" : "A" });
        ms += 600;
        // While worker A waits for its second answer, worker B runs a pass: the rows A claimed but
        // has not reached yet have an expired claim by now.
        if (requests === 2) {
          second = runOutbox(db, { outboundAllow: ["127.0.0.1"] }, options);
          await second;
        }
        res.writeHead(204).end();
      });
      const ids = await alertsFor("unctad", 3, `${server.url}/hook`);
      const first = await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, options);
      const other = await second!;

      expect(hits.map((h) => h.delivery).sort((a, b) => a - b)).toEqual(ids);
      expect(first).toMatchObject({ sent: 2, takenOver: 1, failed: 0, retrying: 0 });
      expect(other).toMatchObject({ sent: 1, takenOver: 0 });
      const rows = await db
        .select()
        .from(alertDeliveries)
        .where(
          eq(
            alertDeliveries.subscriptionId,
            (await db.select().from(alertDeliveries).where(eq(alertDeliveries.id, ids[0])))[0].subscriptionId,
          ),
        );
      expect(rows.map((r) => [r.status, r.claimedUntil])).toEqual([
        ["sent", null],
        ["sent", null],
        ["sent", null],
      ]);
      // Nothing is left for a later pass either.
      ms += 3_600_000;
      expect(await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, options)).toMatchObject({ sent: 0 });
      expect(hits).toHaveLength(3);
    },
  );

  it("lets only the worker holding the claim renew or settle a row", async () => {
    const db = t().db;
    const [id] = await alertsFor("unido", 1, "http://127.0.0.1:1/never-called");
    const t0 = new Date("2026-11-29T10:00:00Z");
    const [mine] = await claimDueDeliveries(db, { now: t0, leaseMs: 1_000, limit: 50, digests: false });
    expect(mine.delivery.id).toBe(id);
    const staleToken = mine.delivery.claimedUntil!;
    // The claim expires; another worker takes the row over.
    const [theirs] = await claimDueDeliveries(db, {
      now: new Date(t0.getTime() + 2_000),
      leaseMs: 1_000,
      limit: 50,
      digests: false,
    });
    expect(theirs.delivery.id).toBe(id);
    expect(
      await renewClaims(db, { ids: [id], token: staleToken, now: new Date(t0.getTime() + 2_100), leaseMs: 1_000 }),
    ).toMatchObject({ ids: [] });
    expect(
      await settleDeliveries(db, {
        ids: [id],
        token: staleToken,
        status: "sent",
        now: new Date(t0.getTime() + 2_100),
        lastStatus: 204,
      }),
    ).toBe(0);
    const [still] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.id, id));
    expect(still).toMatchObject({ status: "sending", claimedUntil: theirs.delivery.claimedUntil });
    const renewed = await renewClaims(db, {
      ids: [id],
      token: theirs.delivery.claimedUntil!,
      now: new Date(t0.getTime() + 2_500),
      leaseMs: 1_000,
    });
    expect(renewed.ids).toEqual([id]);
    expect(
      await settleDeliveries(db, {
        ids: [id],
        token: renewed.token,
        status: "sent",
        now: new Date(t0.getTime() + 2_600),
        lastStatus: 204,
      }),
    ).toBe(1);
    const [done] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.id, id));
    expect(done).toMatchObject({ status: "sent", claimedUntil: null, lastStatus: 204 });
  });
});
