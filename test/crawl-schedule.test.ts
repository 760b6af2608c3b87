import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { asc, eq } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { startScheduler } from "../crawlers/schedule.ts";
import type { Logger } from "../crawlers/types.ts";
import { crawlRuns, sources } from "../db/schema/index.ts";
import { pdfSite } from "./fixtures/site/crawl-kit.ts";
import { startSite } from "./fixtures/site/site-server.ts";
import { describeEachDb } from "./db-harness.ts";

const scratch = mkdtempSync(join(tmpdir(), "ssc-schedule-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachDb("scheduler", (t, kind) => {
  it("runs an enabled source on its schedule, never two runs of it at once, and stops cleanly", {
    timeout: 60_000,
  }, async () => {
    const pages = pdfSite([`sched-${kind}-a`]);
    pages["/list"].delayMs = 1500; // a run outlasts the one-second schedule
    const site = await startSite(pages);
    const id = `sched-${kind}`;
    const file = join(scratch, `${id}.yaml`);
    writeFileSync(
      file,
      `sources:\n  - {id: ${id}, organization: unossc, kind: site, startUrls: ["${site.url}/list"], include: ` +
        `["/docs/"], exclude: [], maxDepth: 1, schedule: "* * * * * *", engine: cheerio}\n` +
        `  - {id: disabled-${kind}, organization: unossc, kind: site, enabled: false, startUrls: ` +
        `["${site.url}/other"], include: ["/docs/"], exclude: [], maxDepth: 1, schedule: "* * * * * *", ` +
        `engine: cheerio}\n`,
    );
    const config = loadConfig({ SSC_SOURCES: file });
    const stop = await startScheduler({
      db: t().db,
      config,
      log: quiet,
      fetcherOptions: { perHostDelayMs: 0, respectRobots: false },
    });
    const runsOf = () => t().db.select().from(crawlRuns).where(eq(crawlRuns.sourceId, id)).orderBy(asc(crawlRuns.id));
    try {
      await until(async () => (await runsOf()).filter((r) => r.status === "succeeded").length >= 2, 30_000);
    } finally {
      await stop();
      await site.close();
    }
    const runs = await runsOf();
    for (let i = 1; i < runs.length; i++)
      expect(runs[i].startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1].finishedAt!.getTime());
    expect(runs.every((r) => r.status !== "running")).toBe(true);
    expect(runs[0]).toMatchObject({ status: "succeeded", new: 1 });
    expect(site.statusesOf("/other")).toEqual([]);
    const [row] = await t()
      .db.select()
      .from(sources)
      .where(eq(sources.id, `disabled-${kind}`));
    expect(row.enabled).toBe(false);
    const after = runs.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(await runsOf()).toHaveLength(after);
  });

  it("only enqueues when given a queue: the tick hands the source to the workers and crawls nothing here", {
    timeout: 30_000,
  }, async () => {
    const id = `sched-queue-${kind}`;
    const file = join(scratch, `${id}.yaml`);
    writeFileSync(
      file,
      `sources:\n  - {id: ${id}, organization: unossc, kind: site, startUrls: ["http://127.0.0.1:9/list"], include: ` +
        `["/docs/"], exclude: [], maxDepth: 1, schedule: "* * * * * *", engine: cheerio}\n`,
    );
    const queued: string[] = [];
    const stop = await startScheduler({
      db: t().db,
      config: loadConfig({ SSC_SOURCES: file }),
      log: quiet,
      enqueue: async (entry) => queued.push(entry.source.id),
    });
    try {
      await until(async () => queued.filter((q) => q === id).length >= 2, 20_000);
    } finally {
      await stop();
    }
    expect(await t().db.select().from(crawlRuns).where(eq(crawlRuns.sourceId, id))).toEqual([]);
  });
});
