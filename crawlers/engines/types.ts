import type { SiteSettings } from "../sources/site-settings.ts";
import type { SourceContext } from "../types.ts";

/**
 * How the site source reads a listing page: fetch it and collect its links. Two engines sit
 * behind this one interface: cheerio (the HTML as served) and playwright (the page after its
 * scripts ran), the latter loaded only by sources that need it.
 */

export interface PageLink {
  /** Absolute, normalised URL. */
  url: string;
  text: string;
  /** The link's rel attribute ("next" marks pagination). */
  rel: string;
}

export interface ListingPage {
  /** The URL asked for and the one that answered after redirects. */
  url: string;
  finalUrl: string;
  links: PageLink[];
}

export interface Engine {
  readPage(url: string): Promise<ListingPage>;
  close(): Promise<void>;
}

export type EngineName = "cheerio" | "playwright";

export interface EngineOptions {
  /**
   * Chromium binary for playwright (CHROMIUM_PATH); unset: a system chromium, else the npm one (browser/chromium.ts).
   */
  chromiumPath?: string;
  /** Longest wait for a rendered page's scripts to settle. Default 15000. */
  renderTimeoutMs?: number;
}

export type OpenEngine = (ctx: SourceContext<SiteSettings>, options?: EngineOptions) => Promise<Engine>;
