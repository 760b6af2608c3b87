/** Debian's chromium and the flags it needs here (STACK.md). */
export const CHROMIUM_PATH = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * Prints a standalone HTML document to PDF with Debian's chromium through playwright-core.
 * The browser is loaded and launched only when a PDF is asked for, and always closed.
 * @example const pdf = await htmlToPdf(renderHtml(overview)); // %PDF-...
 */
export async function htmlToPdf(html: string, options: { executablePath?: string } = {}): Promise<Uint8Array> {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: options.executablePath ?? CHROMIUM_PATH, args: ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    const pdf = await page.pdf({ format: "A4", printBackground: true, margin: { top: "15mm", bottom: "15mm", left: "12mm", right: "12mm" }, displayHeaderFooter: true, headerTemplate: "<span></span>", footerTemplate: '<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>' });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
