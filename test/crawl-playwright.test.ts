import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSiteSource } from "../crawlers/sources/site.ts";
import type { SiteSettings } from "../crawlers/sources/site-settings.ts";
import type { Discovered } from "../crawlers/types.ts";
import { contextFor, documents } from "./fixtures/sources/context.ts";
import { fixtureText, htmlPage, startSite, type Site } from "./fixtures/site/site-server.ts";

/** A listing whose links exist only after its script ran (FAO and IFAD Liferay portals): needs chromium. */

let site: Site;
beforeAll(async () => {
  site = await startSite({
    "/documents/": htmlPage(fixtureText("js-listing.html")),
    "/api/documents.json": {
      type: "application/json",
      body: JSON.stringify([
        { href: "/files/sstc-strategy-2024.pdf", title: "SSTC strategy 2024" },
        { href: "/files/china-facility-report.pdf", title: "China facility report" },
        { href: "/files/draft-notes.pdf", title: "Draft notes" },
      ]),
    },
  });
});
afterAll(() => site.close());

function settings(engine: SiteSettings["engine"]): SiteSettings {
  return {
    id: "js-site",
    kind: "site",
    organization: "ifad",
    enabled: true,
    startUrls: [`${site.url}/documents/`],
    include: ["\\.pdf$"],
    exclude: ["draft"],
    maxDepth: 1,
    schedule: "0 5 * * 4",
    engine,
  };
}

async function discover(s: SiteSettings): Promise<Discovered[]> {
  const source = createSiteSource(s);
  const { ctx } = contextFor(source, s);
  const items: Discovered[] = [];
  for await (const item of source.discover(ctx)) items.push(item);
  return items;
}

describe("site source with the playwright engine", () => {
  it("finds the links a script writes, which cheerio cannot see", { timeout: 60_000 }, async () => {
    expect(documents(await discover(settings("cheerio")))).toEqual([]);
    const refs = documents(await discover(settings("playwright")));
    expect(refs.map((r) => [r.url.replace(site.url, ""), r.title])).toEqual([
      ["/files/sstc-strategy-2024.pdf", "SSTC strategy 2024"],
      ["/files/china-facility-report.pdf", "China facility report"],
    ]);
    // The page came through the polite fetcher once per engine; the script's request from the browser.
    expect(site.statusesOf("/documents/")).toEqual([200, 200]);
    expect(site.statusesOf("/api/documents.json")).toEqual([200]);
  });
});
