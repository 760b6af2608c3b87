import type { SourceContext } from "../types.ts";
import { htmlLinks } from "./links.ts";
import type { Engine } from "./types.ts";

/**
 * The default engine: the listing as the server sends it, through the polite fetcher (robots.txt,
 * delays, allowed hosts), links read with cheerio. No browser, no scripts.
 */
export async function openCheerioEngine(ctx: SourceContext): Promise<Engine> {
  return {
    async readPage(url) {
      const page = await ctx.fetcher.fetch({ url, expect: "html" });
      return { url: page.url, finalUrl: page.finalUrl, links: htmlLinks(page.text(), page.finalUrl) };
    },
    async close() {},
  };
}
