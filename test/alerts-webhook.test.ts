import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { detectAlerts } from "../alerts/detect.ts";
import { runOutbox } from "../alerts/outbox.ts";
import { claimDueDeliveries } from "../db/queries/alerts.ts";
import { createSubscription } from "../db/queries/subscriptions.ts";
import { alertDeliveries } from "../db/schema/index.ts";
import { describeEachDb } from "./db-harness.ts";
import { money, posts, seedBeforeAfter, seedVersion } from "./alerts-seed.ts";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
}

/** A webhook receiver on 127.0.0.1: records each raw body; `/flaky-*` answers 500 once, then 204. */
let server: Server;
let base = "";
const received: Received[] = [];
let flakyFailures = 1;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, raw: Buffer.concat(chunks).toString("utf8") });
      if (req.url?.startsWith("/flaky") && flakyFailures-- > 0) return void res.writeHead(500).end("boom");
      if (req.url?.startsWith("/hang")) return; // never answers
      if (req.url?.startsWith("/gone")) return void res.writeHead(410).end();
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const SECRET = "whsec_test_0123456789";
const validSignature = (r: Received, secret = SECRET) => {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(r.raw).digest("hex")}`);
  const got = Buffer.from(String(r.headers["x-ssc-signature"] ?? ""));
  return got.length === expected.length && timingSafeEqual(got, expected);
};
const at = (now: Date, ms: number) => new Date(now.getTime() + ms);
const fast = { baseDelayMs: 10, leaseMs: 60_000, timeoutMs: 500 };
let n = 0;

describeEachDb("webhook delivery", (t, kind) => {
  /** A budget change for an organization of its own, and a webhook subscription on that organization. */
  async function alertFor(org: string, path: string) {
    const db = t().db;
    const sub = await createSubscription(db, {
      name: `${kind}-${path}`,
      channel: "webhook",
      target: `${base}${path}`,
      secret: SECRET,
      organizationId: org,
    });
    const cur = await seedBeforeAfter(db, {
      keys: [`${org}/${kind}/${++n}/a`, `${org}/${kind}/${n}/b`],
      organizationId: org,
      before: [money(1_000_000, { subject: "IBSA Fund" })],
      after: [money(2_000_000, { subject: "IBSA Fund" })],
    });
    const now = new Date();
    const { alerts } = await detectAlerts(db, { versionIds: [cur.versionId], now });
    expect(alerts).toHaveLength(1);
    return { db, sub, alert: alerts[0], now, hits: () => received.filter((r) => r.path === path) };
  }

  it("posts the alert as signed JSON that the receiver can verify", async () => {
    const { db, alert, now, hits } = await alertFor("unicef", `/ok-${kind}`);
    const result = await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now, ...fast });
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const [hit, ...more] = hits();
    expect(more).toEqual([]);
    expect(validSignature(hit)).toBe(true);
    expect(validSignature(hit, "another secret")).toBe(false);
    expect(hit.headers["content-type"]).toMatch(/application\/json/);
    expect(hit.headers["x-ssc-delivery"]).toMatch(/^\d+$/);
    expect(Number(hit.headers["x-ssc-timestamp"])).toBe(Math.floor(now.getTime() / 1000));
    const body = JSON.parse(hit.raw);
    expect(body).toMatchObject({
      type: "alert",
      alert: {
        id: alert.id,
        oldValue: 1_000_000,
        newValue: 2_000_000,
        organization: "UNICEF",
        evidence: { old: { quote: "$1,000,000" }, new: { quote: "$2,000,000" } },
      },
    });
    const [row] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alert.id));
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastStatus: 204 });
  });

  it("retries after a 500 with back-off and delivers the same delivery id", async () => {
    flakyFailures = 1;
    const { db, alert, now, hits } = await alertFor("unfpa", `/flaky-${kind}`);
    await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now, ...fast });
    const [row] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alert.id));
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500 });
    expect(row.lastError).toMatch(/500; will retry/);
    expect(row.nextAttemptAt.getTime()).toBe(now.getTime() + 10);
    await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now: at(now, 1_000), ...fast });
    expect(hits()).toHaveLength(2);
    expect(hits()[1].headers["x-ssc-delivery"]).toBe(hits()[0].headers["x-ssc-delivery"]);
    const [after] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alert.id));
    expect(after).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    flakyFailures = 1;
  });

  it("gives up at once on an answer that retrying cannot change", async () => {
    const { db, alert, now, hits } = await alertFor("unesco", `/gone-${kind}`);
    await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now, ...fast });
    await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now: at(now, 60_000), ...fast });
    expect(hits()).toHaveLength(1);
    const [row] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alert.id));
    expect(row).toMatchObject({ status: "failed", lastStatus: 410 });
  });

  it("gives up waiting after the timeout and retries later", async () => {
    const { db, alert, now } = await alertFor("ohrlls", `/hang-${kind}`);
    const result = await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { ...fast, now, timeoutMs: 200 });
    expect(result.retrying).toBe(1);
    const [row] = await db.select().from(alertDeliveries).where(eq(alertDeliveries.alertId, alert.id));
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toMatch(/no answer within 200 ms; will retry/);
    expect(row.lastError).not.toContain("/hang");
  });

  it("sends once when a worker dies between claim and send and another takes over", async () => {
    const { db, alert, now, hits } = await alertFor("who", `/crash-${kind}`);
    const claimed = await claimDueDeliveries(db, { now, leaseMs: 60_000, limit: 50, digests: false });
    expect(claimed.map((c) => c.alert.id)).toContain(alert.id);
    // The first worker is gone. A new one does not touch the row while the claim holds...
    await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now: at(now, 1_000), ...fast });
    expect(hits()).toHaveLength(0);
    // ...takes it over once the claim expires, and nobody sends it again afterwards.
    await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now: at(now, 61_000), ...fast });
    await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now: at(now, 3_600_000), ...fast });
    expect(hits()).toHaveLength(1);
    expect(validSignature(hits()[0])).toBe(true);
  });

  it("sends each alert once when two workers run the outbox at the same time", async () => {
    const db = t().db;
    const path = `/pair-${kind}`;
    await createSubscription(db, {
      name: `pair-${kind}`,
      channel: "webhook",
      target: `${base}${path}`,
      secret: SECRET,
      organizationId: "itc",
    });
    const changed = [];
    for (let i = 0; i < 6; i++) {
      const cur = await seedBeforeAfter(db, {
        keys: [`itc/${kind}/${i}/a`, `itc/${kind}/${i}/b`],
        organizationId: "itc",
        before: [money(1_000_000, { subject: `Fund number ${i}` })],
        after: [money(1_500_000, { subject: `Fund number ${i}` })],
      });
      changed.push(cur.versionId);
    }
    const now = new Date();
    expect((await detectAlerts(db, { versionIds: changed, now })).alerts).toHaveLength(6);
    const [a, b] = await Promise.all([
      runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now, ...fast, batchSize: 4 }),
      runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now, ...fast, batchSize: 4 }),
    ]);
    await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now: at(now, 3_600_000), ...fast });
    const hits = received.filter((r) => r.path === path);
    expect(hits).toHaveLength(6);
    expect(new Set(hits.map((h) => h.headers["x-ssc-delivery"])).size).toBe(6);
    expect(a.sent + b.sent).toBeGreaterThanOrEqual(6);
  });

  it("detection then an outbox pass delivers each new alert once", async () => {
    const db = t().db;
    const path = `/worker-${kind}`;
    await createSubscription(db, {
      name: `worker-${kind}`,
      channel: "webhook",
      target: `${base}${path}`,
      secret: SECRET,
      organizationId: "escap",
    });
    const hourAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    await seedVersion(db, {
      key: `escap/${kind}/a`,
      organizationId: "escap",
      fetchedAt: hourAgo(2),
      facts: [posts(3, "P-2", { subject: "TCDC Unit" })],
    });
    await seedVersion(db, {
      key: `escap/${kind}/b`,
      organizationId: "escap",
      fetchedAt: hourAgo(1),
      facts: [posts(5, "P-2", { subject: "TCDC Unit" })],
    });
    const detected = await detectAlerts(db, { now: new Date() });
    expect(detected.alerts).toHaveLength(2);
    expect(await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, fast)).toMatchObject({ sent: 2 });
    expect(received.filter((r) => r.path === path)).toHaveLength(2);
    const bodies = received
      .filter((r) => r.path === path)
      .map((r) => JSON.parse(r.raw).alert.metric)
      .sort();
    expect(bodies).toEqual(["posts:P-2", "posts:total"]);
  });

  it("sends nothing again on later outbox passes after a delivery", async () => {
    const { db, hits } = await alertFor("unep", `/restart-${kind}`);
    const config = { outboundAllow: ["127.0.0.1"] };
    expect(await runOutbox(db, config, fast)).toMatchObject({ sent: 1 });
    expect(hits()).toHaveLength(1);
    for (let pass = 0; pass < 2; pass++) expect(await runOutbox(db, config, fast)).toMatchObject({ sent: 0 });
    expect(hits()).toHaveLength(1);
  });
});
