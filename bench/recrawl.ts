/**
 * The cost of re-crawling an unchanged site against the first crawl (bytes and seconds).
 * Serves a local site of 1,000 small documents (half PDF, half HTML) with ETags on 127.0.0.1,
 * crawls it into a fresh PGlite database (or the server in DATABASE_URL), then crawls it again.
 * Run: npx tsx bench/recrawl.ts [--documents N] (or `npm run bench -- recrawl`). Prints one JSON line.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { runCrawl, type CrawlSummary } from "../crawlers/run.ts";
import { createSiteSource } from "../crawlers/sources/site.ts";
import { siteAllowedHosts, type SiteSettings } from "../crawlers/sources/site-settings.ts";
import { makePdf } from "../test/fixtures/make-pdf.ts";

const PER_LISTING_PAGE = 100;

interface Served {
  body: Buffer;
  type: string;
  etag: string;
}

function buildSite(count: number): Map<string, Served> {
  const pages = new Map<string, Served>();
  const put = (path: string, body: Buffer, type: string) =>
    pages.set(path, { body, type, etag: `"${createHash("sha1").update(body).digest("hex")}"` });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const text =
      `Document ${i}\nThe South-South cooperation unit had ${i % 7} P-3 posts and a budget of US$ ` +
      `${(i + 1) * 1000}.`;
    if (i % 2 === 0) put(`/docs/d${i}.pdf`, makePdf([text, `Annex ${i}`]), "application/pdf");
    else
      put(
        `/docs/d${i}.html`,
        Buffer.from(
          `<!doctype html><html lang="en"><head><title>Document ` +
            `${i}</title></head><body><main><p>${text}</p></main></body></html>`,
        ),
        "text/html; charset=utf-8",
      );
    paths.push(i % 2 === 0 ? `/docs/d${i}.pdf` : `/docs/d${i}.html`);
  }
  const listings = Math.ceil(count / PER_LISTING_PAGE);
  for (let p = 1; p <= listings; p++) {
    const items = paths
      .slice((p - 1) * PER_LISTING_PAGE, p * PER_LISTING_PAGE)
      .map((h) => `<li><a href="${h}">${h}</a></li>`)
      .join("");
    const next = p < listings ? `<a rel="next" href="/list?page=${p + 1}">next</a>` : "";
    put(
      p === 1 ? "/list" : `/list?page=${p}`,
      Buffer.from(`<!doctype html><html><body><ul>${items}</ul>${next}</body></html>`),
      "text/html; charset=utf-8",
    );
  }
  return pages;
}

function serve(pages: Map<string, Served>, stats: { requests: number; bytesSent: number; notModified: number }) {
  return (req: IncomingMessage, res: ServerResponse) => {
    stats.requests += 1;
    const page = pages.get(req.url ?? "/");
    if (!page) return void res.writeHead(404).end();
    if (req.headers["if-none-match"] === page.etag) {
      stats.notModified += 1;
      return void res.writeHead(304, { etag: page.etag }).end();
    }
    stats.bytesSent += page.body.byteLength;
    res
      .writeHead(200, { "content-type": page.type, "content-length": String(page.body.byteLength), etag: page.etag })
      .end(page.body);
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { documents: { type: "string", default: "1000" } } });
  const count = Number(values.documents);
  const stats = { requests: 0, bytesSent: 0, notModified: 0 };
  const server = createServer(serve(buildSite(count), stats));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dataDir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), "ssc-bench-recrawl-"));
  const handle = await createDb({ databaseUrl: process.env.DATABASE_URL, dataDir });
  await migrate(handle);
  const settings: SiteSettings = {
    id: `bench-site-${Date.now().toString(36)}`,
    kind: "site",
    organization: "unossc",
    enabled: true,
    startUrls: [`${base}/list`],
    include: ["/docs/"],
    exclude: [],
    maxDepth: 1,
    schedule: "0 3 * * 1",
    engine: "cheerio",
  };
  settings.allowedHosts = siteAllowedHosts(settings);
  const source = createSiteSource(settings);
  const fetcherOptions = {
    userAgent: "ssc-monitor-bench/0.1 (+mailto:bench@example.org)",
    perHostDelayMs: 0,
    respectRobots: false,
    perHostConcurrency: 4,
  };
  const once = async () => {
    const before = { ...stats };
    const started = performance.now();
    const summary: CrawlSummary = await runCrawl({ db: handle.db, source, settings, fetcherOptions, concurrency: 4 });
    const seconds = (performance.now() - started) / 1000;
    return {
      seconds: +seconds.toFixed(2),
      bytesReceived: summary.bytes,
      bytesSent: stats.bytesSent - before.bytesSent,
      requests: stats.requests - before.requests,
      notModified: stats.notModified - before.notModified,
      ...pick(summary),
    };
  };
  try {
    const first = await once();
    const recrawl = await once();
    const out = {
      bench: "recrawl",
      documents: count,
      database: handle.kind,
      settings:
        "perHostDelayMs 0, respectRobots false, 4 requests at once, analysis not run (a local server; real crawls " +
        "wait per host and read robots.txt)",
      first,
      recrawl,
      recrawlBytesShare: +(recrawl.bytesReceived / Math.max(1, first.bytesReceived)).toFixed(4),
      recrawlTimeShare: +(recrawl.seconds / Math.max(0.001, first.seconds)).toFixed(3),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await handle.close();
    server.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

function pick(s: CrawlSummary) {
  return {
    status: s.status,
    fetched: s.fetched,
    new: s.new,
    changed: s.changed,
    unchanged: s.unchanged,
    failed: s.failed,
  };
}

await main();
