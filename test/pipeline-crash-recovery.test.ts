import { spawn } from "node:child_process";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createCrawlService } from "../crawlers/run-sources.ts";
import { createSiteSource } from "../crawlers/sources/site.ts";
import { createDb, type DbHandle } from "../db/client.ts";
import { crawlRuns, documentVersions, documents } from "../db/schema/index.ts";
import { createAfterCrawl } from "../pipeline/after-crawl.ts";
import { ANALYSIS_LEASE_MS } from "../pipeline/analyze.ts";
import { createTestDatabase, type DbKind, type TestDatabase } from "./db-harness.ts";
import { FAST_FETCHER, pdfSite, siteSettings } from "./fixtures/site/crawl-kit.ts";
import { startSite, type Site } from "./fixtures/site/site-server.ts";

/**
 * A process killed (SIGKILL) in the middle of the pipeline loses nothing: versions it left
 * pending are analysed by the next crawl, those it had claimed are taken over within seconds,
 * each is analysed exactly once, and its abandoned run shows what it had stored.
 */

const child = join(import.meta.dirname, "fixtures", "crash", "crawl-child.ts");
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Runs the child until it prints `marker` (then kills it) or until `killWhen` holds. */
function runChild(
  args: Record<string, unknown>,
  stop: { marker?: string; killWhen?: () => Promise<boolean> },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", child, JSON.stringify(args)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let polling: NodeJS.Timeout | undefined;
    proc.stdout.on("data", (d) => {
      out += d;
      if (stop.marker && out.includes(stop.marker)) proc.kill("SIGKILL");
    });
    proc.stderr.on("data", (d) => (err += d));
    if (stop.killWhen) {
      const check = stop.killWhen;
      polling = setInterval(() => {
        check().then((yes) => yes && proc.kill("SIGKILL"), reject);
      }, 100);
    }
    proc.on("close", (_code, signal) => {
      clearInterval(polling);
      if (signal !== "SIGKILL") reject(new Error(`child ended without being killed: ${out}${err}`));
      else resolve(out);
    });
  });
}

for (const kind of ["pglite", "postgres"] as DbKind[]) {
  describe(`a crash in the pipeline [${kind}]`, () => {
    let test: TestDatabase;
    let handle: DbHandle;
    let site: Site;
    // PGlite is one process's database: the test lets go of it while the child runs.
    const release = async () => {
      if (kind === "pglite") await handle.close();
    };
    const reopen = async () => {
      if (kind === "pglite") handle = await createDb({ dataDir: test.dataDir });
    };
    const dbArgs = () => (kind === "pglite" ? { dataDir: test.dataDir } : { databaseUrl: test.url });

    beforeAll(async () => {
      test = await createTestDatabase(kind);
      handle = test.handle;
    });
    afterAll(async () => {
      await site?.close();
      if (kind === "pglite") await handle.close().catch(() => {});
      await test.drop().catch(() => {});
    });

    const versionsOf = (sourceId: string) =>
      handle.db
        .select({
          id: documentVersions.id,
          status: documentVersions.analysisStatus,
          analyses: documentVersions.analyses,
        })
        .from(documentVersions)
        .innerJoin(documents, eq(documents.id, documentVersions.documentId))
        .where(eq(documents.sourceId, sourceId));

    it("analysis killed half-way: the next crawl analyses what was " +
      "pending, claims expire in seconds, each version is analysed once", {
      timeout: 180_000,
    }, async () => {
      const names = ["c1", "c2", "c3", "c4", "c5", "c6", "c7"].map((n) => `${kind}-${n}`);
      site = await startSite(
        pdfSite(names, (n) => `Report ${n}\nThe Special Unit for South-South Cooperation had two P-3 posts.`),
      );
      const sourceId = `crash-analysis-${kind}`;
      await release();
      await runChild({ ...dbArgs(), siteUrl: site.url, sourceId, mode: "analysis" }, { marker: "STUCK" });
      const killedAt = Date.now();
      await reopen();

      const [run] = await handle.db.select().from(crawlRuns).where(eq(crawlRuns.sourceId, sourceId));
      expect(run).toMatchObject({ status: "succeeded", new: 7 });
      const before = await versionsOf(sourceId);
      const count = (status: string) => before.filter((v) => v.status === status).length;
      // Two analysed, the one it hung on and the rest of its batch claimed, the others never claimed.
      expect(count("analyzed")).toBe(2);
      expect(count("running")).toBeGreaterThan(0);
      expect(count("pending")).toBeGreaterThan(0);
      const [{ until }] = await handle.db
        .select({ until: sql<string>`max(${documentVersions.claimedUntil})` })
        .from(documentVersions);
      expect(new Date(until).getTime() - killedAt).toBeLessThanOrEqual(ANALYSIS_LEASE_MS);

      // The next crawl finds every document unchanged, and still analyses what was left pending.
      const settings = siteSettings(sourceId, site);
      const service = createCrawlService({
        db: handle.db,
        config: loadConfig({}),
        log: quiet,
        fetcherOptions: FAST_FETCHER,
        afterCrawl: createAfterCrawl({ config: {} }),
      });
      const entry = { source: createSiteSource(settings), settings, origin: "test" };
      expect(await service.run(entry)).toMatchObject({ unchanged: 7, new: 0 });
      expect((await versionsOf(sourceId)).filter((v) => v.status === "pending")).toEqual([]);

      // The dead worker's claims run out within the lease; the next pass takes them over.
      const afterCrawl = createAfterCrawl({ config: {} });
      for (;;) {
        await afterCrawl(handle.db);
        const left = (await versionsOf(sourceId)).filter((v) => v.status !== "analyzed");
        if (!left.length) break;
        expect(Date.now() - killedAt).toBeLessThan(ANALYSIS_LEASE_MS + 10_000);
        await new Promise((r) => setTimeout(r, 500));
      }
      expect((await versionsOf(sourceId)).map((v) => v.analyses)).toEqual(names.map(() => 1));
    });

    it("a crawl killed mid-run leaves a run whose counts match what it stored", { timeout: 120_000 }, async () => {
      const names = ["f1", "f2", "f3", "f4", "f5"].map((n) => `${kind}-${n}`);
      const pages = pdfSite(names);
      pages[`/docs/${names[4]}.pdf`].delayMs = 120_000; // the publisher stops answering here
      await site.close();
      site = await startSite(pages);
      const sourceId = `crash-fetch-${kind}`;
      const stored = async () => {
        const [{ n }] = await handle.db
          .execute<{ n: number }>(sql`
          select count(*)::int as n from document_versions v join documents d on d.id = v.document_id
          where d.source_id = ${sourceId}`)
          .then((r) => (Array.isArray(r) ? r : (r as { rows: { n: number }[] }).rows));
        return n;
      };
      let seenAt = 0;
      const killWhen =
        kind === "postgres"
          ? async () => {
              if ((await stored()) < 4) return false;
              seenAt ||= Date.now();
              return Date.now() - seenAt > 1000;
            }
          : undefined;
      await release();
      // PGlite cannot be read while the child holds it: kill once the site has served four documents.
      const pgliteKill = async () => {
        const served = site.answers.filter((a) => a.startsWith("/docs/") && a.endsWith(" 200")).length;
        if (served < 4) return false;
        seenAt ||= Date.now();
        return Date.now() - seenAt > 3000;
      };
      await runChild({ ...dbArgs(), siteUrl: site.url, sourceId, mode: "fetch" }, { killWhen: killWhen ?? pgliteKill });
      await reopen();
      expect(await stored()).toBe(4);
      const [run] = await handle.db.select().from(crawlRuns).where(eq(crawlRuns.sourceId, sourceId));
      expect(run).toMatchObject({ status: "running", new: 4, fetched: 4 });
    });
  });
}
