import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { createSiteSource } from "../crawlers/sources/site.ts";
import type { Discovered, Source } from "../crawlers/types.ts";
import { crawlRuns, sources } from "../db/schema/index.ts";
import { counts, crawl, pdfSite, rowCounts, siteSettings } from "./fixtures/site/crawl-kit.ts";
import { sitesPerTest } from "./fixtures/site/sites-per-test.ts";
import { describeEachDb } from "./db-harness.ts";

const site = sitesPerTest();

/** The site source, with a hook called as each item is yielded (to stop a run half-way). */
function hooked(source: Source, onItem: (index: number) => void): Source {
  return {
    ...source,
    async *discover(ctx) {
      let index = 0;
      for await (const item of source.discover(ctx)) {
        onItem(index++);
        yield item as Discovered;
      }
    },
  };
}

const NAMES = ["r1", "r2", "r3", "r4", "r5", "r6"];

describeEachDb("crawl run: interruptions and concurrency", (t) => {
  it("resumes a run stopped half-way: the second run stores the rest and nothing twice", async () => {
    const s = await site(pdfSite(NAMES.map((n) => `resume-${n}`)));
    const settings = siteSettings("resume-site", s);
    const stop = new AbortController();
    const source = hooked(createSiteSource(settings), (i) => i === 3 && stop.abort(new Error("process killed")));
    const first = await crawl(t().db, source, settings, { signal: stop.signal, concurrency: 1 });
    expect(first.status).toBe("cancelled");
    const storedFirst = (await rowCounts(t().db, "resume-site")).versions;
    expect(storedFirst).toBeGreaterThan(0);
    expect(storedFirst).toBeLessThan(NAMES.length);

    const second = await crawl(t().db, createSiteSource(settings), settings);
    expect(second.status).toBe("succeeded");
    expect(second.new).toBe(NAMES.length - storedFirst);
    expect(second.unchanged).toBe(storedFirst);
    expect(await rowCounts(t().db, "resume-site")).toMatchObject({ documents: NAMES.length, versions: NAMES.length });
    const runs = await t()
      .db.select()
      .from(crawlRuns)
      .where(eq(crawlRuns.sourceId, "resume-site"))
      .orderBy(crawlRuns.id);
    expect(runs.map((r) => r.status)).toEqual(["failed", "succeeded"]);
    expect(runs[0].error).toMatch(/cancelled.*resumes/);
  });

  it("takes over from a killed process: its expired lease is taken and its running row marked abandoned", async () => {
    const s = await site(pdfSite(["killed-a", "killed-b"]));
    const settings = siteSettings("killed-site", s);
    const source = createSiteSource(settings);
    await t()
      .db.insert(sources)
      .values({
        id: "killed-site",
        kind: "site",
        organizationId: "unossc",
        status: "running",
        leaseOwner: "dead-host:4242:deadbeef",
        leaseUntil: new Date(Date.now() - 60_000),
      });
    const [dead] = await t()
      .db.insert(crawlRuns)
      .values({ sourceId: "killed-site", worker: "dead-host:4242:deadbeef", fetched: 1 })
      .returning();
    const summary = await crawl(t().db, source, settings);
    expect(counts(summary)).toMatchObject({ new: 2, failed: 0 });
    const [after] = await t().db.select().from(crawlRuns).where(eq(crawlRuns.id, dead.id));
    expect(after.status).toBe("abandoned");
    expect(after.error).toMatch(/abandoned/);
    const [row] = await t().db.select().from(sources).where(eq(sources.id, "killed-site"));
    expect(row).toMatchObject({ status: "ok", leaseOwner: null, lastError: null });
  });

  it("skips a run while another process holds a live lease on the source", async () => {
    const s = await site(pdfSite(["held-a"]));
    const settings = siteSettings("held-site", s);
    await t()
      .db.insert(sources)
      .values({
        id: "held-site",
        kind: "site",
        organizationId: "unossc",
        leaseOwner: "other-host:7:cafe",
        leaseUntil: new Date(Date.now() + 60_000),
      });
    const summary = await crawl(t().db, createSiteSource(settings), settings);
    expect(summary.status).toBe("skipped");
    expect(summary.error).toMatch(/already being crawled by other-host:7:cafe.*skipped/);
    expect(s.answers).toEqual([]);
    expect(await t().db.select().from(crawlRuns).where(eq(crawlRuns.sourceId, "held-site"))).toEqual([]);
  });

  it("runs a source once when two runs of it start together", async () => {
    const pages = pdfSite(["twice-a", "twice-b"]);
    pages["/list"].delayMs = 300;
    const s = await site(pages);
    const settings = siteSettings("twice-site", s);
    const results = await Promise.all([
      crawl(t().db, createSiteSource(settings), settings),
      crawl(t().db, createSiteSource(settings), settings),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["skipped", "succeeded"]);
    expect(s.statusesOf("/list")).toEqual([200]);
    expect(await rowCounts(t().db, "twice-site")).toMatchObject({ documents: 2, versions: 2 });
  });
  it("renews its lease while a run takes longer than the lease, so a second run is still skipped", async () => {
    const pages = pdfSite(["renew-a"]);
    pages["/docs/renew-a.pdf"].delayMs = 4000;
    const s = await site(pages);
    const settings = siteSettings("renew-site", s);
    // Without renewal the 1.5 s lease would have expired when the second run starts.
    const long = crawl(t().db, createSiteSource(settings), settings, { leaseMs: 1500 });
    await new Promise((r) => setTimeout(r, 2500));
    const second = await crawl(t().db, createSiteSource(settings), settings, { leaseMs: 1500 });
    expect(second.status).toBe("skipped");
    expect(await long).toMatchObject({ status: "succeeded", new: 1 });
  });

  it("stops a run whose lease was taken over by another process", async () => {
    const pages = pdfSite(["lost-a", "lost-b"]);
    pages["/docs/lost-a.pdf"].delayMs = 1500;
    const s = await site(pages);
    const settings = siteSettings("lost-site", s);
    const running = crawl(t().db, createSiteSource(settings), settings, { leaseMs: 300, concurrency: 1 });
    await new Promise((r) => setTimeout(r, 400));
    await t()
      .db.update(sources)
      .set({ leaseOwner: "thief:1:beef", leaseUntil: new Date(Date.now() + 60_000) })
      .where(eq(sources.id, "lost-site"));
    const summary = await running;
    expect(summary.status).toBe("cancelled");
    expect(summary.error).toMatch(/lease on source lost-site was taken by another process/);
    const [row] = await t().db.select().from(sources).where(eq(sources.id, "lost-site"));
    expect(row.leaseOwner).toBe("thief:1:beef");
  });
});
