import { beforeAll, expect, it } from "vitest";
import { createApp } from "../api/app.ts";
import { newApiKey } from "../api/auth/tokens.ts";
import { MAX_ID } from "../api/routes/shared.ts";
import { loadConfig } from "../config.ts";
import { insertApiKey } from "../db/queries/auth.ts";
import { describeEachDb } from "./db-harness.ts";

/** Ids are int4 (serial): one more than the largest must be refused before it reaches PostgreSQL. */
const BIG = String(MAX_ID + 1);
const HUGE = "99999999999";

describeEachDb("ids beyond int4", (t) => {
  let app: ReturnType<typeof createApp>;
  let key = "";
  beforeAll(async () => {
    app = createApp({ db: t().db, config: loadConfig({}, {}) });
    const created = newApiKey();
    await insertApiKey(t().db, { name: "ids-key", keyHash: created.keyHash, prefix: created.prefix });
    key = created.key;
  });
  const status = async (path: string, init: RequestInit = {}) => [path, (await app.request(path, init)).status];

  it("answers 400 on the API", async () => {
    const withKey = { headers: { "x-api-key": key } };
    for (const id of [BIG, HUGE]) {
      expect(await status(`/api/facts/${id}`)).toEqual([`/api/facts/${id}`, 400]);
      expect(await status(`/api/documents/${id}`)).toEqual([`/api/documents/${id}`, 400]);
      expect(await status(`/api/alerts?before=${id}`)).toEqual([`/api/alerts?before=${id}`, 400]);
      expect(await status(`/api/subscriptions/${id}`, withKey)).toEqual([`/api/subscriptions/${id}`, 400]);
      expect(await status(`/api/alerts/${id}/ack`, { method: "POST", ...withKey })).toEqual([
        `/api/alerts/${id}/ack`,
        400,
      ]);
    }
    const res = await app.request(`/api/facts/${BIG}`);
    expect((await res.json()).message).toMatch(/at most 2147483647/);
  });

  it("answers 404 on the pages", async () => {
    for (const id of [BIG, HUGE]) {
      expect(await status(`/facts/${id}`)).toEqual([`/facts/${id}`, 404]);
      expect(await status(`/documents/${id}`)).toEqual([`/documents/${id}`, 404]);
      expect(await status(`/evidence?facts=${id}`)).toEqual([`/evidence?facts=${id}`, 404]);
    }
    // A large id among good ones is dropped, not sent to the database.
    expect(await status(`/evidence?facts=7,${HUGE}`)).toEqual([`/evidence?facts=7,${HUGE}`, 200]);
  });

  it("still looks the largest id up (and finds nothing)", async () => {
    expect(await status(`/api/facts/${MAX_ID}`)).toEqual([`/api/facts/${MAX_ID}`, 404]);
    expect(await status(`/api/alerts?before=${MAX_ID}`)).toEqual([`/api/alerts?before=${MAX_ID}`, 200]);
    expect(await status(`/documents/${MAX_ID}`)).toEqual([`/documents/${MAX_ID}`, 404]);
  });
});
