import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBackgroundCrawls } from "../api/crawl-starter.ts";
import { acquireLease, upsertSources } from "../db/queries/sources.ts";
import { makePdf } from "./fixtures/make-pdf.ts";
import { siteSourcesYaml } from "./fixtures/site/crawl-kit.ts";
import { startServer, type TestServer } from "./http-server.ts";
import { describeEachDb } from "./db-harness.ts";
import { createKey, makeApp, seedEvidence } from "./api-fixtures.ts";

const PDF = makePdf(["SSTC budget", "The Special Unit for South-South Cooperation receives $2.1 million in 2025."], {
  title: "Local budget",
});

describeEachDb("API documents, runs, sources, overview, description", (t) => {
  let app: ReturnType<typeof makeApp>;
  let seeded: Awaited<ReturnType<typeof seedEvidence>>;
  let key: string;
  let site: TestServer;
  const scratch = mkdtempSync(join(tmpdir(), "ssc-api-"));
  const crawls = createBackgroundCrawls();

  beforeAll(async () => {
    site = await startServer((req, res) => {
      if (req.url === "/list")
        return res
          .writeHead(200, { "content-type": "text/html" })
          .end('<html><body><a href="/docs/budget.pdf">Budget</a></body></html>');
      if (req.url === "/docs/budget.pdf") return res.writeHead(200, { "content-type": "application/pdf" }).end(PDF);
      res.writeHead(404).end();
    });
    const sourcesFile = join(scratch, "sources.yaml");
    writeFileSync(sourcesFile, siteSourcesYaml("local-site", "undp", site.url));
    app = makeApp(t().db, { sourcesFile }, { crawls });
    seeded = await seedEvidence(t().db, { year: 2024 });
    key = (await createKey(t().db, "crawler")).key;
  });
  afterAll(async () => {
    await crawls.idle();
    await site.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  describe("documents", () => {
    it("lists with filters and pagination meta", async () => {
      const body = await (await app.request("/api/documents?organization=undp&type=budget")).json();
      expect(body.items.find((d: { id: number }) => d.id === seeded.documentId)).toMatchObject({
        versions: 1,
        facts: 2,
        title: "UNDP integrated budget 2024",
      });
      expect(body.meta).toMatchObject({ total: body.items.length, offset: 0 });
      const none = await (await app.request("/api/documents?organization=ilo")).json();
      expect(none).toEqual({ items: [], meta: { total: 0, limit: 50, offset: 0, next: null } });
    });

    it("shows one document with its versions; 404 unknown, 400 bad id or filter", async () => {
      const body = await (await app.request(`/api/documents/${seeded.documentId}`)).json();
      expect(body.versions).toHaveLength(1);
      expect(body.versions[0]).toMatchObject({ analysisStatus: "analyzed", facts: 2 });
      const unknown = await app.request("/api/documents/999999");
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ code: "not_found", message: "No document with id 999999." });
      expect((await app.request("/api/documents/x")).status).toBe(400);
      expect((await app.request("/api/documents?type=novel")).status).toBe(400);
    });
  });

  describe("overview", () => {
    it("serves the year's agency table as JSON, each cell with the link to its quote, page and document", async () => {
      const body = await (await app.request("/api/overview/2024")).json();
      const undp = body.organizations.find((o: { id: string }) => o.id === "undp");
      expect(undp.fundingByBasis).toEqual([
        expect.objectContaining({
          basis: "allocation",
          usdForYear: 3_500_000,
          evidence: {
            count: 1,
            href: "/api/overview/2024/evidence?organization=undp&metric=funding%3Aallocation",
          },
        }),
      ]);
      expect(undp.postsTotal).toBe(2);
      const cell = await (await app.request(undp.fundingByBasis[0].evidence.href)).json();
      expect(cell.evidence).toEqual([
        expect.objectContaining({
          factId: seeded.fundingId,
          quote: "$3.5 million",
          page: 2,
          title: "UNDP integrated budget 2024",
        }),
      ]);
      const posts = await (await app.request(undp.posts[0].evidence.href)).json();
      expect(posts.evidence).toEqual([expect.objectContaining({ factId: seeded.staffingId, quote: "two P-3 posts" })]);
    });

    it("serves every figure with its evidence inline with ?evidence=full", async () => {
      const body = await (await app.request("/api/overview/2024?evidence=full")).json();
      const undp = body.organizations.find((o: { id: string }) => o.id === "undp");
      expect(undp.fundingByBasis[0].evidenceIds).toEqual([seeded.fundingId]);
      expect(undp.funding[0].evidence[0]).toMatchObject({ factId: seeded.fundingId, quote: "$3.5 million", page: 2 });
    });

    it("serves the agency table as CSV at /api/overview/:year.csv", async () => {
      const res = await app.request("/api/overview/2024.csv");
      expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
      const text = await res.text();
      expect(text).toMatch(/^year,organization_id/);
      expect(text).toContain("allocation,3500000");
    });

    it("400 for something that is not a year", async () => {
      expect((await app.request("/api/overview/twenty")).status).toBe(400);
      expect((await app.request("/api/overview/2024.xls")).status).toBe(400);
    });
  });

  describe("runs and sources, POST /api/crawl", () => {
    it("401 without a key", async () => {
      const res = await app.request("/api/crawl", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(res.status).toBe(401);
    });

    it("404 for an unknown source, 400 for a bad body", async () => {
      const post = (body: string) =>
        app.request("/api/crawl", {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body,
        });
      const unknown = await post(JSON.stringify({ source: "no-such-source" }));
      expect(unknown.status).toBe(404);
      expect((await unknown.json()).message).toMatch(/local-site/);
      expect((await post(JSON.stringify({ source: 42 }))).status).toBe(400);
      expect((await post(JSON.stringify({ sources: ["local-site"] }))).status).toBe(400);
    });

    it("409 while the source is being crawled elsewhere", async () => {
      await upsertSources(t().db, [
        { id: "local-site", kind: "site", organizationId: "undp", enabled: true, schedule: null, config: {} },
      ]);
      await acquireLease(t().db, { sourceId: "local-site", owner: "other-worker", leaseMs: 60_000 });
      const res = await app.request("/api/crawl", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ source: "local-site" }),
      });
      expect(res.status).toBe(409);
      await t().db.execute(
        `update sources set lease_owner = null, lease_until = null where id = 'local-site'` as never,
      );
    });

    it("202 starts the crawl in the background; the run and the document then show in the API", async () => {
      const res = await app.request("/api/crawl", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ source: "local-site" }),
      });
      expect(res.status).toBe(202);
      const body = await res.json();
      expect(body.sources).toEqual(["local-site"]);
      expect(body.runs[0]).toMatchObject({ source: "local-site" });
      await crawls.idle();
      const runs = await (await app.request("/api/runs?source=local-site")).json();
      expect(runs.items[0]).toMatchObject({ status: "succeeded", new: 1 });
      const sources = await (await app.request("/api/sources")).json();
      expect(sources.items.find((s: { id: string }) => s.id === "local-site")).toMatchObject({
        status: "ok",
        lastError: null,
        lastRun: { status: "succeeded" },
      });
      const docs = await (await app.request("/api/documents?organization=undp")).json();
      expect(docs.items.map((d: { url: string }) => d.url)).toContain(`${site.url}/docs/budget.pdf`);
      expect(site.requests.some((r) => r.url === "/docs/budget.pdf")).toBe(true);
    });

    it("400 for a bad runs filter", async () => {
      expect((await app.request("/api/runs?status=sleeping")).status).toBe(400);
    });
  });

  describe("description", () => {
    it("/openapi.json describes every route, writes marked as needing a key", async () => {
      const doc = await (await app.request("/openapi.json")).json();
      for (const p of [
        "/api/facts",
        "/api/facts/{id}",
        "/api/documents",
        "/api/documents/{id}",
        "/api/overview/{year}",
        "/api/overview/{year}/evidence",
        "/api/runs",
        "/api/sources",
        "/api/crawl",
        "/api/organizations",
      ]) {
        expect(Object.keys(doc.paths)).toContain(p);
      }
      expect(doc.paths["/api/facts/{id}"].patch.security).toBeTruthy();
      expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "apiKey", name: "X-API-Key" });
    });

    it("/docs is a page listing each path, method and parameter, with nothing loaded from elsewhere", async () => {
      const html = await (await app.request("/docs")).text();
      expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
      expect(html).toContain("PATCH /api/facts/{id}");
      expect(html).toContain("POST /api/crawl");
      expect(html).toMatch(/<code>organization<\/code>/);
      expect(html).not.toMatch(/<script|https?:\/\/cdn/);
    });
  });
});
