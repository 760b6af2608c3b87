import { gunzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { createKey, makeApp, seedEvidence } from "./api-fixtures.ts";
import { describeEachDb } from "./db-harness.ts";

const PATHS = [
  "/api/overview/2024",
  "/api/overview/2024?evidence=full",
  "/api/overview/2024/evidence?organization=undp&metric=funding%3Aallocation",
  "/api/overview/2024.csv",
  "/overview/2024.csv",
  "/overview/2024.json",
  "/?year=2024",
];

describeEachDb("conditional reads of the overview", (t) => {
  let app: ReturnType<typeof makeApp>;
  let fundingId = 0;

  it("answers 304 with no body when the client's ETag is current, for the API, the exports and the page", async () => {
    const { db } = t();
    app = makeApp(db);
    ({ fundingId } = await seedEvidence(db));
    for (const path of PATHS) {
      const first = await app.request(path);
      expect(first.status, path).toBe(200);
      const etag = first.headers.get("etag")!;
      expect(etag, path).toMatch(/^W\/".+"$/);
      expect(new Date(first.headers.get("last-modified")!).getTime()).toBeLessThanOrEqual(Date.now());
      const again = await app.request(path, { headers: { "if-none-match": etag } });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      const other = await app.request(path, { headers: { "if-none-match": 'W/"something-else"' } });
      expect(other.status, path).toBe(200);
    }
  });

  it("gives the table, the full answer and a cell each their own tag", async () => {
    const tags = await Promise.all(PATHS.slice(0, 3).map(async (p) => (await app.request(p)).headers.get("etag")));
    expect(new Set(tags).size).toBe(3);
  });

  it("sends the same JSON and CSV gzipped to a client that accepts gzip", async () => {
    for (const path of ["/api/overview/2024", "/api/overview/2024?evidence=full", "/api/overview/2024.csv"]) {
      const plain = await app.request(path);
      const zipped = await app.request(path, { headers: { "accept-encoding": "br;q=1, gzip;q=0.8" } });
      expect(zipped.headers.get("content-encoding"), path).toBe("gzip");
      expect(zipped.headers.get("vary")).toContain("accept-encoding");
      expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString()).toBe(await plain.text());
      const refused = await app.request(path, { headers: { "accept-encoding": "gzip;q=0" } });
      expect(refused.headers.get("content-encoding")).toBeNull();
    }
  });

  it("changes the ETag when an analyst reviews a fact, and the next read has the new number", async () => {
    const { db } = t();
    const before = await app.request("/api/overview/2024");
    const etag = before.headers.get("etag")!;
    const key = await createKey(db);
    const review = await app.request(`/api/facts/${fundingId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${key.key}`, "content-type": "application/json" },
      body: JSON.stringify({ action: "correct", value: 4_000_000 }),
    });
    expect(review.status).toBe(200);
    const after = await app.request("/api/overview/2024", { headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    const body = (await after.json()) as {
      organizations: Array<{ id: string; fundingByBasis: Array<{ usdForYear: number }> }>;
    };
    expect(body.organizations.find((o) => o.id === "undp")!.fundingByBasis[0].usdForYear).toBe(4_000_000);
  });
});
