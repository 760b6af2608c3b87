import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../../test/http-server.ts";
import { discoverAll, fixture, problems, records } from "../../test/fixtures/sources/context.ts";
import { parseProjectsPage, worldbankProjects } from "./worldbank-projects.ts";

let server: TestServer | undefined;
afterEach(async () => server?.close());

const PAGES: Record<string, string> = { "0": "worldbank/projects-os0.json", "2": "worldbank/projects-os2.json" };

async function serve(answer: (params: URLSearchParams, n: number) => [number, Record<string, string>, string]) {
  let n = 0;
  server = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname !== "/api/v2/projects") return void res.writeHead(404).end();
    const [status, headers, body] = answer(url.searchParams, ++n);
    res.writeHead(status, headers).end(body);
  });
  return server;
}
const ok = (path: string): [number, Record<string, string>, string] => [
  200,
  { "content-type": "application/json" },
  fixture(path),
];

describe("parseProjectsPage", () => {
  const url = "https://search.worldbank.org/api/v2/projects?qterm=knowledge";

  it("keeps SSTC projects only, with the commitment as a fact citing its field", () => {
    const page = parseProjectsPage(fixture("worldbank/projects-os0.json"), url, '"knowledge exchange"');
    expect(page).toMatchObject({ total: 3, entries: 2 });
    const [p] = records(page.items);
    expect(records(page.items)).toHaveLength(1);
    expect(p).toMatchObject({
      key: "wb-project:P176429",
      url: "https://projects.worldbank.org/en/projects-operations/project-detail/P176429",
      title: "South-South Knowledge Exchange for Water Utilities",
      organizationId: "worldbank",
      reason: 'project_name matches "south-south"',
      period: "2024-2030",
      meta: { approvalDate: "2024-12-19", closingDate: "2030-12-31" },
    });
    expect(p.facts).toEqual([
      {
        kind: "funding",
        value: 280_000_000,
        currency: "USD",
        basis: "commitment",
        period: "2024-2030",
        subject: p.title,
        field: "totalcommamt",
        quote: "280,000,000",
        date: "2024-12-19",
      },
    ]);
    expect(p.text).toContain("peer learning between utilities");
  });

  it("keeps every project found by an SSTC-specific query and says so", () => {
    const page = parseProjectsPage(fixture("worldbank/projects-os0.json"), url, '"South-South"');
    expect(records(page.items).map((r) => [r.key, r.reason])).toEqual([
      ["wb-project:P176429", 'project_name matches "south-south"'],
      ["wb-project:P150001", 'found by SSTC query "South-South"'],
    ]);
  });

  it("uses the IBRD and IDA parts when the total is empty, and reports an entry that is not a project", () => {
    const page = parseProjectsPage(fixture("worldbank/projects-os2.json"), url, "knowledge");
    expect(records(page.items)[0].facts.map((f) => [f.field, f.value, f.quote])).toEqual([
      ["ibrdcommamt", 45_500_000, "45,500,000"],
      ["idacommamt", 2_000_000, "2,000,000"],
    ]);
    expect(problems(page.items)).toEqual([
      { kind: "problem", url, outcome: "failed", message: "project P999999 is not an object" },
    ]);
  });
});

describe("worldbank-projects discover", () => {
  it("pages with os (total as a string) to the end, after a 429", async () => {
    const s = await serve((p, n) =>
      n === 1 ? [429, { "retry-after": "0" }, ""] : ok(PAGES[p.get("os") ?? ""] ?? "worldbank/wds-empty.json"),
    );
    const run = await discoverAll(worldbankProjects, { baseUrl: s.url, query: ['"triangular cooperation"'], rows: 2 });
    expect(records(run.items).map((r) => r.key)).toEqual([
      "wb-project:P176429",
      "wb-project:P150001",
      "wb-project:P170002",
    ]);
    expect(problems(run.items)).toHaveLength(1);
    expect(s.requests.map((r) => new URL(r.url, "http://x").searchParams.get("os"))).toEqual(["0", "0", "2"]);
  });

  it("stops at an empty page", async () => {
    const s = await serve((p) =>
      p.get("os") === "0"
        ? ok("worldbank/projects-os0.json")
        : [200, {}, '{"rows":2,"os":"2","page":"2","total":"3","projects":{}}'],
    );
    const run = await discoverAll(worldbankProjects, { baseUrl: s.url, query: "South-South", rows: 2 });
    expect(records(run.items)).toHaveLength(2);
    expect(s.requests).toHaveLength(2);
  });

  it("moves os by the projects received when the server sends fewer than asked for", async () => {
    const hits = ["worldbank/projects-os0.json", "worldbank/projects-os2.json"].flatMap((path) =>
      Object.entries(JSON.parse(fixture(path)).projects).filter(([key]) => key !== "facets"),
    );
    const s = await serve((p) => {
      const os = Number(p.get("os"));
      const projects = Object.fromEntries(hits.slice(os, os + 1));
      return [200, { "content-type": "application/json" }, JSON.stringify({ total: String(hits.length), projects })];
    });
    const run = await discoverAll(worldbankProjects, { baseUrl: s.url, query: ['"triangular cooperation"'], rows: 2 });
    expect(records(run.items).map((r) => r.key)).toEqual([
      "wb-project:P176429",
      "wb-project:P150001",
      "wb-project:P170002",
    ]);
    expect(s.requests.map((r) => new URL(r.url, "http://x").searchParams.get("os"))).toEqual(["0", "1", "2", "3"]);
  });
});
