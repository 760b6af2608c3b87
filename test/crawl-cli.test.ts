import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "./bin-run.ts";
import { pdfSite, siteSourcesYaml } from "./fixtures/site/crawl-kit.ts";
import { startSite, type Site } from "./fixtures/site/site-server.ts";

/** `ssc-monitor crawl` and `ssc-monitor sources` as a user runs them, against a local site given in a sources file. */

const scratch = mkdtempSync(join(tmpdir(), "ssc-crawl-cli-"));
const data = join(scratch, "data");
let site: Site;
let sourcesFile: string;

beforeAll(async () => {
  site = await startSite(pdfSite(["cli-a", "cli-b"]));
  sourcesFile = join(scratch, "sources.yaml");
  writeFileSync(sourcesFile, siteSourcesYaml("local-site", "unossc", site.url));
});
afterAll(async () => {
  await site.close();
  rmSync(scratch, { recursive: true, force: true });
});

const run = (args: string[]) => runBin(args, { cwd: scratch, env: { LOG_LEVEL: "warn" } });

describe("ssc-monitor crawl and sources", () => {
  it("crawls a site from a sources file, prints one JSON summary line, and re-crawls it as unchanged", {
    timeout: 120_000,
  }, async () => {
    const first = await run(["crawl", "--source", "local-site", "--sources", sourcesFile, "--data", data]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      source: "local-site",
      fetched: 2,
      new: 2,
      changed: 0,
      unchanged: 0,
      failed: 0,
      skipped: 0,
      status: "succeeded",
    });

    const second = await run(["crawl", "--source", "local-site", "--sources", sourcesFile, "--data", data]);
    expect(JSON.parse(second.stdout)).toMatchObject({ source: "local-site", fetched: 2, new: 0, unchanged: 2 });

    const listed = await run(["sources", "--json", "--sources", sourcesFile, "--data", data]);
    expect(listed.code).toBe(0);
    const local = (JSON.parse(listed.stdout) as Array<Record<string, unknown>>).find((s) => s.id === "local-site");
    expect(local).toMatchObject({
      kind: "site",
      organization: "unossc",
      enabled: true,
      schedule: "0 3 * * 1",
      status: "ok",
      lastError: null,
      lastRun: { status: "succeeded", unchanged: 2 },
    });
    expect(local?.lastRunAt).toEqual(expect.any(String));
    const table = await run(["sources", "--sources", sourcesFile, "--data", data]);
    expect(table.stdout).toMatch(/^ID\s+KIND\s+ORG\s+ENABLED\s+SCHEDULE\s+LAST RUN\s+STATUS\s+LAST ERROR/);
    expect(table.stdout).toMatch(/local-site\s+site\s+unossc\s+yes\s+0 3 \* \* 1\s+\d{4}-\d\d-\d\dT\S+\s+ok/);
    expect(table.stdout).toMatch(/un-ods\s+un-ods/);
  });

  it("refuses an unknown source id and a bad sources file with exit 2 and a clear message", async () => {
    const unknown = await run(["crawl", "--source", "nope", "--sources", sourcesFile, "--data", data]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown source "nope"; known sources: .*local-site/);
    const bad = join(scratch, "bad.json");
    writeFileSync(
      bad,
      JSON.stringify({
        sources: [
          {
            id: "x-site",
            organization: "unossc",
            kind: "site",
            startUrls: ["http://127.0.0.1:1/"],
            include: [],
            exclude: [],
            maxDepth: 1,
            schedule: "every day",
            engine: "cheerio",
          },
        ],
      }),
    );
    const rejected = await run(["crawl", "--sources", bad, "--data", data]);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain('sources[0].schedule: "every day" is not a cron expression');
    expect(rejected.stdout).toBe("");
  });

  it("a crawl from a one-off sources file registers only the sources it crawls, not the file's others", {
    timeout: 120_000,
  }, async () => {
    const dir = join(scratch, "one-off-data");
    const oneOff = join(scratch, "one-off.yaml");
    const extra =
      "  - {id: one-off-extra, organization: unossc, kind: site, startUrls: ['http://127.0.0.1:9/list'], include: " +
      "[], exclude: [], maxDepth: 1, schedule: '0 3 * * 1', engine: cheerio}";
    writeFileSync(oneOff, `${readFileSync(sourcesFile, "utf8")}\n${extra}\n`);
    const crawled = await run(["crawl", "--source", "local-site", "--sources", oneOff, "--data", dir]);
    expect(crawled.code, crawled.stderr).toBe(0);
    // What the service shows (its own catalog and the stored rows): the crawled source, never the file's other one.
    const listed = JSON.parse((await run(["sources", "--json", "--data", dir])).stdout) as Array<{ id: string }>;
    const ids = listed.map((s) => s.id);
    expect(ids).toContain("local-site");
    expect(ids).not.toContain("one-off-extra");
  });
});
