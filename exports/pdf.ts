import PQueue from "p-queue";
import type { Browser } from "playwright-core";
import { launchChromium } from "../browser/chromium.ts";
import { UnavailableError } from "../errors.ts";

const PDF_OPTIONS = {
  format: "A4",
  printBackground: true,
  margin: { top: "15mm", bottom: "15mm", left: "12mm", right: "12mm" },
  displayHeaderFooter: true,
  headerTemplate: "<span></span>",
  footerTemplate:
    '<div style="font-size:8px;width:100%;text-align:center">' +
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>',
} as const;

/**
 * PDF rendering is one queue per process (concurrency 1): anyone may ask for /overview/:year.pdf,
 * and a Chromium per request would let a handful of readers exhaust the server. One browser is
 * launched lazily, reused by every job waiting in the queue, and closed as soon as the queue is
 * empty (so a CLI export exits at once). Beyond MAX_WAITING jobs, a request is refused (503).
 */
export const MAX_WAITING = 16;

export interface PdfRenderStats {
  /** Renders running now: never more than 1. */
  active: number;
  /** The most renders ever running at once in this process. */
  maxActive: number;
  /** Jobs in the queue, the running one included. */
  waiting: number;
  launches: number;
  renders: number;
}

const counters = { maxActive: 0, launches: 0, renders: 0 };
const queue = new PQueue({ concurrency: 1 });
let shared: { browser: Browser; chromiumPath: string | undefined } | null = null;

/** A copy of the queue's counters (for tests and health checks). */
export function pdfRenderStats(): PdfRenderStats {
  return { ...counters, active: queue.pending, waiting: queue.size + queue.pending };
}

/**
 * Prints a standalone HTML document to PDF with chromium (browser/chromium.ts) through
 * playwright-core, one document at a time per process (see MAX_WAITING), with JavaScript off and
 * every request blocked.
 * @example const pdf = await htmlToPdf(renderHtml(overview)); // %PDF-...
 */
export function htmlToPdf(html: string, options: { chromiumPath?: string } = {}): Promise<Uint8Array> {
  const waiting = queue.size + queue.pending;
  if (waiting >= MAX_WAITING) {
    return Promise.reject(
      new UnavailableError(
        `${waiting} PDF exports are already waiting; try again in a minute, or download the HTML export and print it`,
      ),
    );
  }
  return queue.add(() => renderJob(html, options.chromiumPath), { throwOnTimeout: true });
}

async function renderJob(html: string, chromiumPath: string | undefined): Promise<Uint8Array> {
  counters.maxActive = Math.max(counters.maxActive, queue.pending);
  try {
    const browser = await browserFor(chromiumPath);
    // The HTML holds text taken from crawled documents: no scripts run, and nothing is fetched.
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      await context.route("**/*", (route) => route.abort("blockedbyclient"));
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: "load" });
      const pdf = await page.pdf(PDF_OPTIONS);
      counters.renders += 1;
      return new Uint8Array(pdf);
    } finally {
      await context.close().catch(() => undefined);
    }
  } finally {
    // Closed inside the queue when nobody waits: the next job never meets a browser half closed.
    if (queue.size === 0) await closeBrowser();
  }
}

async function browserFor(chromiumPath: string | undefined): Promise<Browser> {
  if (shared && (!shared.browser.isConnected() || shared.chromiumPath !== chromiumPath)) await closeBrowser();
  if (!shared) {
    const browser = await launchChromium({ chromiumPath });
    counters.launches += 1;
    shared = { browser, chromiumPath };
  }
  return shared.browser;
}

async function closeBrowser(): Promise<void> {
  const current = shared;
  shared = null;
  await current?.browser.close().catch(() => undefined);
}
