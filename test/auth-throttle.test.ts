import { spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextAttemptAt, THROTTLE } from "../api/auth/throttle.ts";
import { auditLog } from "../db/schema/index.ts";
import { createKey, createUser, makeApp, seedEvidence } from "./api-fixtures.ts";
import { describeEachDb } from "./db-harness.ts";
import { serveApp, type ServedApp } from "./app-server.ts";

/**
 * Issue 13, item 5: sign-in took 4.5 guesses a second with nothing logged. Now each account and
 * each address gets a growing delay and then a lock, every attempt is in the audit log with its
 * address, and an administrator reads the log from the API or the command line.
 */

describe("the growing delay", () => {
  it("is free for the first failures, then doubles, then locks", () => {
    const last = new Date("2026-12-07T04:00:00Z");
    const wait = (n: number) => {
      const next = nextAttemptAt(n, last, THROTTLE.account);
      return next && { ms: next.until.getTime() - last.getTime(), locked: next.locked };
    };
    expect(wait(2)).toBeUndefined();
    expect([wait(3), wait(4), wait(5)]).toEqual([
      { ms: 1_000, locked: false },
      { ms: 2_000, locked: false },
      { ms: 4_000, locked: false },
    ]);
    expect(wait(THROTTLE.account.lockAt)).toEqual({ ms: THROTTLE.lockMs, locked: true });
  });
});

/** A browser at `localAddress` (127.0.0.x): fetches the form for its CSRF cookie, then posts. */
async function attempt(base: string, localAddress: string, name: string, password: string) {
  const send = (method: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }>(
      (resolve, reject) => {
        const req = httpRequest(`${base}/login`, { method, headers, localAddress }, (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
        });
        req.on("error", reject);
        req.end(body);
      },
    );
  const form = await send("GET", {});
  const csrf = /ssc_login_csrf=([^;]+)/.exec(String(form.headers["set-cookie"]))![1];
  return send(
    "POST",
    { origin: base, cookie: `ssc_login_csrf=${csrf}`, "content-type": "application/x-www-form-urlencoded" },
    new URLSearchParams({ name, password, csrf }).toString(),
  );
}

describeEachDb("sign-in throttle and audit log", (t, kind) => {
  let server: ServedApp;
  let base = "";
  let app: ReturnType<typeof makeApp>;
  let user: { name: string; password: string };
  beforeAll(async () => {
    app = makeApp(t().db);
    user = await createUser(t().db, `amina-${kind}`);
    server = await serveApp(app);
    base = server.base;
  });
  afterAll(() => server.close());

  it("delays an account after a few wrong passwords, even for the right one, then lets it in", async () => {
    for (let i = 0; i < THROTTLE.account.free - 1; i++)
      expect((await attempt(base, "127.0.0.1", user.name, "guess")).status).toBe(401);
    const third = await attempt(base, "127.0.0.1", user.name, "guess");
    expect(third.status).toBe(401);
    expect(third.text).toContain("Too many failed sign-ins for this account. Wait 1 seconds");
    const blocked = await attempt(base, "127.0.0.1", user.name, user.password);
    expect(blocked.status).toBe(429);
    expect(blocked.headers["retry-after"]).toBe("1");
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await attempt(base, "127.0.0.1", user.name, user.password)).status).toBe(303);
    // A success starts the count afresh.
    expect((await attempt(base, "127.0.0.1", user.name, "guess")).status).toBe(401);
  });

  it("locks an account after many failures with a notice saying until when", async () => {
    const victim = await createUser(t().db, `kofi-${kind}`);
    const at = new Date(Date.now() - 60_000);
    await t()
      .db.insert(auditLog)
      .values(
        Array.from({ length: THROTTLE.account.lockAt }, () => ({
          event: "sign-in-failed" as const,
          actor: victim.name,
          actorKind: "anonymous" as const,
          address: "198.51.100.7",
          at,
        })),
      );
    const res = await attempt(base, "127.0.0.1", victim.name, victim.password);
    expect(res.status).toBe(429);
    const until = new Date(at.getTime() + THROTTLE.lockMs).toISOString().slice(11, 16);
    expect(res.text).toContain(`it is locked until ${until} UTC`);
  });

  it("throttles an address that guesses across many accounts, and not the neighbours", async () => {
    const at = new Date(Date.now() - 1_000);
    await t()
      .db.insert(auditLog)
      .values(
        Array.from({ length: THROTTLE.address.free + 2 }, (_, i) => ({
          event: "sign-in-failed" as const,
          actor: `someone-${i}`,
          actorKind: "anonymous" as const,
          address: "127.0.0.2",
          at,
        })),
      );
    const guesser = await attempt(base, "127.0.0.2", `fresh-${kind}`, "guess");
    expect(guesser.status).toBe(429);
    expect(guesser.text).toContain("Too many failed sign-ins for this network address");
    expect((await attempt(base, "127.0.0.3", `fresh-${kind}`, "guess")).status).toBe(401);
  });

  it(
    "records sign-ins, failures, refusals, key use and " + "reviews with who, when and where, for administrators only",
    async () => {
      const seeded = await seedEvidence(t().db);
      const { key, name: keyName } = await createKey(t().db);
      const patched = await app.request(`/api/facts/${seeded.fundingId}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ action: "confirm" }),
      });
      expect(patched.status).toBe(200);
      expect((await app.request("/api/audit")).status).toBe(401);
      const res = await app.request("/api/audit?limit=500", { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as {
        items: Array<{
          event: string;
          actor: string;
          address: string | null;
          at: string;
          detail: Record<string, unknown>;
        }>;
      };
      const of = (event: string, actor: string) => items.filter((e) => e.event === event && e.actor === actor);
      expect(of("sign-in", user.name)[0]).toMatchObject({ address: "127.0.0.1", at: expect.any(String) });
      expect(of("sign-in-failed", user.name).length).toBeGreaterThanOrEqual(THROTTLE.account.free);
      expect(of("sign-in-refused", user.name)[0].detail).toMatchObject({ scope: "account", locked: false });
      expect(of("sign-in-refused", `fresh-${kind}`)[0]).toMatchObject({ address: "127.0.0.2" });
      expect(of("key-use", keyName).map((e) => e.detail)).toContainEqual({
        method: "PATCH",
        path: `/api/facts/${seeded.fundingId}`,
      });
      expect(of("review", keyName)[0].detail).toEqual({ factId: seeded.fundingId, action: "confirm" });
      const refused = await app.request("/api/organizations", { headers: { authorization: "Bearer ssc_notakey123" } });
      expect(refused.status).toBe(401);
      const after = await (
        await app.request("/api/audit?event=key-refused", { headers: { authorization: `Bearer ${key}` } })
      ).json();
      expect(after.items[0].detail).toMatchObject({ prefix: "ssc_notake" });
      expect(JSON.stringify(after)).not.toContain("ssc_notakey123");
    },
  );

  it.runIf(kind === "postgres")("prints the log for an administrator on the command line", async () => {
    const out = await new Promise<string>((resolve) => {
      const child = spawn(
        process.execPath,
        [join(import.meta.dirname, "..", "bin", "ssc-monitor.js"), "audit", "--event", "sign-in"],
        { env: { PATH: process.env.PATH ?? "", DATABASE_URL: t().url!, LOG_LEVEL: "warn" } },
      );
      let stdout = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.on("close", () => resolve(stdout));
    });
    expect(out).toMatch(new RegExp(`sign-in  ${user.name} \\(user\\)  127\\.0\\.0\\.1`));
  });
});
