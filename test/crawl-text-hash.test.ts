import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { documentUrls, documentVersions, documents } from "../db/schema/index.ts";
import { textSha256 } from "../db/queries/crawl.ts";
import { counts, crawlSite, rowCounts } from "./fixtures/site/crawl-kit.ts";
import { html, htmlPage, links } from "./fixtures/site/site-server.ts";
import { sitesPerTest } from "./fixtures/site/sites-per-test.ts";
import { describeEachDb } from "./db-harness.ts";

const site = sitesPerTest();

const TEXT = "The Administrator allocated $3.5 million to the Special Unit for South-South Cooperation for 2024.";

/** The same text in markup that changes on every request: a script nonce and a CSRF token. */
const notice = (nonce: string, text = TEXT) =>
  htmlPage(
    html(
      `<script nonce="${nonce}">window.csrf="${nonce}"</script><form><input type="hidden" name="csrf" ` +
        `value="${nonce}"></form><main><p>${text}</p></main>`,
      "SSC notice",
    ),
  );

const noticeSite = (nonce: string) =>
  site({ "/list": htmlPage(links(["/docs/notice.html"])), "/docs/notice.html": notice(nonce) });

describeEachDb("crawl: text hash of versions", (t) => {
  it("keeps one version of a page whose markup changes on every crawl but whose text does not", async () => {
    const s = await noticeSite("n-a1");
    const outcomes: unknown[] = [];
    for (const nonce of ["n-a1", "n-b2", "n-c3"]) {
      s.pages.set("/docs/notice.html", notice(nonce));
      const summary = await crawlSite(t().db, "text-nonce", s);
      outcomes.push(counts(summary));
    }
    expect(outcomes).toEqual([
      { fetched: 1, new: 1, changed: 0, unchanged: 0, failed: 0, skipped: 0 },
      { fetched: 1, new: 0, changed: 0, unchanged: 1, failed: 0, skipped: 0 },
      { fetched: 1, new: 0, changed: 0, unchanged: 1, failed: 0, skipped: 0 },
    ]);
    // Every crawl downloaded the page (new ETag each time): none was a 304.
    expect(s.statusesOf("/docs/notice.html")).toEqual([200, 200, 200]);
    expect(await rowCounts(t().db, "text-nonce")).toMatchObject({ documents: 1, versions: 1, urls: 1 });
    const [version] = await t()
      .db.select()
      .from(documentVersions)
      .innerJoin(documents, eq(documents.id, documentVersions.documentId))
      .where(eq(documents.sourceId, "text-nonce"));
    expect(version.document_versions.textSha256).toMatch(/^[0-9a-f]{64}$/);
    // The URL's validators follow the last answer, so the next crawl can get a 304.
    const [url] = await t().db.select().from(documentUrls).where(eq(documentUrls.sourceId, "text-nonce"));
    expect(url).toMatchObject({ lastOutcome: "unchanged", documentId: version.documents.id, etag: expect.any(String) });
    expect(url.contentHash).not.toBe(version.document_versions.sha256);
    const fourth = await crawlSite(t().db, "text-nonce", s);
    expect(counts(fourth)).toMatchObject({ unchanged: 1 });
    expect(s.statusesOf("/docs/notice.html")).toEqual([200, 200, 200, 304]);
  });

  it("still stores a new version when the text changes", async () => {
    const s = await noticeSite("n-x1");
    expect(counts(await crawlSite(t().db, "text-change", s))).toMatchObject({ new: 1 });
    s.pages.set("/docs/notice.html", notice("n-x2", TEXT.replace("$3.5 million", "$4.2 million")));
    expect(counts(await crawlSite(t().db, "text-change", s))).toMatchObject({ new: 0, changed: 1, unchanged: 0 });
    s.pages.set("/docs/notice.html", notice("n-x3", TEXT.replace("$3.5 million", "$4.2 million")));
    expect(counts(await crawlSite(t().db, "text-change", s))).toMatchObject({ changed: 0, unchanged: 1 });
    expect(await rowCounts(t().db, "text-change")).toMatchObject({ documents: 1, versions: 2 });
  });

  it("compares with the stored pages of a version saved before text hashes existed, and saves its hash", async () => {
    const s = await noticeSite("n-old");
    await crawlSite(t().db, "text-legacy", s);
    const [doc] = await t().db.select().from(documents).where(eq(documents.sourceId, "text-legacy"));
    const [before] = await t().db.select().from(documentVersions).where(eq(documentVersions.documentId, doc.id));
    await t().db.update(documentVersions).set({ textSha256: null }).where(eq(documentVersions.documentId, doc.id));
    s.pages.set("/docs/notice.html", notice("n-new"));
    expect(counts(await crawlSite(t().db, "text-legacy", s))).toMatchObject({ changed: 0, unchanged: 1 });
    const after = await t().db.select().from(documentVersions).where(eq(documentVersions.documentId, doc.id));
    expect(after).toHaveLength(1);
    expect(after[0].textSha256).toBe(before.textSha256);
  });
});

it("hashes pages joined with a form feed", () => {
  expect(textSha256(["a", "b"])).not.toBe(textSha256(["ab"]));
  expect(textSha256(["a", "b"])).toBe(textSha256(["a\fb"]));
});
