import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createCrawlService } from "../crawlers/run-sources.ts";
import { createSubscription } from "../db/queries/subscriptions.ts";
import { alertDeliveries, documentVersions, documents } from "../db/schema/index.ts";
import { openBoss } from "../jobs/boss.ts";
import { createSender } from "../jobs/queues.ts";
import { createAfterCrawl } from "../pipeline/after-crawl.ts";
import { createTestDatabase, type TestDatabase } from "./db-harness.ts";
import { until } from "./until.ts";
import { makePdf } from "./fixtures/make-pdf.ts";
import { htmlPage, links, pdfPage, startSite, type Site, type SitePage } from "./fixtures/site/site-server.ts";
import { startServer, type TestServer } from "./http-server.ts";

/**
 * Several `ssc-monitor worker` processes on one PostgreSQL server, as a user runs them: one is
 * killed outright in the middle of a backfill and the other finishes its jobs once their lease runs
 * out; every document is stored and analysed once, every alert delivered once. And two workers
 * together keep a host's robots.txt Crawl-delay.
 */

const bin = join(import.meta.dirname, "..", "bin", "ssc-monitor.js");
const scratch = mkdtempSync(join(tmpdir(), "ssc-fleet-"));
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase("postgres");
});
afterAll(async () => {
  await test?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

function sourcesFile(id: string, site: Site): string {
  const file = join(scratch, `${id}.yaml`);
  writeFileSync(
    file,
    `sources:\n  - {id: ${id}, organization: undp, kind: site, startUrls: ["${site.url}/list"], include: ["/docs/"], ` +
      `exclude: [], maxDepth: 1, schedule: "0 3 * * 1", engine: cheerio}\n`,
  );
  return file;
}

function startWorker(file: string, leaseSeconds: number): ChildProcess & { log: string[] } {
  const proc = spawn(process.execPath, [bin, "worker", "--lease", String(leaseSeconds), "--concurrency", "2"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATABASE_URL: test.url,
      SSC_SOURCES: file,
      SSC_PER_HOST_DELAY_MS: "0",
      SSC_OUTBOUND_ALLOW: "127.0.0.1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  }) as ChildProcess & { log: string[] };
  proc.log = [];
  proc.stderr?.on("data", (d) => proc.log.push(String(d)));
  return proc;
}

const exited = (proc: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null)
      return resolve({ code: proc.exitCode, signal: proc.signalCode });
    proc.once("exit", (code, signal) => resolve({ code, signal }));
  });

async function enqueueDiscovery(sourceId: string): Promise<void> {
  const boss = await openBoss(test.handle, { databaseUrl: test.url, leaseSeconds: 4, supervise: false });
  await createSender(boss)("discover", { sourceId });
  await boss.stop({ graceful: false, close: true });
}

const reportPdf = (name: string): SitePage =>
  pdfPage(
    makePdf(
      [
        `${name}\n${"The programme supports exchanges of knowledge between countries of the South. ".repeat(25)}`,
        `Annex of ${name}\n${"Programme of work and resources. ".repeat(40)}`,
      ],
      { title: name },
    ),
  );

/**
 * A budget of the unit, each document for its own biennium (so documents are compared only with their own editions).
 */
const budgetPdf = (name: string, millions: number, biennium = 2000 + 2 * millions): SitePage =>
  pdfPage(
    makePdf(
      [
        `${name}\nThe regular budget of the United Nations Office for South-South Cooperation for ` +
          `${biennium}-${biennium + 1} amounts to $${millions} million.\n` +
          `${"The Office supports exchanges between countries of the South. ".repeat(20)}`,
        `Annex of ${name}\n${"Programme of work and resources. ".repeat(40)}`,
      ],
      { title: name },
    ),
  );

describe("a fleet of workers on PostgreSQL", () => {
  it("SIGKILL of a worker mid-backfill: the other finishes; each " +
    "document stored and analysed once, each alert delivered once", {
    timeout: 300_000,
  }, async () => {
    const db = test.db;
    const sourceId = "fleet-backfill";
    const pages: Record<string, SitePage> = {};
    const edited = Array.from({ length: 8 }, (_, i) => `/docs/edited-${i}.pdf`);
    for (const [i, path] of edited.entries()) pages[path] = budgetPdf(`Budget ${i}`, 10 + i, 2000 + 2 * i);
    pages["/list"] = htmlPage(links(Object.keys(pages)));
    const site = await startSite(pages);
    const receiver: TestServer = await startServer(async (req, res) => {
      for await (const _ of req);
      res.writeHead(204).end();
    });
    const file = sourcesFile(sourceId, site);
    try {
      // The earlier editions, crawled and analysed the ordinary way.
      const config = loadConfig({ SSC_SOURCES: file, DATABASE_URL: test.url as string, SSC_PER_HOST_DELAY_MS: "0" });
      const service = createCrawlService({ db, config, log: quiet, afterCrawl: createAfterCrawl({ config: {} }) });
      const catalog = await service.catalog();
      expect(await service.run(catalog.get(sourceId)!)).toMatchObject({ new: 8 });
      await createSubscription(db, { name: "fleet", channel: "webhook", target: `${receiver.url}/hook` });

      // The backfill: each edited budget is cut, and 60 documents are new.
      for (const [i, path] of edited.entries()) site.pages.set(path, budgetPdf(`Budget ${i}`, 5 + i, 2000 + 2 * i));
      for (let i = 0; i < 60; i++) {
        const page = reportPdf(`Report ${i}`);
        site.pages.set(`/docs/new-${i}.pdf`, { ...page, delayMs: 100 });
      }
      site.pages.set("/list", htmlPage(links([...site.pages.keys()].filter((p) => p.startsWith("/docs/")))));

      const a = startWorker(file, 4);
      const b = startWorker(file, 4);
      await enqueueDiscovery(sourceId);
      const versions = async () => {
        const [row] = await db
          .select({
            stored: sql<number>`count(*)::int`,
            analysed: sql<number>`count(*) filter (where ${documentVersions.analysisStatus} = 'analyzed')::int`,
            twice: sql<number>`count(*) filter (where ${documentVersions.analyses} > 1)::int`,
          })
          .from(documentVersions)
          .innerJoin(documents, eq(documents.id, documentVersions.documentId))
          .where(eq(documents.sourceId, sourceId));
        return row;
      };
      await until(async () => (await versions()).stored >= 8 + 20, 120_000);
      a.kill("SIGKILL");
      expect((await exited(a)).signal).toBe("SIGKILL");

      const done = await until(async () => {
        const v = await versions();
        const [d] = await db
          .select({ sent: sql<number>`count(*) filter (where ${alertDeliveries.status} = 'sent')::int` })
          .from(alertDeliveries);
        return v.analysed === 8 + 8 + 60 && d.sent >= 8 && { ...v, sent: d.sent };
      }, 150_000);
      // Each edited budget's cut is one alert, one delivery.
      expect(done).toEqual({ stored: 76, analysed: 76, twice: 0, sent: 8 });
      const [{ docs }] = await db
        .select({ docs: sql<number>`count(*)::int` })
        .from(documents)
        .where(eq(documents.sourceId, sourceId));
      expect(docs).toBe(68);
      // Each alert was posted once: the receiver saw eight distinct deliveries and nothing more.
      await new Promise((r) => setTimeout(r, 2000));
      const posts = receiver.requests.filter((r) => r.url === "/hook");
      expect(posts).toHaveLength(8);
      expect(new Set(posts.map((p) => p.headers["x-ssc-delivery"])).size).toBe(posts.length);
      expect(site.statusesOf("/docs/new-0.pdf").filter((s) => s === 200).length).toBeLessThanOrEqual(2);

      // `ssc-monitor jobs` shows the queues drained: nothing queued, running, failed or dead.
      const jobs = await new Promise<string>((resolve) => {
        const p = spawn(process.execPath, [bin, "jobs", "--json"], {
          env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: test.url },
        });
        let out = "";
        p.stdout.on("data", (d) => (out += d));
        p.on("close", () => resolve(out));
      });
      const status = JSON.parse(jobs);
      expect(status.queues.find((q: { queue: string }) => q.queue === "fetch").completed).toBeGreaterThanOrEqual(68);
      expect(status.totals).toMatchObject({ failed: 0, dead: 0 });

      // SIGTERM: the survivor finishes or hands back what it holds, and exits cleanly.
      b.kill("SIGTERM");
      expect(await exited(b)).toEqual({ code: 0, signal: null });
    } finally {
      await site.close();
      await receiver.close();
    }
  });

  it("two workers never fetch from one host faster than its robots.txt Crawl-delay", { timeout: 180_000 }, async () => {
    const sourceId = "fleet-polite";
    const pages: Record<string, SitePage> = {
      "/robots.txt": { body: "User-agent: *\nCrawl-delay: 1\n", type: "text/plain" },
    };
    for (let i = 0; i < 8; i++) pages[`/docs/p-${i}.pdf`] = reportPdf(`Polite ${i}`);
    pages["/list"] = htmlPage(links(Object.keys(pages).filter((p) => p.startsWith("/docs/"))));
    const site = await startSite(pages);
    const file = sourcesFile(sourceId, site);
    const a = startWorker(file, 30);
    const b = startWorker(file, 30);
    try {
      await enqueueDiscovery(sourceId);
      await until(async () => {
        const [{ n }] = await test.db
          .select({ n: sql<number>`count(*)::int` })
          .from(documentVersions)
          .innerJoin(documents, eq(documents.id, documentVersions.documentId))
          .where(eq(documents.sourceId, sourceId));
        return n === 8;
      }, 120_000);
      // Each process reads robots.txt once before it knows the delay; every other request is spaced.
      const starts = site.server.requests.filter((r) => r.url !== "/robots.txt").map((r) => r.atMs);
      expect(site.server.requests.map((r) => r.url).filter((u) => u !== "/robots.txt")).toHaveLength(9);
      const gaps = starts.slice(1).map((at, i) => at - starts[i]);
      // The next request leaves only a Crawl-delay after the previous answer arrived.
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
    } catch (error) {
      throw new Error(`${(error as Error).message}; workers said: ${a.log.join("")} ${b.log.join("")}`.slice(0, 3000));
    } finally {
      a.kill("SIGTERM");
      b.kill("SIGTERM");
      await Promise.all([exited(a), exited(b)]);
      await site.close();
    }
  });
});
