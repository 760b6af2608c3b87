import { like } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { CrawlSummary } from "../../crawlers/run.ts";
import { documents, pages } from "../../db/schema/index.ts";
import { describeEachDb } from "../db-harness.ts";
import { crawlHostileIati, halfStored, runErrors } from "./drill-kit.ts";
import { IATI_DRILLS, startHostileSite, type HostileSite } from "./hostile-site.ts";

/**
 * Hostile IATI activity files: entities are never expanded nor fetched, bombs and archives are
 * cut or refused, a file that cannot be read safely is reported and the next file is read.
 */

let site: HostileSite;
beforeAll(async () => {
  site = await startHostileSite();
});
afterAll(async () => {
  await site?.close();
});

describeEachDb("hostile IATI drills", (t) => {
  let summary: CrawlSummary;
  let errors: Array<{ url: string; message: string }>;
  /** What the run reported for one file. */
  const reported = (path: string) => errors.filter((e) => e.url === `${site.url}${path}`).map((e) => e.message);

  beforeAll(async () => {
    summary = await crawlHostileIati(t().db, site);
    errors = (await runErrors(t().db, summary.runId!)).errors;
  }, 120_000);

  async function storedTitles(): Promise<string[]> {
    const rows = await t().db.select({ title: documents.title }).from(documents).where(like(documents.key, "iati:%"));
    return rows.map((r) => r.title ?? "").sort();
  }

  it("reads every file it safely can, and stores whole records only", async () => {
    expect(summary.status).toBe("succeeded");
    expect(await storedTitles()).toEqual([
      "South-South &lol10; exchange",
      "South-South &xxe; exchange",
      "South-South exchange after a deep one",
      "South-South exchange of practices",
    ]);
    expect(await halfStored(t().db)).toEqual([]);
  });

  it("external entities: not expanded, no file read, no DTD fetched, reported", async () => {
    expect(reported(IATI_DRILLS.xxe.path)).toEqual([expect.stringMatching(/XML error.*Invalid character entity/)]);
    const texts = await t().db.select({ text: pages.text }).from(pages);
    expect(texts.some((p) => p.text.includes("root:"))).toBe(false);
    expect(site.beaconHits()).toEqual([]);
  });

  it("billion laughs: not expanded (the record keeps the literal reference), reported", async () => {
    expect(reported(IATI_DRILLS.laughs.path)).toEqual([expect.stringMatching(/XML error.*Invalid character entity/)]);
    const texts = await t().db.select({ text: pages.text }).from(pages);
    expect(Math.max(...texts.map((p) => p.text.length))).toBeLessThan(10_000);
  });

  it("gzip bomb: cut at the file size cap, named as a compression bomb", async () => {
    expect(reported(IATI_DRILLS.gzipBomb.path)).toEqual([
      expect.stringMatching(
        /^file not read: .* cap once decompressed \(Content-Encoding: gzip; a compression bomb\?\)/,
      ),
    ]);
  });

  it(".gz and .zip files: refused unopened (the product reads no archives)", async () => {
    expect(reported(IATI_DRILLS.gzFile.path)).toEqual([
      expect.stringMatching(/^file not read: .* answered application\/gzip .* where XML was expected/),
    ]);
    expect(reported(IATI_DRILLS.zipBomb.path)).toEqual([
      expect.stringMatching(/^file not read: .* answered application\/zip .* where XML was expected/),
    ]);
  });

  it("a 200 MB DOCTYPE: the file is refused at 64 KB, not buffered", async () => {
    expect(reported(IATI_DRILLS.hugeDoctype.path)).toEqual([
      expect.stringMatching(/^file not read: more than 65536 characters in one doctype .*; the file is refused/),
    ]);
  });

  it("an activity nested 200,000 deep: that activity is skipped and reported, the next one stored", async () => {
    expect(reported(IATI_DRILLS.deep.path)).toEqual([
      expect.stringMatching(/^activity #1 \(line 1\) skipped: elements nested deeper than 64/),
    ]);
  });
});
