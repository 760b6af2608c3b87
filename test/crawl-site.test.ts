import { afterEach, describe, expect, it } from "vitest";
import { createSiteSource } from "../crawlers/sources/site.ts";
import type { SiteSettings } from "../crawlers/sources/site-settings.ts";
import { isPagination, linkKind } from "../crawlers/sources/site-links.ts";
import type { Discovered } from "../crawlers/types.ts";
import { contextFor, documents, problems } from "./fixtures/sources/context.ts";
import { fixtureText, htmlPage, startSite, type Site } from "./fixtures/site/site-server.ts";

let site: Site | undefined;
afterEach(async () => {
  await site?.close();
  site = undefined;
});

async function publicationsSite(): Promise<Site> {
  return startSite({
    "/publications/": htmlPage(fixtureText("publications-page1.html")),
    "/publications/?page=2": htmlPage(fixtureText("publications-page2.html")),
    "/publications/?page=3": htmlPage(fixtureText("publications-page3.html")),
    "/publications/item-a.html": htmlPage(fixtureText("item-a.html")),
    "/about/": htmlPage(fixtureText("about.html")),
  });
}

function settingsFor(s: Site, over: Partial<SiteSettings> = {}): SiteSettings {
  return {
    id: "test-site",
    kind: "site",
    organization: "unossc",
    enabled: true,
    startUrls: [`${s.url}/publications/`],
    include: ["/files/.+\\.pdf$", "/publications/item-"],
    exclude: ["draft"],
    maxDepth: 1,
    schedule: "0 3 * * 1",
    engine: "cheerio",
    ...over,
  };
}

async function discover(settings: SiteSettings): Promise<Discovered[]> {
  const source = createSiteSource(settings);
  const { ctx } = contextFor(source, settings);
  const items: Discovered[] = [];
  try {
    for await (const item of source.discover(ctx)) items.push(item);
  } finally {
    (ctx.fetcher as { close?: () => void }).close?.();
  }
  return items;
}

describe("site source", () => {
  it(
    "collects included PDFs and pages through the listing's " +
      "pagination, skipping excluded, foreign and non-document links",
    async () => {
      site = await publicationsSite();
      const refs = documents(await discover(settingsFor(site)));
      expect(refs.map((r) => r.url.replace(site!.url, "")).sort()).toEqual([
        "/files/report-2021.pdf",
        "/files/report-2022.pdf",
        "/files/report-2023.pdf",
        "/publications/item-a.html",
      ]);
      expect(refs.find((r) => r.url.endsWith("report-2023.pdf"))).toMatchObject({
        expect: "pdf",
        title: "Annual report 2023",
      });
      // The about page is neither included nor followed: never fetched.
      expect(site.statusesOf("/about/")).toEqual([]);
      expect(site.statusesOf("/publications/?page=3")).toEqual([200]);
    },
  );

  it("follows included pages one level deeper when maxDepth allows", async () => {
    site = await publicationsSite();
    const shallow = documents(await discover(settingsFor(site, { maxDepth: 1 }))).map((r) => r.url);
    const deep = documents(await discover(settingsFor(site, { maxDepth: 2 }))).map((r) => r.url);
    expect(shallow).not.toContain(`${site.url}/files/item-a-annex.pdf`);
    expect(deep).toContain(`${site.url}/files/item-a-annex.pdf`);
    expect(deep).not.toContain(`${site.url}/files/about-brochure.pdf`);
  });

  it("reads pages matching follow for links without yielding them, and stops at maxDocuments", async () => {
    site = await publicationsSite();
    const followed = documents(await discover(settingsFor(site, { follow: ["/about/"], maxDepth: 2 }))).map(
      (r) => r.url,
    );
    expect(followed).toContain(`${site.url}/files/about-brochure.pdf`);
    expect(followed).not.toContain(`${site.url}/about/`);
    const capped = documents(await discover(settingsFor(site, { maxDocuments: 2 })));
    expect(capped).toHaveLength(2);
  });

  it("fails the discovery when no start page can be read, and reports a broken deeper page as a problem", async () => {
    site = await startSite({ "/publications/": { body: "", type: "text/html", status: 500 } });
    await expect(discover(settingsFor(site))).rejects.toThrow(/no start page of test-site could be read/);
    await site.close();
    site = await startSite({
      "/publications/": htmlPage(`<a href="/publications/?page=2">2</a><a href="/files/a.pdf">a</a>`),
    });
    const items = await discover(settingsFor(site));
    expect(documents(items).map((r) => r.url)).toEqual([`${site.url}/files/a.pdf`]);
    expect(problems(items)).toEqual([
      expect.objectContaining({ outcome: "failed", url: `${site.url}/publications/?page=2` }),
    ]);
  });
});

describe("site links", () => {
  it("tells pagination of the same listing from other links", () => {
    const page = "https://www.unjiu.org/content/news-events";
    expect(isPagination({ url: "https://www.unjiu.org/content/news-events?page=2", text: "2", rel: "" }, page)).toBe(
      true,
    );
    expect(
      isPagination(
        { url: "https://www.unsouthsouth.org/news/page/3/", text: "3", rel: "" },
        "https://www.unsouthsouth.org/news/",
      ),
    ).toBe(true);
    expect(isPagination({ url: "https://www.unjiu.org/content/reports?page=2", text: "2", rel: "" }, page)).toBe(false);
    expect(isPagination({ url: "https://x.org/anything", text: "Next", rel: "next" }, page)).toBe(true);
  });

  it("classifies links by extension", () => {
    expect(linkKind("https://x.org/a/Report.PDF")).toBe("pdf");
    expect(linkKind("https://x.org/a/page.aspx")).toBe("html");
    expect(linkKind("https://x.org/download/123")).toBe("document");
    expect(linkKind("https://x.org/a/annex.docx")).toBe("other");
  });
});
