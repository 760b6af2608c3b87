import type { BrowserContext, Route } from "playwright-core";
import { launchChromium } from "../../browser/chromium.ts";
import { isHostAllowed } from "../fetch/options.ts";
import { siteAllowedHosts, type SiteSettings } from "../sources/site-settings.ts";
import type { FetchResult, SourceContext } from "../types.ts";
import { toPageLinks, type RawLink } from "./links.ts";
import type { Engine, EngineOptions } from "./types.ts";

/**
 * The browser engine, for listings whose links are built by scripts (Liferay portals at FAO and
 * IFAD). The page itself is fetched by the polite fetcher (robots.txt, delays, errors as for any
 * page) and handed to chromium (browser/chromium.ts), which runs its scripts; the scripts' own requests go
 * only to the source's allowed hosts, and images, fonts and media are not loaded at all.
 * This module is imported only by sources with `engine: playwright`.
 */

const SKIPPED_RESOURCES = new Set(["image", "font", "media", "stylesheet"]);

/** The source's allowed hosts, else the hosts of its start URLs: scripts never reach elsewhere. */
function allowedHosts(ctx: SourceContext<SiteSettings>): string[] {
  return siteAllowedHosts(ctx.settings);
}

/** Serves the already fetched page to the browser; lets scripts reach allowed hosts only. */
function router(ctx: SourceContext<SiteSettings>, page: FetchResult) {
  return async (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (
      request.isNavigationRequest() &&
      request.frame().parentFrame() === null &&
      (request.url() === page.url || request.url() === page.finalUrl)
    ) {
      return route.fulfill({
        status: 200,
        contentType: `${page.mediaType}${page.charset ? `; charset=${page.charset}` : ""}`,
        body: Buffer.from(page.body),
      });
    }
    if (
      SKIPPED_RESOURCES.has(request.resourceType()) ||
      !/^https?:$/.test(url.protocol) ||
      !isHostAllowed(url, allowedHosts(ctx))
    )
      return route.abort();
    return route.continue();
  };
}

async function render(
  context: BrowserContext,
  ctx: SourceContext<SiteSettings>,
  page: FetchResult,
  timeoutMs: number,
): Promise<RawLink[]> {
  const tab = await context.newPage();
  try {
    await tab.route("**/*", router(ctx, page));
    await tab.goto(page.finalUrl, { waitUntil: "load", timeout: timeoutMs });
    await tab.waitForLoadState("networkidle", { timeout: timeoutMs }).catch(() => undefined);
    return await tab.$$eval("a[href], area[href]", (els) =>
      els.map((el) => ({
        href: (el as HTMLAnchorElement).href,
        text: (el.textContent ?? "").trim(),
        rel: el.getAttribute("rel") ?? "",
      })),
    );
  } finally {
    await tab.close().catch(() => undefined);
  }
}

/**
 * Opens chromium once per run; each listing page is fetched, rendered and its links collected
 * after its scripts ran. `close()` ends the browser (the site source calls it when discovery ends).
 */
export async function openPlaywrightEngine(
  ctx: SourceContext<SiteSettings>,
  options: EngineOptions = {},
): Promise<Engine> {
  const browser = await launchChromium({ chromiumPath: options.chromiumPath });
  const context = await browser.newContext({ userAgent: ctx.userAgent, javaScriptEnabled: true });
  const timeoutMs = options.renderTimeoutMs ?? 15_000;
  return {
    async readPage(url) {
      const page = await ctx.fetcher.fetch({ url, expect: "html" });
      const raw = await render(context, ctx, page, timeoutMs);
      return { url: page.url, finalUrl: page.finalUrl, links: toPageLinks(raw, page.finalUrl) };
    },
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}
