import { beforeAll, expect, it } from "vitest";
import { createApp } from "../api/app.ts";
import { newApiKey } from "../api/auth/tokens.ts";
import { loadConfig } from "../config.ts";
import { insertApiKey } from "../db/queries/auth.ts";
import { describeEachDb } from "./db-harness.ts";

/** A proxy in front of the app may add its own Basic credentials: they are not ours to judge. */
const BASIC = { authorization: "Basic dXNlcjpwYXNz" };

describeEachDb("API key: Authorization schemes other than Bearer", (t) => {
  let open: ReturnType<typeof createApp>;
  let closed: ReturnType<typeof createApp>;
  let key = "";

  beforeAll(async () => {
    open = createApp({ db: t().db, config: loadConfig({}, { publicReads: "true" }) });
    closed = createApp({ db: t().db, config: loadConfig({}, { publicReads: "false" }) });
    const created = newApiKey();
    await insertApiKey(t().db, { name: "schemes-key", keyHash: created.keyHash, prefix: created.prefix });
    key = created.key;
  });

  it("treats a Basic request as anonymous: health, API reads and pages answer", async () => {
    for (const path of ["/health", "/api/overview/2024", "/api/organizations", "/"]) {
      const res = await open.request(path, { headers: BASIC });
      expect([path, res.status]).toEqual([path, 200]);
    }
  });

  it("keeps /health open and other reads closed to a Basic request when reads are private", async () => {
    expect((await closed.request("/health", { headers: BASIC })).status).toBe(200);
    const res = await closed.request("/api/organizations", { headers: BASIC });
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/needs an API key or a signed-in session/);
  });

  it("accepts X-API-Key next to a proxy's Basic header, and refuses writes without a key", async () => {
    const body = JSON.stringify({ channel: "webhook", target: "https://hooks.example.org/ssc" });
    const withKey = await open.request("/api/subscriptions", {
      method: "POST",
      headers: { ...BASIC, "x-api-key": key, "content-type": "application/json" },
      body,
    });
    expect(withKey.status).toBe(201);
    const without = await open.request("/api/subscriptions", {
      method: "POST",
      headers: { ...BASIC, "content-type": "application/json" },
      body,
    });
    expect(without.status).toBe(401);
    expect((await without.json()).message).toMatch(/This route needs an API key/);
  });

  it("still refuses a malformed or unknown Bearer key", async () => {
    for (const authorization of ["Bearer", "Bearer two words", "bearer   "]) {
      const res = await open.request("/health", { headers: { authorization } });
      expect([authorization, res.status]).toEqual([authorization, 401]);
    }
    expect((await open.request("/health", { headers: { authorization: "Bearer sk_unknown" } })).status).toBe(401);
    expect((await open.request("/api/organizations", { headers: { authorization: `Bearer ${key}` } })).status).toBe(
      200,
    );
  });
});
