import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { loadCatalog } from "../crawlers/catalog.ts";
import { createCrawlService } from "../crawlers/run-sources.ts";
import { describeEachDb } from "./db-harness.ts";
import { makePdf } from "./fixtures/make-pdf.ts";
import { FAST_FETCHER, pdfSite } from "./fixtures/site/crawl-kit.ts";
import { startSite, type Site } from "./fixtures/site/site-server.ts";
import { startServer, type TestServer } from "./http-server.ts";

/**
 * A broken source, two ways: one whose settings are bad is refused with the setting's path before
 * anything runs; one that breaks while it runs fails alone, and the other sources go on.
 */

const scratch = mkdtempSync(join(tmpdir(), "ssc-broken-source-"));
let servers: Array<TestServer | Site> = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sourcesFile(name: string, lines: string[]): string {
  const file = join(scratch, name);
  writeFileSync(file, ["sources:", ...lines].join("\n"));
  return file;
}

/** A WDS mirror whose first page lists one PDF and whose second page answers 500. */
async function breakingSearch(): Promise<TestServer> {
  const s = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/pdf/1.pdf")
      return void res
        .writeHead(200, { "content-type": "application/pdf" })
        .end(makePdf(["South-South knowledge exchange note."], { title: "Note" }));
    if (url.pathname !== "/api/v2/wds" || url.searchParams.get("os") !== "0") return void res.writeHead(500).end();
    const documents = {
      facets: {},
      D1: { id: "1", display_title: "South-South knowledge exchange note", pdfurl: `${s.url}/pdf/1.pdf` },
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ total: "5", documents }));
  });
  return s;
}

it("refuses a built-in source whose setting is bad, naming the setting's path, before anything runs", async () => {
  const file = sourcesFile("bad.yaml", [
    "  - id: un-ods",
    "    symbols: [A/78/290]",
    "  - id: worldbank-documents",
    "    rows: 0",
    "    qurey: South-South",
  ]);
  await expect(loadCatalog({ config: { sourcesFile: file }, bundledFile: null })).rejects.toThrow(
    /sources\[1\]\.rows: must be a whole number of at least 1[\s\S]*sources\[1\]: unknown key "qurey"/,
  );
});

describeEachDb("a source that breaks while it runs", (t) => {
  it("fails alone: the other sources of the same crawl go on and store what they find", async () => {
    const search = await breakingSearch();
    const site = await startSite(pdfSite(["still-here"]));
    servers.push(search, site);
    const file = sourcesFile("mirror.yaml", [
      "  - id: worldbank-documents",
      `    baseUrl: ${search.url}`,
      "    query: South-South",
      "    rows: 1",
      "  - id: local-site",
      "    organization: unossc",
      "    kind: site",
      `    startUrls: ["${site.url}/list"]`,
      "    include: ['/docs/']",
      "    exclude: []",
      "    maxDepth: 1",
      "    schedule: '0 3 * * 1'",
      "    engine: cheerio",
    ]);
    const catalog = await loadCatalog({ config: { sourcesFile: file }, bundledFile: null });
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const service = createCrawlService({
      db: t().db,
      config: loadConfig({}),
      log: silent,
      fetcherOptions: FAST_FETCHER,
    });
    const chosen = ["worldbank-documents", "local-site"].map((id) => catalog.get(id)!);
    const summaries = await service.runMany(chosen, { parallel: 2 });
    const byId = Object.fromEntries(summaries.map((s) => [s.source, s]));
    expect(byId["worldbank-documents"]).toMatchObject({ status: "failed", new: 1 });
    expect(byId["worldbank-documents"].error).toMatch(/500/);
    expect(byId["local-site"]).toMatchObject({ status: "succeeded", new: 1, failed: 0 });
  });
});
