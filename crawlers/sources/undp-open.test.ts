import { afterEach, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../../test/http-server.ts";
import { discoverAll, documents, fixture, problems, records } from "../../test/fixtures/sources/context.ts";
import { parseProjectDetail, parseProjectList, undpOpen } from "./undp-open.ts";

let server: TestServer | undefined;
afterEach(async () => server?.close());

const LIST_URL = "https://api.open.undp.org/api/project_list/?limit=3&offset=0";

describe("parseProjectList", () => {
  it("unwraps the paginated answer, marks SSTC candidates with the reason and reports a project without id", () => {
    const page = parseProjectList(fixture("undp-open/project-list-offset0.json"), LIST_URL);
    expect(page).toMatchObject({ count: 5, entries: 3, hasNext: true });
    expect(page.items.map((i) => [i.id, i.reason, i.totalBudget])).toEqual([
      ["00011263", null, 1963895],
      ["00094512", 'title matches "south-south"', 0],
    ]);
    expect(page.problems).toEqual([
      { kind: "problem", url: LIST_URL, outcome: "failed", message: "project #3 on the page has no valid project_id" },
    ]);
  });

  it("takes the older bare-array shape too", () => {
    const page = parseProjectList(
      '[{"project_id":"00011269","title":"Capacity Building for  MFA","total_budget":"0","total_expense":-9}]',
      LIST_URL,
    );
    expect(page).toMatchObject({
      count: null,
      entries: 1,
      hasNext: null,
      items: [{ id: "00011269", reason: null, totalBudget: 0 }],
    });
  });
});

describe("parseProjectDetail", () => {
  const url = "https://api.open.undp.org/api/projects/00094512.json";
  const item = {
    id: "00094512",
    title: "South-South Cooperation on Renewable Energy Technology Transfer",
    reason: 'title matches "south-south"',
    totalBudget: 0,
  };
  const items = parseProjectDetail(fixture("undp-open/projects-00094512.json"), url, item);

  it(
    "makes budgets and expenses per fiscal year (newest first, " +
      "nulls and negative expenses left out), citing each field",
    () => {
      const [record] = records(items);
      expect(record).toMatchObject({
        key: "undp:00094512",
        url: "https://open.undp.org/projects/00094512",
        organizationId: "undp",
        period: "2014-2021",
        reason: item.reason,
        meta: { api: url },
      });
      expect(record.facts.map((f) => [f.basis, f.period, f.value, f.field, f.quote, f.currency])).toEqual([
        ["budget", "2020", 681189, "outputs[0]/budget[0]", "681189", "USD"],
        ["budget", "2019", 813999, "outputs[0]/budget[1]", "813999", "USD"],
        ["budget", "2018", 706638, "outputs[0]/budget[2]", "706638", "USD"],
        ["budget", "2018", 37556, "outputs[1]/budget[0]", "37556", "USD"],
        ["expenditure", "2020", 668073, "outputs[0]/expenditure[0]", "668073", "USD"],
        ["expenditure", "2019", 807429, "outputs[0]/expenditure[1]", "807429", "USD"],
        ["expenditure", "2017", 985274, "outputs[0]/expenditure[3]", "985274", "USD"],
        ["expenditure", "2018", 37503, "outputs[1]/expenditure[0]", "37503", "USD"],
      ]);
      expect(record.text).toContain("Renewable energy technologies transferred from China to Ghana and Zambia");
    },
  );

  it("turns the parallel title/URL arrays into documents, spaces encoded", () => {
    expect(documents(items)).toEqual([
      expect.objectContaining({
        url: "http://www.undp.org/content/dam/china/docs/projects/00094512/Project%20Document%20RETT.pdf",
        title: "Project Document RETT.pdf",
        organizationId: "undp",
      }),
      expect.objectContaining({
        url: "http://www.undp.org/content/dam/china/docs/projects/00094512/AWP%202019%20signed.pdf",
        title: "AWP 2019 signed.pdf",
      }),
    ]);
  });
});

describe("undp-open discover", () => {
  it("pages with limit/offset to the end, fetches SSTC projects only, and reports a missing project page", async () => {
    let listHits = 0;
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const json = { "content-type": "application/json" };
      if (url.pathname === "/api/project_list/" && ++listHits === 1)
        return void res.writeHead(429, { "retry-after": "0" }).end();
      if (url.pathname === "/api/project_list/")
        return void res
          .writeHead(200, json)
          .end(fixture(`undp-open/project-list-offset${url.searchParams.get("offset")}.json`));
      if (url.pathname === "/api/projects/00094512.json")
        return void res.writeHead(200, json).end(fixture("undp-open/projects-00094512.json"));
      res.writeHead(404, json).end('{"detail":"Not found."}');
    });
    const run = await discoverAll(undpOpen, { baseUrl: server.url, rows: 3 });
    expect(records(run.items).map((r) => r.key)).toEqual(["undp:00094512"]);
    expect(documents(run.items)).toHaveLength(2);
    expect(problems(run.items)).toEqual([
      expect.objectContaining({ outcome: "failed", message: "project #3 on the page has no valid project_id" }),
      expect.objectContaining({
        outcome: "not-found",
        url: `${server.url}/api/projects/00087001.json`,
        message: expect.stringMatching(/^project 00087001: /),
      }),
    ]);
    expect(server.requests.map((r) => r.url)).toEqual([
      "/api/project_list/?limit=3&offset=0",
      "/api/project_list/?limit=3&offset=0",
      "/api/projects/00094512.json",
      "/api/project_list/?limit=3&offset=3",
      "/api/projects/00087001.json",
    ]);
  });

  it("stops at an empty page", async () => {
    server = await startServer((_req, res) => {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end('{"status":200,"success":true,"data":{"count":900,"links":{"next":"x"},"data":[]}}');
    });
    const run = await discoverAll(undpOpen, { baseUrl: server.url, rows: 3 });
    expect(run.items).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it("moves the offset by the projects received when the server sends fewer than asked for", async () => {
    const rows = [0, 3].flatMap(
      (offset) => JSON.parse(fixture(`undp-open/project-list-offset${offset}.json`)).data.data,
    );
    server = await startServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const json = { "content-type": "application/json" };
      if (url.pathname !== "/api/project_list/") return void res.writeHead(404, json).end('{"detail":"Not found."}');
      const offset = Number(url.searchParams.get("offset"));
      const more = offset + 2 < rows.length ? "more" : null;
      const data = { count: rows.length, links: { next: more }, data: rows.slice(offset, offset + 2) };
      res.writeHead(200, json).end(JSON.stringify({ status: 200, success: true, data }));
    });
    await discoverAll(undpOpen, { baseUrl: server.url, rows: 3 });
    const lists = server.requests.filter((r) => r.url.startsWith("/api/project_list/"));
    expect(lists.map((r) => new URL(r.url, "http://x").searchParams.get("offset"))).toEqual(["0", "2", "4"]);
    expect(server.requests.map((r) => r.url)).toContain("/api/projects/00094512.json");
    expect(server.requests.map((r) => r.url)).toContain("/api/projects/00087001.json");
  });
});
