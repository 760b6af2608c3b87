import { afterEach, describe, expect, it } from "vitest";
import { FetchError } from "../errors.ts";
import { startServer, type TestServer } from "../../test/http-server.ts";
import { discoverAll, fixture, problems, records } from "../../test/fixtures/sources/context.ts";
import { createHierarchyFilter } from "./iati-hierarchy.ts";
import { iatiDatastore, parseDatastorePage } from "./iati-datastore.ts";

let server: TestServer | undefined;
afterEach(async () => server?.close());

const PAGE1 = "iati-datastore/select-cursor-page1.json";
const PAGE2 = "iati-datastore/select-cursor-page2.json";
const PAGE3 = "iati-datastore/select-cursor-page3-end.json";
const byCursor: Record<string, string> = {
  "*": PAGE1,
  "AoE/KFhNLURBQy00MTEyMi1CUkEtMjAyMS9UMDE=": PAGE2,
  "AoE/KFhNLURBQy00MTExNC1QUk9KRUNULTAwMDEyMzQ1": PAGE3,
};

async function serve(answer: (params: URLSearchParams, n: number) => [number, string]) {
  let n = 0;
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname !== "/datastore/activity/select") return void res.writeHead(404).end();
    if (req.headers["ocp-apim-subscription-key"] !== "test-key")
      return void res.writeHead(401).end('{"statusCode":401}');
    const [status, body] = answer(url.searchParams, ++n);
    res.writeHead(status, { "content-type": "application/json", "retry-after": "0" }).end(body);
  });
  return server;
}
const cursors = (s: TestServer) => s.requests.map((r) => new URL(r.url, "http://x").searchParams.get("cursorMark"));

describe("parseDatastorePage", () => {
  it("reads Solr docs (field arrays) into records with facts, and reports a doc without identifier", () => {
    const url = "https://api.iatistandard.org/datastore/activity/select?q=x";
    const page = parseDatastorePage(fixture(PAGE1), url, createHierarchyFilter());
    expect(page).toMatchObject({ numFound: 5, docs: 3, nextCursorMark: "AoE/KFhNLURBQy00MTEyMi1CUkEtMjAyMS9UMDE=" });
    const [unicef] = records(page.items);
    expect(unicef).toMatchObject({
      key: "iati:XM-DAC-41122-BRA-2021/T01",
      title: "Brazil - Mozambique child nutrition exchange",
      organizationId: "unicef",
      reason: "collaboration-type 8 (triangular co-operation)",
      period: "2021-2024",
      url: "https://d-portal.org/q.html?aid=XM-DAC-41122-BRA-2021%2FT01",
    });
    // One currency for two budgets: Solr dropped the missing one, so neither is trusted.
    expect(unicef.facts.map((f) => [f.basis, f.value, f.currency, f.period, f.field])).toEqual([
      ["budget", 250000, "USD", "2022", "budget[0]/value"],
      ["budget", 300000, "USD", "2023", "budget[1]/value"],
      ["commitment", 550000, "USD", "2021", "transaction[0]/value"],
      ["disbursement", 200000, "USD", "2022", "transaction[1]/value"],
      ["disbursement", 150000, "USD", "2023", "transaction[2]/value"],
    ]);
    expect(problems(page.items)).toEqual([
      {
        kind: "problem",
        url,
        outcome: "failed",
        message: "doc 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b has no iati_identifier",
      },
    ]);
  });
});

describe("iati-datastore discover", () => {
  it("refuses to start without an API key, before any request", async () => {
    const s = await serve(() => [200, fixture(PAGE1)]);
    const error = await discoverAll(iatiDatastore, { baseUrl: s.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ kind: "source-broken", message: expect.stringContaining("apiKey") });
    expect(s.requests).toHaveLength(0);
  });

  it("pages with cursorMark until it stops changing, sends the key, and counts UNDP money once", async () => {
    const s = await serve((p, n) =>
      n === 2 ? [429, "rate limit"] : [200, fixture(byCursor[p.get("cursorMark") ?? ""])],
    );
    const run = await discoverAll(iatiDatastore, { baseUrl: s.url, apiKey: "test-key", rows: 3 });
    expect(cursors(s)).toEqual([
      "*",
      "AoE/KFhNLURBQy00MTEyMi1CUkEtMjAyMS9UMDE=",
      "AoE/KFhNLURBQy00MTEyMi1CUkEtMjAyMS9UMDE=",
      "AoE/KFhNLURBQy00MTExNC1QUk9KRUNULTAwMDEyMzQ1",
    ]);
    // The OUTPUT comes first (sorted by id) and is dropped once its PROJECT shows up.
    expect(records(run.items).map((r) => r.key)).toEqual([
      "iati:XM-DAC-41122-BRA-2021/T01",
      "iati:XM-DAC-41114-PROJECT-00012345",
    ]);
    expect(problems(run.items)).toHaveLength(1);
    const first = new URL(s.requests[0].url, "http://x").searchParams;
    expect(first.get("sort")).toBe("id asc");
    expect(first.get("q")).toContain("collaboration_type_code:8");
  });

  it("stops when the next cursor equals the one sent, even on a page with docs", async () => {
    const s = await serve(() => [200, fixture(PAGE1).replace(/"nextCursorMark": "[^"]+"/, '"nextCursorMark": "*"')]);
    const run = await discoverAll(iatiDatastore, { baseUrl: s.url, apiKey: "test-key" });
    expect(s.requests).toHaveLength(1);
    // The OUTPUT's parent never appeared, so the OUTPUT is kept after all.
    expect(records(run.items).map((r) => r.key)).toEqual([
      "iati:XM-DAC-41122-BRA-2021/T01",
      "iati:XM-DAC-41114-OUTPUT-00098765",
    ]);
  });
});
