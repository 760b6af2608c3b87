import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../../test/http-server.ts";
import { discoverAll, documents, fixture, problems } from "../../test/fixtures/sources/context.ts";
import { documentUrl, parseWdsPage, worldbankDocuments } from "./worldbank-documents.ts";

let server: TestServer | undefined;
afterEach(async () => server?.close());

const json = (body: string) => ({ status: 200, headers: { "content-type": "application/json;charset=UTF-8" }, body });
const PAGES: Record<string, string> = {
  "0": "worldbank/wds-south-south-os0.json",
  "2": "worldbank/wds-south-south-os2.json",
  "4": "worldbank/wds-south-south-os4.json",
};

async function serve(
  answer: (
    params: URLSearchParams,
    count: number,
  ) => { status: number; headers?: Record<string, string>; body: string },
) {
  let count = 0;
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname !== "/api/v2/wds") return void res.writeHead(404).end();
    const a = answer(url.searchParams, ++count);
    res.writeHead(a.status, a.headers).end(a.body);
  });
  return server;
}
const requested = (s: TestServer) => s.requests.map((r) => new URL(r.url, "http://x").searchParams);

describe("parseWdsPage", () => {
  it("reads D<id> entries beside the facets member and prefers the PDF", () => {
    const page = parseWdsPage(
      fixture("worldbank/wds-south-south-os0.json"),
      "https://search.worldbank.org/api/v2/wds",
      "knowledge exchange",
    );
    expect(page).toMatchObject({ total: 5, entries: 2 });
    expect(documents(page.items)).toEqual([
      expect.objectContaining({
        key: "wb:31476985",
        url:
          "https://documents.worldbank.org/curated/en/514101553004316153/pdf/South-South-Facility-Annual-Report-20" +
          "18.pdf",
        title: "South-South Facility : annual report 2018",
        type: "annual-report",
        period: "2019",
        language: "en",
        organizationId: "worldbank",
        expect: "pdf",
      }),
      expect.objectContaining({
        key: "wb:29873310",
        url: "https://documents.worldbank.org/curated/en/298731533000000000",
        title: "Cooperación Sur-Sur y triangular en América Latina - Capítulo 2",
        type: "report",
        period: undefined,
        language: "es",
        expect: "document",
      }),
    ]);
    expect(documents(page.items).map((d) => d.meta?.reason)).toEqual([
      'title matches "south-south"',
      'title matches "sur-sur"',
    ]);
  });

  it("leaves out what a broad query finds when nothing in it speaks of SSTC, but keeps all an SSTC query finds", () => {
    const body = JSON.stringify({
      total: 1,
      documents: {
        D1: {
          id: "1",
          display_title: "Procurement Plan",
          docty: "Procurement Plan",
          pdfurl: "http://documents.worldbank.org/a.pdf",
          abstracts: { "cdata!": "Goods and works." },
        },
        facets: {},
      },
    });
    expect(parseWdsPage(body, "u", "knowledge exchange").items).toEqual([]);
    expect(documents(parseWdsPage(body, "u", '"triangular cooperation"').items)[0].meta?.reason).toBe(
      'found by SSTC query "triangular cooperation"',
    );
    const abstractOnly = body.replace("Goods and works.", "Financed by the South-South Facility.");
    expect(documents(parseWdsPage(abstractOnly, "u", "knowledge exchange").items)[0].meta?.reason).toBe(
      'abstract matches "south-south"',
    );
  });
});

describe("documentUrl", () => {
  it("moves only the Bank's own document hosts to https; a mirror or a test server on http stays as given", () => {
    expect(documentUrl("http://documents.worldbank.org/curated/en/1/pdf/a.pdf")).toBe(
      "https://documents.worldbank.org/curated/en/1/pdf/a.pdf",
    );
    expect(documentUrl("http://documents1.worldbank.org:80/a.pdf?x=1")).toBe(
      "https://documents1.worldbank.org/a.pdf?x=1",
    );
    for (const kept of [
      "http://127.0.0.1:8123/pdf/a.pdf",
      "http://mirror.example.org/documents.worldbank.org/a.pdf",
      "http://notworldbank.org/a.pdf",
      "http://worldbank.org.example.net/a.pdf",
      "https://documents.worldbank.org/a.pdf",
    ])
      expect(documentUrl(kept)).toBe(kept);
  });
});

/** A WDS look-alike over plain http that sends at most `cap` entries whatever `rows` asks for. */
function cappedWds(total: number, cap: number, pdfBase: () => string) {
  return (p: URLSearchParams) => {
    const os = Number(p.get("os"));
    const docs: Record<string, unknown> = {};
    for (let i = os; i < Math.min(total, os + cap, os + Number(p.get("rows"))); i++)
      docs[`D${900 + i}`] = {
        id: String(900 + i),
        display_title: `South-South knowledge exchange note ${i}`,
        docty: "Brief",
        pdfurl: `${pdfBase()}/pdf/${900 + i}.pdf`,
      };
    docs.facets = {};
    return json(JSON.stringify({ rows: cap, os, total: String(total), documents: docs }));
  };
}

describe("worldbank-documents discover", () => {
  it("pages by the entries received when the server sends fewer than asked, and keeps its http links", async () => {
    const s = await serve(cappedWds(8, 3, () => s.url));
    const run = await discoverAll(worldbankDocuments, { baseUrl: s.url, query: ['"South-South"'] });
    const docs = documents(run.items);
    expect(docs.map((d) => d.key)).toEqual(Array.from({ length: 8 }, (_, i) => `wb:${900 + i}`));
    expect(docs.every((d) => d.url.startsWith(`${s.url}/pdf/`))).toBe(true);
    expect(requested(s).map((p) => [p.get("rows"), p.get("os")])).toEqual([
      ["100", "0"],
      ["100", "3"],
      ["100", "6"],
    ]);
  });

  it("pages with os until the total, drops repeats, reports a document without link and keeps the rest", async () => {
    const s = await serve((p) => json(fixture(PAGES[p.get("os") ?? ""] ?? "worldbank/wds-empty.json")));
    const run = await discoverAll(worldbankDocuments, { baseUrl: s.url, query: ['"South-South"'], rows: 2 });
    expect(documents(run.items).map((d) => d.key)).toEqual(["wb:31476985", "wb:29873310", "wb:40012345"]);
    expect(problems(run.items)).toEqual([
      expect.objectContaining({ outcome: "failed", message: "document D40012346 has no usable pdfurl or url" }),
    ]);
    expect(requested(s).map((p) => p.get("os"))).toEqual(["0", "2", "4"]);
    expect(Object.fromEntries(requested(s)[0])).toMatchObject({ format: "json", qterm: '"South-South"', rows: "2" });
  });

  it("stops at an empty page even when the total promises more", async () => {
    const s = await serve((p) =>
      json(
        fixture(p.get("os") === "0" ? "worldbank/wds-south-south-os0.json" : "worldbank/wds-empty.json").replace(
          '"total":"5"',
          '"total":"500"',
        ),
      ),
    );
    const run = await discoverAll(worldbankDocuments, { baseUrl: s.url, query: "South-South", rows: 2 });
    expect(documents(run.items)).toHaveLength(2);
    expect(s.requests).toHaveLength(2);
  });

  it("waits out a 429 and goes on", async () => {
    const s = await serve((p, n) =>
      n === 1
        ? { status: 429, headers: { "retry-after": "0" }, body: "Too Many Requests" }
        : json(fixture(PAGES[p.get("os") ?? ""])),
    );
    const run = await discoverAll(worldbankDocuments, { baseUrl: s.url, query: ['"South-South"'], rows: 2 });
    expect(documents(run.items)).toHaveLength(3);
    expect(requested(s).map((p) => p.get("os"))).toEqual(["0", "0", "2", "4"]);
  });

  it("sends a date window with both ends (strdate alone means one year to WDS)", async () => {
    const s = await serve(() => json(fixture("worldbank/wds-empty.json")));
    await discoverAll(worldbankDocuments, {
      baseUrl: s.url,
      query: "South-South",
      fromDate: "2014-01-01",
      toDate: "2017-12-31",
    });
    expect(Object.fromEntries(requested(s)[0])).toMatchObject({ strdate: "2014-01-01", enddate: "2017-12-31" });
  });

  it("counts a document found by several queries once", async () => {
    const s = await serve((p) =>
      json(fixture(p.get("qterm") === "second" ? "worldbank/wds-south-south-os4.json" : PAGES[p.get("os") ?? ""])),
    );
    const run = await discoverAll(worldbankDocuments, { baseUrl: s.url, query: ['"South-South"', "second"], rows: 2 });
    expect(documents(run.items).map((d) => d.key)).toEqual(["wb:31476985", "wb:29873310", "wb:40012345"]);
    expect(requested(s).map((p) => p.get("qterm"))).toContain("second");
  });
});
