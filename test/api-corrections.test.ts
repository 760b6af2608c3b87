import { eq } from "drizzle-orm";
import { effectiveValues } from "../analysis/effective-fact.ts";
import { beforeAll, expect, it } from "vitest";
import { facts } from "../db/schema/index.ts";
import { createKey, createUser, makeApp, postForm, seedEvidence, signIn } from "./api-fixtures.ts";
import { describeEachDb } from "./db-harness.ts";

/**
 * Issue 13, item 6: a correction of 1.5e308 GBP was stored as corrected_usd = Infinity (the fact
 * fell out of the totals while reading "corrected"), and post counts of 2.5 and 1e300 were taken.
 * The API and the form validate with one schema (api/review-input.ts).
 */

describeEachDb("bounded corrections", (t) => {
  let app: ReturnType<typeof makeApp>;
  let seeded: Awaited<ReturnType<typeof seedEvidence>>;
  let key = "";
  let form: { cookie: string; csrf: string };
  beforeAll(async () => {
    app = makeApp(t().db);
    seeded = await seedEvidence(t().db, { year: 2024 });
    key = (await createKey(t().db)).key;
    form = await signIn(app, await createUser(t().db));
  });

  const patch = (id: number, raw: string) =>
    app.request(`/api/facts/${id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: raw,
    });
  const fact = async (id: number) => (await t().db.select().from(facts).where(eq(facts.id, id)))[0];

  it(
    "refuses out-of-range money and post counts through " + "the API with a 400 naming the field, storing nothing",
    async () => {
      const cases: Array<[number, string, RegExp]> = [
        [seeded.fundingId, '{"action":"correct","value":1.5e308,"currency":"GBP"}', /value: must be at most .*1e13/],
        [seeded.fundingId, '{"action":"correct","value":1e400}', /value: must be a finite number/],
        [seeded.fundingId, '{"action":"correct","value":0}', /value: must be more than 0/],
        [seeded.fundingId, '{"action":"correct","value":-5}', /value: must be more than 0/],
        [seeded.fundingId, '{"action":"correct","value":"12"}', /value: must be a finite number/],
        [seeded.staffingId, '{"action":"correct","count":2.5}', /count: must be a whole number/],
        [seeded.staffingId, '{"action":"correct","count":1e300}', /count: must be (a whole number|at most 100,000)/],
        [seeded.staffingId, '{"action":"correct","count":100001}', /count: must be at most 100,000/],
        [seeded.staffingId, '{"action":"correct","count":0}', /count: must be at least 1/],
      ];
      for (const [id, body, message] of cases) {
        const res = await patch(id, body);
        expect(res.status, body).toBe(400);
        expect((await res.json()).message, body).toMatch(message);
      }
      expect(await fact(seeded.fundingId)).toMatchObject({
        status: "auto",
        correctedValue: null,
        correctedCurrency: null,
      });
      expect(await fact(seeded.staffingId)).toMatchObject({ status: "auto", correctedCount: null });
    },
  );

  it("refuses the same through the review form with the same reasons", async () => {
    const correct = (id: number, fields: Record<string, string>) =>
      postForm(app, `/facts/${id}/review`, { csrf: form.csrf, action: "correct", ...fields }, { cookie: form.cookie });
    const cases: Array<[number, Record<string, string>, RegExp]> = [
      [seeded.fundingId, { value: `1${"0".repeat(400)}` }, /corrected value must be a finite number/],
      [seeded.fundingId, { value: "20,000,000,000,000", currency: "GBP" }, /corrected value must be at most/],
      [seeded.staffingId, { count: "2.5" }, /number of posts must be a whole number/],
      [seeded.staffingId, { count: "100001" }, /number of posts must be at most 100,000/],
    ];
    for (const [id, fields, message] of cases) {
      const res = await correct(id, fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(await res.text()).toMatch(message);
    }
    expect(await fact(seeded.fundingId)).toMatchObject({ status: "auto", correctedValue: null });
    expect(await fact(seeded.staffingId)).toMatchObject({ status: "auto", correctedCount: null });
  });

  it("takes corrections at the limits, and the totals and chart stay finite", async () => {
    expect((await patch(seeded.fundingId, '{"action":"correct","value":1e13,"currency":"GBP"}')).status).toBe(200);
    expect((await patch(seeded.staffingId, '{"action":"correct","count":100000}')).status).toBe(200);
    const f = await fact(seeded.fundingId);
    expect(f.status).toBe("corrected");
    expect(Number.isFinite(effectiveValues(f).usd)).toBe(true);
    const page = await (await app.request(`/?year=${seeded.year}`)).text();
    expect(page).not.toMatch(/Infinity|NaN/);
    const overview = await (await app.request(`/api/overview/${seeded.year}`)).text();
    expect(overview).not.toMatch(/Infinity|NaN/);
  });
});
