import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "../db/schema/api-keys.ts";
import { facts } from "../db/schema/facts.ts";
import { describeEachDb } from "./db-harness.ts";
import { createKey, createUser, makeApp, seedEvidence, signIn } from "./api-fixtures.ts";
import { seedFact } from "./seed-facts.ts";

describeEachDb("API facts", (t) => {
  let app: ReturnType<typeof makeApp>;
  let seeded: Awaited<ReturnType<typeof seedEvidence>>;
  let key: { name: string; key: string };
  const patch = (id: number, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${key.key}` }) =>
    app.request(`/api/facts/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    app = makeApp(t().db);
    seeded = await seedEvidence(t().db, { year: 2024 });
    await seedEvidence(t().db, { year: 2023, organizationId: "ilo", title: "ILO programme and budget 2022-23" });
    key = await createKey(t().db, "etl-bot");
  });

  describe("GET /api/facts", () => {
    it("filters by organization, year and kind, with pagination meta", async () => {
      const res = await app.request("/api/facts?organization=undp&year=2024&kind=funding");
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.items.map((f: { id: number }) => f.id)).toEqual([seeded.fundingId]);
      expect(body.items[0]).toMatchObject({
        value: 3_500_000,
        currency: "USD",
        document: { pageUrl: expect.stringMatching(/#page=2$/) },
      });
      expect(body.meta).toEqual({ total: 1, limit: 50, offset: 0, next: null });
    });

    it("pages with limit and offset", async () => {
      const first = await (await app.request("/api/facts?limit=1")).json();
      expect(first.meta).toMatchObject({ total: 4, limit: 1, next: 1 });
      const last = await (await app.request("/api/facts?limit=1&offset=3")).json();
      expect(last.meta.next).toBeNull();
      expect(last.items[0].id).not.toBe(first.items[0].id);
    });

    it("answers 400 for a bad filter", async () => {
      const res = await app.request("/api/facts?kind=rumour");
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe("bad_request");
      expect((await app.request("/api/facts?limit=0")).status).toBe(400);
    });
  });

  describe("GET /api/facts/:id", () => {
    it("gives the evidence: quote located in its passage, page, document link at that page", async () => {
      const body = await (await app.request(`/api/facts/${seeded.fundingId}`)).json();
      expect(body.passage.text.slice(body.passage.quoteStart, body.passage.quoteEnd)).toBe("$3.5 million");
      expect(body.page).toBe(2);
      expect(body.document.title).toBe("UNDP integrated budget 2024");
      expect(body.document.pageUrl).toBe(`${body.document.url}#page=2`);
      expect(body.reviews).toEqual([]);
    });

    it("answers 404 for an unknown id and 400 for a non-numeric one", async () => {
      expect((await app.request("/api/facts/999999")).status).toBe(404);
      expect((await app.request("/api/facts/abc")).status).toBe(400);
    });
  });

  describe("PATCH /api/facts/:id", () => {
    it("401 without a key, with an unknown key, and with a revoked key", async () => {
      expect((await patch(seeded.fundingId, { action: "confirm" }, {})).status).toBe(401);
      const bad = await patch(seeded.fundingId, { action: "confirm" }, { authorization: "Bearer ssc_notakey" });
      expect(bad.status).toBe(401);
      expect((await bad.json()).code).toBe("unauthorized");
      const revoked = await createKey(t().db, "old-key");
      await t().db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.name, revoked.name));
      expect((await patch(seeded.fundingId, { action: "confirm" }, { "x-api-key": revoked.key })).status).toBe(401);
      const [row] = await t().db.select().from(facts).where(eq(facts.id, seeded.fundingId));
      expect(row.status).toBe("auto");
    });

    it("corrects a fact, records the key's name and stamps the key's last use", async () => {
      const res = await patch(seeded.fundingId, { action: "correct", value: 4_000_000, note: "table total on page 2" });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.status).toBe("corrected");
      expect(body.effective.value).toBe(4_000_000);
      expect(body.value).toBe(3_500_000);
      expect(body.reviews).toEqual([
        expect.objectContaining({
          action: "correct",
          actor: "etl-bot",
          actorKind: "api-key",
          note: "table total on page 2",
        }),
      ]);
      const [k] = await t().db.select().from(apiKeys).where(eq(apiKeys.name, "etl-bot"));
      expect(k.lastUsedAt).not.toBeNull();
    });

    it("a signed-in session is not a key: PATCH with only a session cookie is refused", async () => {
      const { cookie } = await signIn(app, await createUser(t().db));
      expect((await patch(seeded.staffingId, { action: "reject" }, { cookie })).status).toBe(401);
      expect((await patch(seeded.staffingId, { action: "reset" }, { cookie, "x-api-key": key.key })).status).toBe(200);
    });

    it("accepts the key in X-API-Key too", async () => {
      const res = await patch(seeded.staffingId, { action: "confirm" }, { "x-api-key": key.key });
      expect(res.status).toBe(200);
      expect((await res.json()).status).toBe("confirmed");
    });

    it("400 for an unknown action, an unknown field, and a correction without values", async () => {
      expect((await patch(seeded.fundingId, { action: "approve" })).status).toBe(400);
      expect((await patch(seeded.fundingId, { action: "confirm", colour: "red" })).status).toBe(400);
      const empty = await patch(seeded.fundingId, { action: "correct" });
      expect(empty.status).toBe(400);
      expect((await empty.json()).message).toMatch(/value, currency, period, count, basis or subject/);
      const notJson = await app.request(`/api/facts/${seeded.fundingId}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
        body: "{",
      });
      expect(notJson.status).toBe(400);
    });

    it("404 for an unknown fact", async () => {
      const res = await patch(999999, { action: "confirm" });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        code: "not_found",
        message: "No fact with id 999999.",
        requestId: expect.any(String),
      });
    });

    it("400 for a correction the fact cannot take, with the reason", async () => {
      const res = await patch(seeded.staffingId, { action: "correct", value: 5 });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        code: "bad_request",
        message: `Fact ${seeded.staffingId} is a staffing fact: correct its count or period, not a value or currency.`,
      });
    });

    it("409 for a fact a newer analysis superseded", async () => {
      const old = await seedFact(t().db, {
        documentId: seeded.documentId,
        versionId: seeded.versionId,
        status: "superseded",
      });
      const res = await patch(old, { action: "confirm" });
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({
        code: "conflict",
        message: `Fact ${old} was superseded by a newer analysis of its document; review the current fact instead.`,
      });
    });
  });
});
