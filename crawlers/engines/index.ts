import type { SiteSettings } from "../sources/site-settings.ts";
import type { SourceContext } from "../types.ts";
import { openCheerioEngine } from "./cheerio.ts";
import type { Engine, EngineName, EngineOptions } from "./types.ts";

export type { Engine, EngineName, EngineOptions, ListingPage, PageLink } from "./types.ts";
export { htmlLinks, toPageLinks } from "./links.ts";

/**
 * Opens the named engine; playwright (and its browser) is imported only here, only when asked for,
 * so the API and cheerio sources never load it.
 */
export async function openEngine(
  name: EngineName,
  ctx: SourceContext<SiteSettings>,
  options: EngineOptions = {},
): Promise<Engine> {
  if (name === "playwright") {
    const { openPlaywrightEngine } = await import("./playwright.ts");
    return openPlaywrightEngine(ctx, options);
  }
  return openCheerioEngine(ctx);
}
