import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectAlerts } from "../alerts/detect.ts";
import { runOutbox } from "../alerts/outbox.ts";
import { checkUrl, outboundPolicy, RefusedTarget } from "../net/outbound.ts";
import { requestPublic } from "../net/request.ts";
import { createSubscription } from "../db/queries/subscriptions.ts";
import { alertDeliveries } from "../db/schema/index.ts";
import { createKey, makeApp } from "./api-fixtures.ts";
import { money, seedBeforeAfter } from "./alerts-seed.ts";
import { describeEachDb } from "./db-harness.ts";
import { startServer, type TestServer } from "./http-server.ts";

/**
 * The red-team finding: webhook targets reached internal addresses (cloud metadata, private
 * networks, the host's own ports) in any spelling. Each spelling is refused when subscribing,
 * and again when delivering, where the address connected to is the one that was checked.
 */

const INTERNAL = [
  ["http://169.254.169.254/latest/meta-data/", "link-local"],
  ["http://2852039166/", "link-local"], // decimal 169.254.169.254
  ["http://0xA9FEA9FE/", "link-local"], // hex
  ["http://0251.0376.0251.0376/", "link-local"], // octal
  ["http://10.0.0.1/hook", "private"],
  ["http://172.16.5.4/", "private"],
  ["http://192.168.1.1/", "private"],
  ["http://100.64.0.1/", "private"],
  ["http://127.0.0.1:8080/", "loopback"],
  ["http://127.1/", "loopback"],
  ["http://0x7f.1/", "loopback"],
  ["http://[::1]:22/", "loopback"],
  ["http://[::ffff:127.0.0.1]/", "loopback (IPv4-mapped)"],
  ["http://[::ffff:a9fe:a9fe]/", "link-local"],
  ["http://0.0.0.0/", "unspecified"],
  ["http://0/", "unspecified"],
  ["http://[::]/", "unspecified"],
  ["http://[fd00::1]/", "unique local"],
  ["http://[fe80::1]/", "link-local"],
  ["http://224.0.0.1/", "multicast"],
  ["http://[ff02::1]/", "multicast"],
  ["http://255.255.255.255/", "reserved"],
  ["http://192.0.2.10/", "reserved"],
  ["http://[64:ff9b::a9fe:a9fe]/", "NAT64"],
  ["http://[2001:db8::1]/", "documentation"],
] as const;

describe("outbound targets as written", () => {
  const policy = outboundPolicy();
  it.each(INTERNAL)("refuses %s (%s)", (url, reason) => {
    expect(() => checkUrl(url, policy)).toThrow(RefusedTarget);
    expect(() => checkUrl(url, policy)).toThrow(reason);
  });

  it("refuses credentials in the URL and other schemes, and lets public addresses through", () => {
    expect(() => checkUrl("https://user:pw@hooks.example.org/x", policy)).toThrow(/user name or password/);
    expect(() => checkUrl("https://hooks.example.org@10.0.0.1/x", policy)).toThrow(RefusedTarget);
    expect(() => checkUrl("file:///etc/passwd", policy)).toThrow(/not an http/);
    expect(() => checkUrl("gopher://93.184.215.14/", policy)).toThrow(/not an http/);
    expect(checkUrl("http://93.184.215.14/hook", policy).hostname).toBe("93.184.215.14");
    expect(checkUrl("https://[2606:4700:4700::1111]/", policy).hostname).toBe("[2606:4700:4700::1111]");
  });

  it("lets through only what the allow-list names", () => {
    const allowed = outboundPolicy(["127.0.0.1", "10.1.0.0/16"]);
    expect(checkUrl("http://127.0.0.1:9/x", allowed).port).toBe("9");
    expect(checkUrl("http://[::ffff:127.0.0.1]/", allowed).hostname).toBe("[::ffff:7f00:1]");
    expect(checkUrl("http://10.1.2.3/", allowed).hostname).toBe("10.1.2.3");
    expect(() => checkUrl("http://127.0.0.2/", allowed)).toThrow(/loopback/);
    expect(() => checkUrl("http://10.2.0.1/", allowed)).toThrow(/private/);
  });
});

describe("outbound requests", () => {
  let inside: TestServer;
  let redirector: TestServer;
  beforeAll(async () => {
    inside = await startServer((_req, res) => res.writeHead(204).end(), { host: "127.0.0.2" });
    redirector = await startServer((req, res) => {
      const to = req.url === "/to-inside" ? `${inside.url}/secret` : req.url === "/to-self" ? "/final" : undefined;
      if (to) return res.writeHead(302, { location: to }).end();
      res.writeHead(200).end("final");
    });
  });
  afterAll(async () => {
    await inside.close();
    await redirector.close();
  });

  it("checks every redirect again: an allowed receiver cannot bounce the request inside", async () => {
    const policy = outboundPolicy(["127.0.0.1"]);
    const ok = await requestPublic({ url: `${redirector.url}/to-self`, timeoutMs: 2_000, policy, maxRedirects: 3 });
    expect(ok).toMatchObject({ status: 200, url: `${redirector.url}/final` });
    await expect(
      requestPublic({ url: `${redirector.url}/to-inside`, timeoutMs: 2_000, policy, maxRedirects: 3 }),
    ).rejects.toThrow(/127\.0\.0\.2 is loopback/);
    expect(inside.requests).toEqual([]);
  });

  it("checks the address it connects to: a name that resolves inside is refused at connect time", async () => {
    const url = `http://localhost:${inside.port}/x`;
    expect(checkUrl(url, outboundPolicy()).hostname).toBe("localhost"); // a name passes the written check
    await expect(requestPublic({ url, timeoutMs: 2_000, policy: outboundPolicy() })).rejects.toThrow(/is loopback/);
    expect(inside.requests).toEqual([]);
  });
});

describeEachDb("webhook targets", (t, kind) => {
  let receiver: TestServer;
  let app: ReturnType<typeof makeApp>;
  let key = "";
  beforeAll(async () => {
    receiver = await startServer((_req, res) => res.writeHead(204).end());
    app = makeApp(t().db);
    key = (await createKey(t().db, `outbound-${kind}`)).key;
  });
  afterAll(() => receiver.close());

  const subscribe = (target: string) =>
    app.request("/api/subscriptions", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ channel: "webhook", target }),
    });

  it("refuses internal targets in every spelling with a 400 that says why", async () => {
    for (const [url, reason] of INTERNAL) {
      const res = await subscribe(url);
      expect(res.status, url).toBe(400);
      expect((await res.json()).message).toContain(reason);
    }
    const named = await subscribe(`http://localhost:${receiver.port}/hook`);
    expect(named.status).toBe(400);
    expect((await named.json()).message).toMatch(/localhost resolves to .* loopback/);
    const withUser = await subscribe("https://user:pw@hooks.example.org/hook");
    expect(withUser.status).toBe(400);
    const ok = await subscribe("http://93.184.215.14/hook");
    expect(ok.status).toBe(201);
    // Accepted, but removed again: the delivery test below must not send to the internet.
    await app.request(`/api/subscriptions/${(await ok.json()).id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${key}` },
    });
  });

  let n = 0;
  /** A webhook stored without the API's checks (as older rows were) and an alert due for it. */
  async function due(target: string) {
    const db = t().db;
    const org = "unfpa";
    await createSubscription(db, { name: `direct ${++n}`, channel: "webhook", target, secret: "0123456789abcdef" });
    const cur = await seedBeforeAfter(db, {
      keys: [`OUT/${kind}/${n}/a`, `OUT/${kind}/${n}/b`],
      organizationId: org,
      before: [money(n * 1e6)],
      after: [money(n * 2e6)],
    });
    await detectAlerts(db, { versionIds: [cur.versionId], now: new Date() });
  }

  it("refuses at delivery time too, by default even 127.0.0.1, and sends once the address is allowed", async () => {
    const db = t().db;
    await db.delete(alertDeliveries);
    await due(`${receiver.url}/literal`);
    await due(`http://localhost:${receiver.port}/named`);
    const refused = await runOutbox(db, {}, { timeoutMs: 2_000 });
    expect(refused).toMatchObject({ sent: 0, retrying: 0 });
    expect(refused.failed).toBeGreaterThanOrEqual(2);
    expect(receiver.requests).toEqual([]);
    const rows = await db.select().from(alertDeliveries).where(eq(alertDeliveries.status, "failed"));
    expect(rows.map((r) => r.lastError).join("\n")).toMatch(/127\.0\.0\.1 is loopback/);

    await due(`${receiver.url}/allowed`);
    const allowed = await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { timeoutMs: 2_000 });
    expect(allowed.sent).toBeGreaterThanOrEqual(1);
    expect(receiver.requests.map((r) => r.url)).toContain("/allowed");
  });
});
