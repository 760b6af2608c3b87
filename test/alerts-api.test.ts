import { XMLParser } from "fast-xml-parser";
import { beforeAll, expect, it } from "vitest";
import { detectAlerts } from "../alerts/detect.ts";
import { runOutbox } from "../alerts/outbox.ts";
import { createApp } from "../api/app.ts";
import { newApiKey } from "../api/auth/tokens.ts";
import { alertsApp } from "../api/routes/alerts.ts";
import { loadConfig } from "../config.ts";
import { insertApiKey, insertUser } from "../db/queries/auth.ts";
import { SESSION_COOKIE, startSession } from "../api/auth/sessions.ts";
import { createSubscription } from "../db/queries/subscriptions.ts";
import { describeEachDb } from "./db-harness.ts";
import { day, money, posts, seedBeforeAfter, seedVersion } from "./alerts-seed.ts";

const config = loadConfig({ SSC_PUBLIC_URL: "https://ssc.example.org" }, {});
const feedParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  isArray: (name) => name === "entry" || name === "link",
});

describeEachDb("alerts API, feed and page", (t) => {
  let app: ReturnType<typeof createApp>;
  let key = "";

  /** The app as it is to be mounted: createApp, then app.route("/", alertsApp). */
  beforeAll(async () => {
    const db = t().db;
    app = createApp({ db, config });
    app.route("/", alertsApp);
    const created = newApiKey();
    await insertApiKey(db, { name: "coordinator-key", keyHash: created.keyHash, prefix: created.prefix });
    key = created.key;
    await createSubscription(db, {
      name: "ops hook",
      channel: "webhook",
      target: "http://127.0.0.1:1/hook",
      secret: "0123456789abcdef",
    });
    await seedVersion(db, {
      key: "DP/2024/1",
      symbol: "DP/2024/1",
      organizationId: "undp",
      fetchedAt: day(1),
      facts: [money(3_500_000, { page: 4, quote: "$3.5 million for the Special Unit" })],
    });
    const cur = await seedVersion(db, {
      key: "DP/2026/1",
      symbol: "DP/2026/1",
      organizationId: "undp",
      fetchedAt: day(2),
      facts: [money(4_200_000, { page: 12, quote: "$4.2 million for UNOSSC" })],
    });
    await detectAlerts(db, { versionIds: [cur.versionId], now: new Date("2026-11-29T08:00:00Z") });
    // Nothing listens on port 1: the delivery fails and is logged for a retry.
    await runOutbox(db, { outboundAllow: ["127.0.0.1"] }, { now: new Date("2026-11-29T08:00:00Z"), timeoutMs: 2_000 });
  });

  const auth = () => ({ authorization: `Bearer ${key}`, "content-type": "application/json" });

  it("lists alerts with both values and both pieces of evidence", async () => {
    const res = await app.request("/api/alerts?organization=undp");
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      organization: "UNDP",
      subject: "United Nations Office for South-South Cooperation",
      metric: "funding:budget",
      oldValue: 3_500_000,
      newValue: 4_200_000,
      unit: "USD",
      evidence: {
        old: { page: 4, quote: "$3.5 million for the Special Unit", symbol: "DP/2024/1" },
        new: { page: 12, quote: "$4.2 million for UNOSSC" },
      },
    });
    expect(items[0].relChange).toBeCloseTo(0.2);
    expect((await (await app.request("/api/alerts?metric=posts")).json()).items).toEqual([]);
  });

  it("records who acknowledged an alert and when, with an API key only", async () => {
    const [alert] = (await (await app.request("/api/alerts")).json()).items;
    expect((await app.request(`/api/alerts/${alert.id}/ack`, { method: "POST" })).status).toBe(401);
    const res = await app.request(`/api/alerts/${alert.id}/ack`, {
      method: "POST",
      headers: auth(),
      body: JSON.stringify({ by: "Amina" }),
    });
    expect(res.status).toBe(200);
    const acked = await res.json();
    expect(acked.acknowledgedBy).toBe("Amina");
    expect(Date.parse(acked.acknowledgedAt)).not.toBeNaN();
    const again = await (
      await app.request(`/api/alerts/${alert.id}/ack`, {
        method: "POST",
        headers: auth(),
        body: JSON.stringify({ by: "Someone else" }),
      })
    ).json();
    expect(again.acknowledgedBy).toBe("Amina");
    expect((await app.request("/api/alerts/99999/ack", { method: "POST", headers: auth(), body: "{}" })).status).toBe(
      404,
    );
    expect((await (await app.request("/api/alerts?acknowledged=false")).json()).items).toEqual([]);
  });

  it("manages subscriptions with an API key; a webhook's secret is shown once", async () => {
    expect((await app.request("/api/subscriptions")).status).toBe(401);
    const created = await app.request("/api/subscriptions", {
      method: "POST",
      headers: auth(),
      body: JSON.stringify({
        channel: "webhook",
        target: "https://hooks.example.org/ssc",
        organization: "fao",
        metric: "posts",
      }),
    });
    expect(created.status).toBe(201);
    const sub = await created.json();
    expect(sub).toMatchObject({
      channel: "webhook",
      organizationId: "fao",
      metric: "posts",
      createdBy: "coordinator-key",
      hasSecret: true,
      active: true,
    });
    expect(sub.secret).toMatch(/^[0-9a-f]{64}$/);
    const listed = (await (await app.request("/api/subscriptions", { headers: auth() })).json()).items;
    expect(listed.find((s: { id: number }) => s.id === sub.id)).not.toHaveProperty("secret");
    const patched = await app.request(`/api/subscriptions/${sub.id}`, {
      method: "PATCH",
      headers: auth(),
      body: JSON.stringify({ active: false, metric: "funding" }),
    });
    expect(await patched.json()).toMatchObject({ active: false, metric: "funding" });
    expect((await app.request(`/api/subscriptions/${sub.id}`, { method: "DELETE", headers: auth() })).status).toBe(204);
    expect((await app.request(`/api/subscriptions/${sub.id}`, { headers: auth() })).status).toBe(404);
  });

  it("refuses subscriptions that could never be delivered, saying why", async () => {
    const post = (body: object) =>
      app.request("/api/subscriptions", { method: "POST", headers: auth(), body: JSON.stringify(body) });
    const cases: Array<[object, RegExp]> = [
      [{ channel: "email", target: "not-an-address" }, /not an e-mail address/],
      [{ channel: "webhook", target: "ftp://example.org/x" }, /http\(s\) URL/],
      [{ channel: "webhook", target: "https://example.org/x", digest: "daily" }, /Digests are for e-mail/],
      [{ channel: "email", target: "a@example.org", organization: "nowhere" }, /no organization "nowhere"/],
      [{ channel: "email", target: "a@example.org", metric: "mood" }, /Unknown metric/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "bad_request", message: expect.stringMatching(message) });
    }
  });

  it("serves a valid Atom feed with one entry per alert and ids that stay the same", async () => {
    const read = async () => {
      const res = await app.request("/alerts.atom");
      expect(res.headers.get("content-type")).toMatch(/application\/atom\+xml/);
      return feedParser.parse(await res.text()).feed;
    };
    const feed = await read();
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toMatch(/^tag:/);
    expect(Date.parse(feed.updated)).not.toBeNaN();
    expect(feed.link.find((l: Record<string, string>) => l["@rel"] === "self")["@href"]).toBe(
      "https://ssc.example.org/alerts.atom",
    );
    expect(feed.entry).toHaveLength(1);
    const [entry] = feed.entry;
    expect(entry.id).toMatch(/^tag:ssc-monitor,2026:alert\/[0-9a-f]{64}$/);
    expect(entry.title["#text"]).toContain("3,500,000 USD → 4,200,000 USD");
    expect(entry.content["#text"]).toContain("$4.2 million for UNOSSC");
    expect(entry.content["#text"]).toContain('href="https://docs.example.org/DP%2F2024%2F1.pdf#page=4"');

    const db = t().db;
    const cur = await seedBeforeAfter(db, {
      keys: ["ILO/A", "ILO/B"],
      organizationId: "ilo",
      fromDay: 3,
      before: [posts(1, "P-3", { subject: "Brazil-ILO programme" })],
      after: [posts(2, "P-3", { subject: "Brazil-ILO programme" })],
    });
    await detectAlerts(db, { versionIds: [cur.versionId], now: new Date("2026-11-29T09:00:00Z") });
    const later = await read();
    expect(later.entry).toHaveLength(3);
    expect(later.entry.map((e: { id: string }) => e.id)).toContain(entry.id);
    expect(new Set(later.entry.map((e: { id: string }) => e.id)).size).toBe(3);
  });

  it("acknowledges in the API key's name when no name is given", async () => {
    const [open] = (await (await app.request("/api/alerts?acknowledged=false")).json()).items;
    const res = await app.request(`/api/alerts/${open.id}/ack`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).acknowledgedBy).toBe("coordinator-key");
  });

  it("lets a signed-in analyst acknowledge an alert from the page", async () => {
    const db = t().db;
    const user = await insertUser(db, "kofi", "scrypt$unused");
    const session = await startSession(db, user!.id, new Date());
    const [open] = (await (await app.request("/api/alerts?acknowledged=false")).json()).items;
    const cookie = `${SESSION_COOKIE}=${session.token}`;
    const page = await (await app.request("/alerts", { headers: { cookie } })).text();
    expect(page).toContain(`action="/alerts/${open.id}/ack"`);
    const form = (csrf: string) => new URLSearchParams({ csrf }).toString();
    const headers = { cookie, origin: "https://ssc.example.org", "content-type": "application/x-www-form-urlencoded" };
    expect((await app.request(`/alerts/${open.id}/ack`, { method: "POST", headers, body: form("wrong") })).status).toBe(
      403,
    );
    const res = await app.request(`/alerts/${open.id}/ack`, { method: "POST", headers, body: form(session.csrf) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/alerts#alert-${open.id}`);
    const [acked] = (await (await app.request(`/api/alerts?organization=ilo`)).json()).items.filter(
      (a: { id: number }) => a.id === open.id,
    );
    expect(acked.acknowledgedBy).toBe("kofi");
  });

  it("describes its routes in the OpenAPI document", async () => {
    const doc = await (await app.request("/openapi.json")).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/alerts", "/api/alerts/{id}/ack", "/api/subscriptions", "/api/subscriptions/{id}"]),
    );
  });

  it(
    "shows alerts on a page with both values and both " + "quotes; the delivery log only to signed-in analysts",
    async () => {
      const anonymous = await (await app.request("/alerts", { headers: { accept: "text/html" } })).text();
      expect(anonymous).toContain("4,200,000 USD");
      expect(anonymous).not.toMatch(/ops hook|will retry|127\.0\.0\.1|ECONNREFUSED/);
      const user = await insertUser(t().db, "delivery-reader", "scrypt$unused");
      const session = await startSession(t().db, user!.id, new Date());
      const res = await app.request("/alerts", {
        headers: { accept: "text/html", cookie: `${SESSION_COOKIE}=${session.token}` },
      });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
      expect(html).toContain("3,500,000 USD");
      expect(html).toContain("4,200,000 USD");
      expect(html).toContain("$3.5 million for the Special Unit");
      expect(html).toContain("$4.2 million for UNOSSC");
      expect(html).toContain("Acknowledged by <strong>Amina</strong>");
      expect(html).toMatch(/Delivery log/);
      expect(html).toMatch(/ops hook/);
      expect(html).toMatch(/will retry/);
      expect(html).not.toContain("127.0.0.1:1/hook");
    },
  );
});
