import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApp } from "../api/app.ts";
import { loadConfig } from "../config.ts";
import { crawlRuns, documentVersions, documents } from "../db/schema/index.ts";
import { jobsStatus } from "../jobs/status.ts";
import { startJobWorker, type JobWorker } from "../jobs/worker.ts";
import { describeEachDb } from "./db-harness.ts";
import { until } from "./until.ts";
import { FAST_FETCHER, pdfSite, siteSettings } from "./fixtures/site/crawl-kit.ts";
import { startSite, type Site } from "./fixtures/site/site-server.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The pipeline as jobs, in one process (pg-boss on the PostgreSQL server, and on PGlite through
 * the same instance drizzle uses): a discovery job queues a fetch per document, each fetch queues
 * the analysis of what it stored, each analysis its change detection. A job that keeps failing ends
 * dead, visible in the status and /health.
 */

const scratch = mkdtempSync(join(tmpdir(), "ssc-jobs-"));
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describeEachDb("jobs", (t, kind) => {
  let worker: JobWorker;
  let site: Site;
  const sourceId = `jobs-site-${kind}`;
  beforeAll(async () => {
    site = await startSite(pdfSite(["j1", "j2", "j3", "j4", "j5"]));
    const s = siteSettings(sourceId, site);
    const file = join(scratch, `${kind}.yaml`);
    writeFileSync(
      file,
      `sources:\n  - {id: ${sourceId}, organization: unossc, kind: site, startUrls: ${JSON.stringify(s.startUrls)}, ` +
        `include: ["/docs/"], exclude: [], maxDepth: 1, schedule: "0 3 * * 1", engine: cheerio}\n`,
    );
    const config = loadConfig({ SSC_SOURCES: file, ...(t().url ? { DATABASE_URL: t().url } : {}) });
    worker = await startJobWorker({
      handle: t().handle,
      config,
      log: quiet,
      leaseSeconds: 60,
      retryDelaySeconds: 1,
      sweepMs: 500,
      fetcherOptions: FAST_FETCHER,
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await site.close();
  });

  it("runs discovery, fetches, analyses and detection as jobs; each document is stored and analysed once", {
    timeout: 120_000,
  }, async () => {
    const db = t().db;
    expect(await worker.send("discover", { sourceId })).not.toBeNull();
    const versions = () =>
      db
        .select({ status: documentVersions.analysisStatus, analyses: documentVersions.analyses })
        .from(documentVersions)
        .innerJoin(documents, eq(documents.id, documentVersions.documentId))
        .where(eq(documents.sourceId, sourceId));
    const done = await until(async () => {
      const rows = await versions();
      return rows.length === 5 && rows.every((r) => r.status === "analyzed") && rows;
    }, 90_000);
    expect(done.map((r) => r.analyses)).toEqual([1, 1, 1, 1, 1]);
    const [run] = await db.select().from(crawlRuns).where(eq(crawlRuns.sourceId, sourceId));
    expect(run).toMatchObject({ status: "succeeded", queued: 5, fetched: 5, new: 5 });
    // Every document was downloaded once (plus the listing page).
    expect(site.statusesOf(`/docs/j1.pdf`)).toEqual([200]);
    const status = await until(async () => {
      const s = await jobsStatus(db);
      return s.totals.active === 0 && s.totals.queued === 0 && s;
    }, 30_000);
    expect(status.queues.find((q) => q.queue === "fetch")).toMatchObject({ completed: 5, failed: 0, dead: 0 });
    expect(status.queues.find((q) => q.queue === "analyze")?.completed).toBeGreaterThanOrEqual(5);
  });

  it("a job that fails every retry ends dead, shown by the status and /health", { timeout: 120_000 }, async () => {
    const db = t().db;
    await worker.send("discover", { sourceId: "no-such-source" });
    const status = await until(async () => {
      const s = await jobsStatus(db);
      return s.queues.find((q) => q.queue === "discover")?.dead === 1 && s;
    }, 90_000);
    expect(status.queues.find((q) => q.queue === "discover")).toMatchObject({ dead: 1, failed: 1 });
    const app = createApp({ db, config: loadConfig({}) });
    const health = await (await app.request("/health")).json();
    expect(health.jobs).toMatchObject({ dead: 1, failed: 1 });
    const sources = await (await app.request("/api/sources")).json();
    expect(sources.items.find((s: { id: string }) => s.id === sourceId)).toMatchObject({
      deadJobs: 0,
      lastRun: { queued: 5 },
    });
  });
});
