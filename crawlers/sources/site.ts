import { endsTheSource } from "../errors.ts";
import { openEngine, type Engine, type ListingPage, type PageLink } from "../engines/index.ts";
import { isHostAllowed } from "../fetch/options.ts";
import type { Discovered, DocumentRef, Source, SourceContext } from "../types.ts";
import { normalizeUrl } from "../url.ts";
import { isPagination, linkKind } from "./site-links.ts";
import { siteAllowedHosts, type SiteSettings, siteSettings } from "./site-settings.ts";

/**
 * The generic site source: a publisher's listing pages, read with cheerio (or playwright for
 * `engine: playwright`), links followed to `maxDepth`, and the PDF and HTML documents whose URL
 * matches `include` (and no `exclude`) yielded for the run to fetch and store.
 *
 * Depth: start URLs are depth 0, a link found on a page at depth d is at depth d + 1. Pagination
 * (rel="next", ?page=N, /page/N/ of the same listing) stays at the page's depth, bounded by
 * `maxPages`. Pages at depth < maxDepth are read for links when they match `include` or `follow`.
 * Listing pages are documents only when they match `include` themselves.
 */

const DEFAULT_MAX_PAGES = 200;

interface Patterns {
  include: RegExp[];
  exclude: RegExp[];
  follow: RegExp[];
}

function compile(list: unknown, key: string, sourceId: string): RegExp[] {
  return (Array.isArray(list) ? list : []).map((p) => {
    try {
      return new RegExp(String(p));
    } catch (e) {
      throw new Error(
        `source ${sourceId}: ${key} ${JSON.stringify(p)} is not a valid regular expression ` +
          `(${(e as Error).message}); fix the sources file`,
      );
    }
  });
}

function patternsOf(s: SiteSettings): Patterns {
  return {
    include: compile(s.include, "include", s.id),
    exclude: compile(s.exclude, "exclude", s.id),
    follow: compile(s.follow, "follow", s.id),
  };
}

const matches = (res: RegExp[], url: string) => res.some((re) => re.test(url));

interface QueuedPage {
  url: string;
  depth: number;
}

interface Walk {
  settings: SiteSettings;
  patterns: Patterns;
  hosts: string[];
  queue: QueuedPage[];
  queued: Set<string>;
  yielded: Set<string>;
  starts: Set<string>;
}

function refFor(url: string, text: string, kind: "pdf" | "html" | "document"): DocumentRef {
  const title = text.length >= 3 && text.length <= 300 ? text : undefined;
  return {
    url,
    ...(title ? { title } : {}),
    expect: kind === "pdf" ? "pdf" : kind === "html" ? "html" : "document",
    type: kind === "html" ? "web-page" : undefined,
  };
}

/** Documents among a page's links; followable pages queued. */
function* visitLinks(walk: Walk, page: QueuedPage, pageUrl: string, links: PageLink[]): Generator<DocumentRef> {
  const { patterns, settings } = walk;
  for (const link of links) {
    if (!isHostAllowed(new URL(link.url), walk.hosts) || matches(patterns.exclude, link.url)) continue;
    const kind = linkKind(link.url);
    if (kind === "other") continue;
    const included = matches(patterns.include, link.url);
    if (included && page.depth + 1 <= settings.maxDepth && !walk.yielded.has(link.url)) {
      walk.yielded.add(link.url);
      yield refFor(link.url, link.text, kind);
    }
    if (kind === "pdf" || walk.queued.has(link.url)) continue;
    if (isPagination(link, pageUrl)) enqueue(walk, { url: link.url, depth: page.depth });
    else if (page.depth + 1 < settings.maxDepth && (included || matches(patterns.follow, link.url)))
      enqueue(walk, { url: link.url, depth: page.depth + 1 });
  }
}

function enqueue(walk: Walk, page: QueuedPage): void {
  walk.queued.add(page.url);
  walk.queue.push(page);
}

async function* walkSite(ctx: SourceContext<SiteSettings>, engine: Engine, walk: Walk): AsyncGenerator<Discovered> {
  const { settings } = walk;
  const maxPages = settings.maxPages ?? DEFAULT_MAX_PAGES;
  const maxDocuments = settings.maxDocuments ?? Number.POSITIVE_INFINITY;
  const startFailures: string[] = [];
  let pagesRead = 0;
  let documents = 0;
  while (walk.queue.length > 0 && pagesRead < maxPages && !ctx.signal.aborted) {
    const page = walk.queue.shift() as QueuedPage;
    pagesRead += 1;
    let listing: ListingPage;
    try {
      listing = await engine.readPage(page.url);
    } catch (error) {
      if (endsTheSource(error, ctx.signal)) throw error;
      const message = `listing page not read: ${(error as Error).message}`;
      if (walk.starts.has(page.url)) startFailures.push(`${page.url}: ${(error as Error).message}`);
      yield { kind: "problem", url: page.url, outcome: "failed", message };
      continue;
    }
    if (
      matches(walk.patterns.include, page.url) &&
      !matches(walk.patterns.exclude, page.url) &&
      !walk.yielded.has(page.url)
    ) {
      walk.yielded.add(page.url);
      yield { kind: "document", ref: refFor(page.url, "", "html") };
    }
    for (const ref of visitLinks(walk, page, listing.finalUrl, listing.links)) {
      if (documents >= maxDocuments) return;
      documents += 1;
      yield { kind: "document", ref };
    }
  }
  if (startFailures.length === walk.starts.size && startFailures.length > 0) {
    throw new Error(`no start page of ${settings.id} could be read (${startFailures.join("; ")})`);
  }
  if (pagesRead >= maxPages && walk.queue.length > 0)
    ctx.log.warn(
      `site ${settings.id}: stopped after maxPages=${maxPages} listing pages; ${walk.queue.length} left for a larger ` +
        `maxPages`,
    );
}

async function* discoverSite(ctx: SourceContext<SiteSettings>): AsyncGenerator<Discovered> {
  const { settings } = ctx;
  const start = settings.startUrls.map((u) => normalizeUrl(u));
  const walk: Walk = {
    settings,
    patterns: patternsOf(settings),
    hosts: siteAllowedHosts(settings),
    queue: [],
    queued: new Set(start),
    yielded: new Set(),
    starts: new Set(start),
  };
  walk.queue.push(...start.map((url) => ({ url, depth: 0 })));
  const engine = await openEngine(settings.engine ?? "cheerio", ctx, { chromiumPath: ctx.chromiumPath });
  try {
    yield* walkSite(ctx, engine, walk);
  } finally {
    await engine.close();
  }
}

/**
 * A Source for one site entry of a sources file.
 * @example createSiteSource({ id: "jiu-reports", kind: "site", organization: "jiu", enabled: true, startUrls:
 *   ["https://www.unjiu.org/content/reports"], include: ["\\.pdf$"], exclude: [], maxDepth: 1, schedule: "0 4 * * 2",
 *   engine: "cheerio" })
 */
export function createSiteSource(settings: SiteSettings): Source<SiteSettings> {
  return {
    id: settings.id,
    kind: "site",
    organizationId: settings.organization,
    description: `site ${settings.startUrls.join(", ")}`,
    settings: siteSettings,
    defaults: settings,
    needsBrowser: (s) => s.engine === "playwright",
    discover: discoverSite,
  };
}
