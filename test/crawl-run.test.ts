import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { crawlRuns, documentUrls, documentVersions, documents, pages, sources } from "../db/schema/index.ts";
import { makePdf } from "./fixtures/make-pdf.ts";
import { counts, crawlSite, pdfSite, rowCounts } from "./fixtures/site/crawl-kit.ts";
import { htmlPage, links, pdfPage } from "./fixtures/site/site-server.ts";
import { sitesPerTest } from "./fixtures/site/sites-per-test.ts";
import { describeEachDb } from "./db-harness.ts";

const site = sitesPerTest();

describeEachDb("crawl run", (t) => {
  it("stores new documents with their pages, then re-crawls an unchanged site as 304s storing nothing", async () => {
    const s = await site(pdfSite(["a", "b", "c"]));
    const first = await crawlSite(t().db, "run-basic", s);
    expect(counts(first)).toEqual({ fetched: 3, new: 3, changed: 0, unchanged: 0, failed: 0, skipped: 0 });
    expect(first.status).toBe("succeeded");
    expect(await rowCounts(t().db, "run-basic")).toEqual({ documents: 3, versions: 3, pages: 6, facts: 0, urls: 3 });
    const [page] = await t()
      .db.select({ text: pages.text })
      .from(pages)
      .innerJoin(documentVersions, eq(documentVersions.id, pages.versionId))
      .where(eq(documentVersions.url, `${s.url}/docs/a.pdf`))
      .orderBy(pages.pageNo)
      .limit(1);
    expect(page.text).toContain("two P-3 posts");

    const second = await crawlSite(t().db, "run-basic", s);
    expect(counts(second)).toEqual({ fetched: 3, new: 0, changed: 0, unchanged: 3, failed: 0, skipped: 0 });
    expect(second.bytes).toBeLessThan(first.bytes);
    for (const name of ["a", "b", "c"]) expect(s.statusesOf(`/docs/${name}.pdf`)).toEqual([200, 304]);
    const urlRows = await t().db.select().from(documentUrls).where(eq(documentUrls.sourceId, "run-basic"));
    expect(urlRows.map((u) => [u.lastOutcome, u.lastStatus])).toEqual([
      ["not-modified", 304],
      ["not-modified", 304],
      ["not-modified", 304],
    ]);
    expect(await rowCounts(t().db, "run-basic")).toEqual({ documents: 3, versions: 3, pages: 6, facts: 0, urls: 3 });
    const runs = await t().db.select().from(crawlRuns).where(eq(crawlRuns.sourceId, "run-basic")).orderBy(crawlRuns.id);
    expect(runs.map((r) => [r.status, r.new, r.unchanged])).toEqual([
      ["succeeded", 3, 0],
      ["succeeded", 0, 3],
    ]);
    expect(runs[0].bytes).toBeGreaterThan(0);
    expect(runs[0].durationMs).not.toBeNull();
  });

  it("stores a new version when a document's content changes", async () => {
    const s = await site(pdfSite(["change-a", "change-b"]));
    await crawlSite(t().db, "run-change", s);
    s.pages.set("/docs/change-b.pdf", pdfPage(makePdf(["Report b, revised: three P-3 posts."])));
    const second = await crawlSite(t().db, "run-change", s);
    expect(counts(second)).toEqual({ fetched: 2, new: 0, changed: 1, unchanged: 1, failed: 0, skipped: 0 });
    expect(await rowCounts(t().db, "run-change")).toMatchObject({ documents: 2, versions: 3 });
  });

  it("keeps one document and one version for the same bytes behind two URLs", async () => {
    const pdf = makePdf(["The same budget document"]);
    const s = await site({
      "/list": htmlPage(links(["/docs/budget.pdf", "/docs/mirror/budget-copy.pdf"])),
      "/docs/budget.pdf": pdfPage(pdf),
      "/docs/mirror/budget-copy.pdf": pdfPage(pdf),
    });
    const summary = await crawlSite(t().db, "run-twin", s);
    expect(counts(summary)).toEqual({ fetched: 2, new: 1, changed: 0, unchanged: 1, failed: 0, skipped: 0 });
    expect(await rowCounts(t().db, "run-twin")).toMatchObject({ documents: 1, versions: 1, urls: 2 });
    const urls = await t().db.select().from(documentUrls).where(eq(documentUrls.sourceId, "run-twin"));
    expect(new Set(urls.map((u) => u.documentId)).size).toBe(1);
    expect(urls.every((u) => u.documentId !== null)).toBe(true);
  });

  it("records a document answering 500 as failed and stores the others", async () => {
    const s = await site({
      ...pdfSite(["ok1", "ok2"]),
      "/list": htmlPage(links(["/docs/ok1.pdf", "/docs/broken.pdf", "/docs/ok2.pdf"])),
      "/docs/broken.pdf": { body: "", type: "text/plain", status: 500 },
    });
    const summary = await crawlSite(t().db, "run-500", s);
    expect(counts(summary)).toEqual({ fetched: 2, new: 2, changed: 0, unchanged: 0, failed: 1, skipped: 0 });
    expect(summary.status).toBe("succeeded");
    const [broken] = await t()
      .db.select()
      .from(documentUrls)
      .where(eq(documentUrls.url, `${s.url}/docs/broken.pdf`));
    expect(broken).toMatchObject({ lastOutcome: "failed", failures: 1, lastStatus: 500 });
    expect(broken.lastError).toMatch(/500/);
    const [run] = await t().db.select().from(crawlRuns).where(eq(crawlRuns.sourceId, "run-500"));
    expect(run.errors).toEqual([expect.objectContaining({ url: `${s.url}/docs/broken.pdf`, kind: "retryable" })]);
  });

  it("stores a malformed PDF as a version whose text failed, with the reason", async () => {
    const s = await site({
      "/list": htmlPage(links(["/docs/bad.pdf"])),
      "/docs/bad.pdf": pdfPage(Buffer.from("%PDF-1.4\nthis is not really a PDF at all\n%%EOF\n")),
    });
    const summary = await crawlSite(t().db, "run-malformed", s);
    expect(counts(summary)).toMatchObject({ fetched: 1, new: 0, failed: 1 });
    const [version] = await t()
      .db.select()
      .from(documentVersions)
      .where(eq(documentVersions.url, `${s.url}/docs/bad.pdf`));
    expect(version.textStatus).toBe("failed");
    expect(version.error).toMatch(/PDF/i);
    const again = await crawlSite(t().db, "run-malformed", s);
    expect(counts(again)).toMatchObject({ unchanged: 1, failed: 0 });
  });

  it("fails the source whose listing is down while another source goes on", async () => {
    const down = await site({ "/list": { body: "", type: "text/plain", status: 500 } });
    const fine = await site(pdfSite(["fine-x"]));
    const [broken, ok] = await Promise.all([crawlSite(t().db, "run-down", down), crawlSite(t().db, "run-fine", fine)]);
    expect(broken.status).toBe("failed");
    expect(broken.error).toMatch(/no start page of run-down could be read/);
    expect(ok).toMatchObject({ status: "succeeded", new: 1 });
    const [row] = await t().db.select().from(sources).where(eq(sources.id, "run-down"));
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/500/);
    expect(row.leaseOwner).toBeNull();
  });

  it("marks a URL answering an empty 200 as not found, so the source can skip it next time", async () => {
    const s = await site({
      "/list": htmlPage(links(["/docs/unpublished.pdf"])),
      "/docs/unpublished.pdf": { body: "", type: "application/pdf" },
    });
    const summary = await crawlSite(t().db, "run-empty", s);
    expect(counts(summary)).toMatchObject({ failed: 1, new: 0 });
    const [row] = await t()
      .db.select()
      .from(documentUrls)
      .where(eq(documentUrls.url, `${s.url}/docs/unpublished.pdf`));
    expect(row.lastOutcome).toBe("not-found");
    expect(await t().db.select().from(documents).where(eq(documents.sourceId, "run-empty"))).toEqual([]);
  });
  it("marks a stored document not found when its URL answers 404, and active again when it is back", async () => {
    const s = await site(pdfSite(["gone-a"]));
    await crawlSite(t().db, "run-gone", s);
    const saved = s.pages.get("/docs/gone-a.pdf")!;
    s.pages.delete("/docs/gone-a.pdf");
    expect(counts(await crawlSite(t().db, "run-gone", s))).toMatchObject({ failed: 1 });
    const [gone] = await t().db.select().from(documents).where(eq(documents.sourceId, "run-gone"));
    expect(gone.status).toBe("not-found");
    expect(gone.lastError).toMatch(/not-found/);
    s.pages.set("/docs/gone-a.pdf", saved);
    expect(counts(await crawlSite(t().db, "run-gone", s))).toMatchObject({ unchanged: 1, failed: 0 });
    const [back] = await t().db.select().from(documents).where(eq(documents.sourceId, "run-gone"));
    expect(back).toMatchObject({ status: "active", lastError: null });
  });

  it("downloads a listing page that is also a document once, and stores it", async () => {
    const s = await site(pdfSite(["twice-listed"]));
    const summary = await crawlSite(t().db, "run-listing-doc", s, {}, { include: ["/docs/", "/list$"] });
    expect(counts(summary)).toMatchObject({ fetched: 2, new: 2, failed: 0 });
    expect(s.statusesOf("/list")).toEqual([200]);
    const docs = await t().db.select().from(documents).where(eq(documents.sourceId, "run-listing-doc"));
    expect(docs.map((d) => d.type).sort()).toEqual([null, "web-page"]);
  });
  it("stops the source when a document answers 401 (its credentials are refused for every URL)", async () => {
    const s = await site({
      ...pdfSite(["auth-a"]),
      "/list": htmlPage(links(["/docs/private.pdf", "/docs/auth-a.pdf"])),
      "/docs/private.pdf": { body: "", type: "text/plain", status: 401 },
    });
    const summary = await crawlSite(t().db, "run-401", s, { concurrency: 1 });
    expect(summary.status).toBe("failed");
    expect(summary.error).toMatch(/^source failed: unauthorized/);
    expect(s.statusesOf("/docs/auth-a.pdf")).toEqual([]);
    const [row] = await t().db.select().from(sources).where(eq(sources.id, "run-401"));
    expect(row).toMatchObject({ status: "failed", leaseOwner: null });
  });
});
