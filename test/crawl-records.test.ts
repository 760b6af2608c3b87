import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import type { Discovered, RecordDoc, Source } from "../crawlers/types.ts";
import { defineSource, settingsSchema } from "../crawlers/sources/settings.ts";
import { documents, facts } from "../db/schema/index.ts";
import { loadConfig } from "../config.ts";
import { createCrawlService } from "../crawlers/run-sources.ts";
import { counts, crawl, FAST_FETCHER, rowCounts } from "./fixtures/site/crawl-kit.ts";
import { htmlPage, links, startSite, type Site } from "./fixtures/site/site-server.ts";
import { describeEachDb } from "./db-harness.ts";

let sites: Site[] = [];
afterEach(async () => {
  await Promise.all(sites.map((s) => s.close()));
  sites = [];
});

function project(id: string, amount: number): RecordDoc {
  return {
    key: `test:${id}`,
    url: `https://projects.example.org/${id}`,
    title: `South-South knowledge exchange ${id}`,
    organizationId: "worldbank",
    period: "2014-2017",
    reason: "title matches 'South-South'",
    record: { id, totalcommamt: amount.toLocaleString("en-US"), title: `South-South knowledge exchange ${id}` },
    text: `South-South knowledge exchange ${id}. Commitment: US$ ${amount}.`,
    facts: [
      {
        kind: "funding",
        value: amount,
        currency: "USD",
        basis: "commitment",
        subject: `Project ${id}`,
        field: "totalcommamt",
        quote: amount.toLocaleString("en-US"),
      },
    ],
  };
}

function recordSource(id: string, items: () => Discovered[]): Source {
  return defineSource({
    id,
    kind: "test-records",
    organizationId: "worldbank",
    description: "records for tests",
    settings: settingsSchema({ kind: "test-records", schedule: "0 3 * * 1", hosts: () => [] }, {}),
    async *discover() {
      yield* items();
    },
  });
}

describeEachDb("crawl run: records, problems and the step after storing", (t) => {
  it(
    "stores records with their facts, stores nothing for " + "unchanged ones, and a new version for a changed one",
    async () => {
      let amount = 3_500_000;
      const items = () =>
        [
          { kind: "record", record: project("P1", 1_000_000) },
          { kind: "record", record: project("P2", amount) },
          {
            kind: "problem",
            url: "https://projects.example.org/P3",
            outcome: "failed",
            message: "P3: malformed record",
          },
        ] satisfies Discovered[];
      const source = recordSource("records-src", items);
      const first = await crawl(t().db, source);
      expect(counts(first)).toEqual({ fetched: 2, new: 2, changed: 0, unchanged: 0, failed: 1, skipped: 0 });
      expect(await rowCounts(t().db, "records-src")).toMatchObject({ documents: 2, versions: 2, pages: 2, facts: 2 });
      const [fact] = await t()
        .db.select()
        .from(facts)
        .innerJoin(documents, eq(documents.id, facts.documentId))
        .where(eq(documents.key, "test:P2"));
      expect(fact.facts).toMatchObject({
        kind: "funding",
        value: 3_500_000,
        currency: "USD",
        period: "2014-2017",
        periodStart: 2014,
        periodEnd: 2017,
        basis: "commitment",
        quote: "3,500,000",
        page: 1,
        confidence: 1,
        organizationId: "worldbank",
        origin: "record",
      });
      // The record's origin is a column, so the analysis leaves its facts alone without guessing.
      expect(fact.documents.origin).toBe("record");
      expect(fact.facts.evidence).toMatchObject({
        recordId: "test:P2",
        field: "totalcommamt",
        url: "https://projects.example.org/P2",
      });

      expect(counts(await crawl(t().db, source))).toEqual({
        fetched: 2,
        new: 0,
        changed: 0,
        unchanged: 2,
        failed: 1,
        skipped: 0,
      });
      expect(await rowCounts(t().db, "records-src")).toMatchObject({ versions: 2, facts: 2 });

      amount = 4_000_000;
      expect(counts(await crawl(t().db, source))).toMatchObject({ changed: 1, unchanged: 1 });
      expect(await rowCounts(t().db, "records-src")).toMatchObject({ documents: 2, versions: 3, facts: 3 });
    },
  );

  it("lets a source skip a URL an earlier run found absent (an empty 200)", async () => {
    const s = await startSite({
      "/list": htmlPage(links([])),
      "/ods/A-78-999.pdf": { body: "", type: "application/pdf" },
    });
    sites.push(s);
    const url = `${s.url}/ods/A-78-999.pdf`;
    const source: Source = defineSource({
      id: "notfound-src",
      kind: "test-symbols",
      description: "a symbol list",
      settings: settingsSchema({ kind: "test-symbols", schedule: "0 3 * * 1", hosts: () => [new URL(s.url).host] }, {}),
      async *discover(ctx) {
        if (ctx.isKnownNotFound(url))
          yield { kind: "problem", url, outcome: "skipped", message: "not in ODS on an earlier run" };
        else yield { kind: "document", ref: { url, key: "un:A/78/999", expect: "pdf" } };
      },
    });
    expect(counts(await crawl(t().db, source))).toMatchObject({ failed: 1, skipped: 0 });
    expect(counts(await crawl(t().db, source))).toMatchObject({ failed: 0, skipped: 1, fetched: 0 });
    expect(s.statusesOf("/ods/A-78-999.pdf")).toEqual([200]);
  });

  it(
    "runs the step after every crawl, also one that stored " + "nothing, and a failing step does not fail the crawl",
    async () => {
      const calls: string[] = [];
      const errors: string[] = [];
      const source = recordSource("after-src", () => [{ kind: "record", record: project("A1", 10) }]);
      const service = createCrawlService({
        db: t().db,
        config: loadConfig({}),
        log: { debug() {}, info() {}, warn() {}, error: (msg) => errors.push(msg) },
        fetcherOptions: FAST_FETCHER,
        afterCrawl: async () => {
          calls.push("called");
          throw new Error("analysis exploded");
        },
      });
      const entry = { source, settings: source.defaults, origin: "test" };
      expect(await service.run(entry)).toMatchObject({ status: "succeeded", new: 1 });
      expect(await service.run(entry)).toMatchObject({ status: "succeeded", unchanged: 1 });
      expect(calls).toEqual(["called", "called"]);
      expect(errors[0]).toMatch(/analysis exploded/);
    },
  );
});
