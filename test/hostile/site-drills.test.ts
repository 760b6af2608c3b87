import { afterAll, beforeAll, expect, it } from "vitest";
import type { CrawlSummary } from "../../crawlers/run.ts";
import { describeEachDb } from "../db-harness.ts";
import { crawlHostileSite, halfStored, runErrors, urlState, versionsFrom } from "./drill-kit.ts";
import { GOOD_PDFS, PDF_DRILLS, startHostileSite, type HostileSite } from "./hostile-site.ts";

/**
 * Hostile documents on a publisher's site, crawled like any other: each one must end as a
 * recorded, reported failure of that document within the fetcher's and the PDF reader's limits,
 * the crawl going on to the next document, and nothing half-stored.
 */

let site: HostileSite;
beforeAll(async () => {
  site = await startHostileSite();
});
afterAll(async () => {
  await site?.close();
});

describeEachDb("hostile site drills", (t) => {
  let summary: CrawlSummary;
  let errors: Array<{ url: string; kind: string; message: string }>;
  const url = (path: string) => `${site.url}${path}`;
  const errorFor = (u: string) => errors.find((e) => e.url === u)?.message;

  beforeAll(async () => {
    summary = await crawlHostileSite(t().db, site);
    errors = (await runErrors(t().db, summary.runId!)).errors;
  }, 120_000);

  /** A fetch failure: reported in the run, recorded on the URL, and no version stored from it. */
  async function expectFetchFailure(u: string, reason: RegExp) {
    expect(errorFor(u)).toMatch(reason);
    const state = await urlState(t().db, u);
    expect(state).toMatchObject({ lastOutcome: "failed", documentId: null });
    expect(state.lastError).toMatch(reason);
    expect(await versionsFrom(t().db, u)).toEqual([]);
  }

  /** An extraction failure: the bytes are recorded as a version whose text failed, with no page. */
  async function expectExtractFailure(u: string, reason: RegExp) {
    expect(errorFor(u)).toMatch(reason);
    const versions = await versionsFrom(t().db, u);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ textStatus: "failed", pageCount: null, storedPages: 0 });
    expect(versions[0].error).toMatch(reason);
  }

  it("goes on past every hostile document: the good ones around them are stored whole", async () => {
    expect(summary.status).toBe("succeeded");
    for (const path of GOOD_PDFS) {
      const [version] = await versionsFrom(t().db, url(path));
      expect(version).toMatchObject({ textStatus: "extracted", pageCount: 1, storedPages: 1 });
    }
    expect(summary.failed).toBe(10);
    expect(errors).toHaveLength(10);
  });

  it("leaves nothing half-stored", async () => {
    expect(await halfStored(t().db)).toEqual([]);
  });

  it("PDF nested 100,000 deep: malformed, recorded", async () => {
    await expectExtractFailure(url(PDF_DRILLS.nested.path), /malformed PDF: Maximum call stack size exceeded/);
  });

  it("PDF with a 20 MB content stream: stopped at the reader's time limit", async () => {
    await expectExtractFailure(url(PDF_DRILLS.hugeStream.path), /took longer than \d+ ms|too much text/);
  });

  it("PDF compression bomb (2 MB inflating to 2 GB): the reader is killed at its memory or time limit", async () => {
    await expectExtractFailure(url(PDF_DRILLS.flateBomb.path), /needs too much memory|took longer than \d+ ms/);
  });

  it("PDF with JavaScript actions: its text is read and its scripts never run", async () => {
    const [version] = await versionsFrom(t().db, url(PDF_DRILLS.javascript.path));
    expect(version).toMatchObject({ textStatus: "extracted", storedPages: 1 });
    expect(site.beaconHits()).toEqual([]);
  });

  it("PDF with a broken xref table: pdf.js rebuilds it by scanning, and the text is read", async () => {
    const [version] = await versionsFrom(t().db, url(PDF_DRILLS.brokenXref.path));
    expect(version).toMatchObject({ textStatus: "extracted", storedPages: 1 });
  });

  it("gzip bomb (Content-Encoding: gzip, 10 GB): cut at the size cap, named as a compression bomb", async () => {
    await expectFetchFailure(
      url(PDF_DRILLS.gzipBomb.path),
      /too-large: .* cap once decompressed \(Content-Encoding: gzip; a compression bomb\?\)/,
    );
  });

  it(".gz and .zip bodies where a PDF was expected: refused unopened", async () => {
    await expectFetchFailure(url(PDF_DRILLS.gzFile.path), /bad-content: .* answered application\/gzip .* where a PDF/);
    await expectFetchFailure(url(PDF_DRILLS.zipBomb.path), /bad-content: .* answered application\/zip .* where a PDF/);
  });

  it("10 GB without Content-Length: streamed to the cap and cut", async () => {
    await expectFetchFailure(url(PDF_DRILLS.endless.path), /too-large: .* is more than the \d+-byte cap;/);
    // The server stopped sending soon after the cap: the download was cut, not finished.
    expect(site.endlessBytesSent()).toBeLessThan(1024 * 1024 * 1024);
  });

  it("slow drip: abandoned at the fetcher's time limit, retried on the next run", async () => {
    expect(errorFor(url(PDF_DRILLS.drip.path))).toMatch(/timeout: no complete answer .* within \d+ ms/);
    expect(await urlState(t().db, url(PDF_DRILLS.drip.path))).toMatchObject({ lastOutcome: "failed" });
    expect(await versionsFrom(t().db, url(PDF_DRILLS.drip.path))).toEqual([]);
  });

  it("self-signed and expired certificates: a clear TLS certificate failure, no request sent", async () => {
    await expectFetchFailure(site.tlsUrls.selfSigned, /tls-certificate: TLS certificate of .* refused \(self-signed/);
    await expectFetchFailure(site.tlsUrls.expired, /tls-certificate: TLS certificate of .* refused \(expired/);
    expect(site.selfSigned.requests + site.expired.requests).toBe(0);
  });
});
