import { beforeAll, expect, it } from "vitest";
import { describeEachDb } from "./db-harness.ts";
import { makeApp, seedEvidence } from "./api-fixtures.ts";
import { seedDocument, seedFact } from "./seed-facts.ts";

/** Which year a page opens on, what a bad year answers, organization ids in any case, one list shape. */
describeEachDb("years, organization ids and list shapes", (t) => {
  let app: ReturnType<typeof makeApp>;
  const html = { accept: "text/html" };
  beforeAll(async () => {
    app = makeApp(t().db);
    await seedEvidence(t().db, { year: 2023, title: "UNDP budget 2023" });
    await seedEvidence(t().db, { year: 2024, title: "UNDP budget 2024" });
    // A later multi-year figure reaches 2025-2027 only by spreading: those years are not "the latest with figures".
    const { documentId, versionId } = await seedDocument(t().db, { organizationId: "ilo", analysisStatus: "analyzed" });
    await seedFact(t().db, {
      documentId,
      versionId,
      organizationId: "ilo",
      kind: "funding",
      value: 9_000_000,
      currency: "USD",
      period: "2024-2027",
      periodStart: 2024,
      periodEnd: 2027,
      basis: "budget",
      quote: "$9 million for 2024-2027",
    });
  });

  it("opens the overview on the latest year in which figures are reported, not the calendar year", async () => {
    const page = await (await app.request("/", { headers: html })).text();
    expect(page).toContain("Support to South-South and triangular cooperation, 2024");
    const ilo = await (await app.request("/organizations/ilo", { headers: html })).text();
    expect(ilo).toContain("— 2024");
  });

  it("answers a bad year with 400 and the allowed range, on pages, exports and the API", async () => {
    for (const path of ["/?year=abc", "/?year=99999", "/organizations/undp?year=2024.5", "/overview/99999.pdf"]) {
      const res = await app.request(path, { headers: html });
      expect([path, res.status]).toEqual([path, 400]);
      expect(await res.text()).toContain("a year from 1945 to 2100");
    }
    for (const path of ["/api/facts?year=abc", "/api/facts?year=99999", "/api/overview/3000", "/api/overview/abc"]) {
      const res = await app.request(path);
      expect([path, res.status]).toEqual([path, 400]);
      expect((await res.json()).message).toContain("a year from 1945 to 2100");
    }
    expect((await app.request("/overview/2024.docx", { headers: html })).status).toBe(404);
  });

  it("reads organization ids in any case and answers 404 for unknown ones", async () => {
    const upper = await (await app.request("/api/facts?organization=UNDP")).json();
    expect(upper.items.length).toBeGreaterThan(0);
    expect(upper.items.every((f: { organizationId: string }) => f.organizationId === "undp")).toBe(true);
    expect((await app.request("/api/organizations/UNDP")).status).toBe(200);
    for (const path of [
      "/api/facts?organization=nope",
      "/api/documents?organization=nope",
      "/api/alerts?organization=nope",
    ]) {
      const res = await app.request(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect((await res.json()).message).toContain('no organization "nope"');
    }
    expect((await app.request("/organizations/nope", { headers: html })).status).toBe(404);
    const moved = await app.request("/organizations/UNDP?year=2024", { headers: html });
    expect(moved.status).toBe(301);
    expect(moved.headers.get("location")).toBe("/organizations/undp?year=2024");
  });

  it("pages every list as {items, meta}", async () => {
    for (const path of [
      "/api/facts",
      "/api/documents",
      "/api/alerts",
      "/api/runs",
      "/api/organizations",
      "/api/sources",
    ]) {
      const body = await (await app.request(path)).json();
      expect([path, Object.keys(body).sort()]).toEqual([path, ["items", "meta"]]);
      expect(body.meta).toMatchObject({ total: expect.any(Number), offset: 0, next: null });
    }
    const page = await (await app.request("/api/facts?limit=1&offset=1")).json();
    expect(page.meta).toMatchObject({ limit: 1, offset: 1, next: 2 });
  });
});
