import { request as httpRequest } from "node:http";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../api/app.ts";
import { createDb } from "../db/client.ts";
import { createKey, createUser, makeApp, postForm, seedEvidence, signIn, testConfig } from "./api-fixtures.ts";
import { seedVersion, day, money } from "./alerts-seed.ts";
import { detectAlerts } from "../alerts/detect.ts";
import { createTestDatabase, describeEachDb } from "./db-harness.ts";
import { serveApp, type ServedApp } from "./app-server.ts";

/** The red-team findings on the HTTP surface (issue 13, items 2, 7, 8 and 9), each attack replayed. */

const MB = 1024 * 1024;

/** Sends `totalBytes` to a real server, lazily, and stops as soon as the answer comes. */
function sendLarge(
  base: string,
  path: string,
  opts: { totalBytes: number; declareLength: boolean },
): Promise<{ status: number; sentBytes: number; ms: number; connection?: string }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let sentBytes = 0;
    let answered = false;
    const req = httpRequest(`${base}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(opts.declareLength ? { "content-length": String(opts.totalBytes) } : {}),
      },
    });
    req.on("response", (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, sentBytes, ms: Date.now() - started, connection: res.headers.connection });
    });
    req.on("error", (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(MB, "a");
    const pump = () => {
      while (!answered && sentBytes < opts.totalBytes) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("body limits on a real server", () => {
  let server: ServedApp;
  let base = "";
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const t = await createTestDatabase("pglite");
    drop = t.drop;
    server = await serveApp(makeApp(t.db));
    base = server.base;
  });
  afterAll(async () => {
    await server.close();
    await drop();
  });

  it("refuses an anonymous 100 MB POST /login with its declared length before reading it", async () => {
    const r = await sendLarge(base, "/login", { totalBytes: 100 * MB, declareLength: true });
    expect(r.status).toBe(413);
    expect(r.connection).toBe("close");
    expect(r.sentBytes).toBeLessThan(20 * MB);
  });

  it("stops reading a 100 MB chunked body at the limit", async () => {
    const r = await sendLarge(base, "/login", { totalBytes: 100 * MB, declareLength: false });
    expect(r.status).toBe(413);
    expect(r.sentBytes).toBeLessThan(20 * MB);
  });

  it("bounds every route, forms and the JSON API alike", async () => {
    for (const path of ["/facts/1/review", "/api/subscriptions", "/no-such-route"]) {
      const r = await sendLarge(base, path, { totalBytes: 20 * MB, declareLength: true });
      expect(r.status, path).toBe(413);
    }
  });
});

describeEachDb("hardened HTTP surface", (t) => {
  let app: ReturnType<typeof makeApp>;
  let seeded: Awaited<ReturnType<typeof seedEvidence>>;
  let key = "";
  beforeAll(async () => {
    app = makeApp(t().db);
    seeded = await seedEvidence(t().db);
    key = (await createKey(t().db)).key;
  });

  it("answers NUL bytes in the URL, form fields, JSON bodies and review notes with a 400, never a 500", async () => {
    const user = await createUser(t().db);
    const { cookie, csrf } = await signIn(app, user);
    const json = { authorization: `Bearer ${key}`, "content-type": "application/json" };
    const answers = [
      await app.request("/organizations/un%00dp"),
      await app.request("/documents?q=a%00b"),
      await app.request("/api/facts?organization=undp%00"),
      await app.request("/api/documents?q=%00"),
      await postForm(app, `/facts/${seeded.fundingId}/review`, { csrf, action: "confirm", note: "ok\0" }, { cookie }),
      await postForm(app, "/login", { name: "amina\0", password: "x", csrf: "y" }),
      await app.request(`/api/facts/${seeded.fundingId}`, {
        method: "PATCH",
        headers: json,
        body: JSON.stringify({ action: "confirm", note: "fine\u0000" }),
      }),
      await app.request("/api/subscriptions", {
        method: "POST",
        headers: json,
        body: JSON.stringify({ channel: "email", target: "a@example.org", name: "x\u0000y" }),
      }),
    ];
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 400));
    expect(await answers[6].json()).toMatchObject({ code: "bad_request", message: expect.stringMatching(/NUL/) });
  });

  it("sends security headers on pages, errors and the API, with a CSP that allows no inline script", async () => {
    for (const path of ["/", "/login", "/alerts", "/no-such-page", "/api/organizations"]) {
      const res = await app.request(path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'(;|$)/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("form-action 'self'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("same-origin");
    }
  });

  it("keeps only a plain X-Request-Id from the client", async () => {
    const plain = await app.request("/health", { headers: { "x-request-id": "abc-123" } });
    expect(plain.headers.get("x-request-id")).toBe("abc-123");
    const forged = await app.request("/health", { headers: { "x-request-id": "x\tFAKE LOG LINE" } });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers a PDF export without chromium with a 503 that says what to set, as JSON and as a page", async () => {
    const noBrowser = makeApp(t().db, { chromiumPath: "/nonexistent/chromium" });
    const message = "CHROMIUM_PATH=/nonexistent/chromium is not an executable file";
    const api = await noBrowser.request(`/overview/${seeded.year}.pdf`, { headers: { accept: "application/json" } });
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("10");
    expect(await api.json()).toEqual({ code: "unavailable", message, requestId: api.headers.get("x-request-id") });
    const page = await noBrowser.request(`/overview/${seeded.year}.pdf`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain(message);
  });

  it(
    "never builds absolute links from the Host header: " + "relative without SSC_PUBLIC_URL, its origin with it",
    async () => {
      await seedVersion(t().db, { key: "HOST/1", organizationId: "undp", fetchedAt: day(1), facts: [money(1e6)] });
      const cur = await seedVersion(t().db, {
        key: "HOST/2",
        organizationId: "undp",
        fetchedAt: day(2),
        facts: [money(2e6)],
      });
      await detectAlerts(t().db, { versionIds: [cur.versionId], now: new Date() });
      const evil = { host: "evil.example", "x-forwarded-host": "evil.example" };
      const feed = await (await app.request("http://evil.example/alerts.atom", { headers: evil })).text();
      expect(feed).toContain('href="/alerts.atom"');
      expect(feed).not.toContain("evil.example");
      const html = await (
        await app.request(`http://evil.example/overview/${seeded.year}.html`, { headers: evil })
      ).text();
      expect(html).not.toContain("evil.example");

      const configured = makeApp(t().db, { publicUrl: "https://ssc.example.org/" });
      const feed2 = await (await configured.request("http://evil.example/alerts.atom", { headers: evil })).text();
      expect(feed2).toContain('href="https://ssc.example.org/alerts.atom"');
      expect(feed2).toContain("https://ssc.example.org/alerts#alert-");
      expect(feed2).not.toContain("evil.example");
      const html2 = await (
        await configured.request(`http://evil.example/overview/${seeded.year}.html`, { headers: evil })
      ).text();
      // The report links back to the service only through SSC_PUBLIC_URL (issue 14: no review links in it).
      expect(html2).toContain(`https://ssc.example.org/?year=${seeded.year}`);
      expect(html2).not.toContain("/facts/");
      expect(html2).not.toContain("evil.example");
    },
  );
});

describe("an unreachable database", () => {
  it("answers 503 (not 500) on the API and on pages when the PostgreSQL server goes away", async () => {
    // The app reaches its database through a TCP relay; closing the relay is the server going away.
    const test = await createTestDatabase("postgres");
    const target = new URL(test.url!);
    const sockets = new Set<Socket>();
    const relay = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("error", () => {});
        s.on("close", () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const via = new URL(test.url!);
    via.port = String((relay.address() as AddressInfo).port);
    const handle = await createDb({ databaseUrl: via.href, maxConnections: 2 });
    const logged: Array<{ msg: string; data?: Record<string, unknown> }> = [];
    const keep = (msg: string, data?: Record<string, unknown>) => logged.push({ msg, data });
    const log = { debug() {}, info() {}, warn: keep, error: keep };
    try {
      const app = createApp({ db: handle.db, config: testConfig(), log });
      expect((await app.request("/api/organizations")).status).toBe(200);
      relay.close();
      for (const s of sockets) s.destroy();
      const api = await app.request("/api/organizations");
      expect(api.status).toBe(503);
      expect(await api.json()).toMatchObject({ code: "unavailable" });
      expect(api.headers.get("retry-after")).toBeTruthy();
      // The operator's log (the app's logger, not the console) says what happened, with the request's id.
      const requestId = (await app.request("/api/organizations")).headers.get("x-request-id");
      expect(logged.some((l) => l.msg.includes("unavailable") && l.data?.requestId === requestId)).toBe(true);
      const page = await app.request("/", { headers: { accept: "text/html" } });
      expect(page.status).toBe(503);
      expect(await page.text()).toContain("database is unreachable");
      expect((await app.request("/health")).status).toBe(503);
    } finally {
      await handle.close().catch(() => {});
      await test.drop();
    }
  });

  it("answers 503 when the embedded PGlite database is closed", { timeout: 120_000 }, async () => {
    const test = await createTestDatabase("pglite");
    const app = makeApp(test.db);
    expect((await app.request("/api/organizations")).status).toBe(200);
    await test.drop();
    expect((await app.request("/api/organizations")).status).toBe(503);
    expect((await app.request("/api/facts?organization=undp")).status).toBe(503);
  });
});
