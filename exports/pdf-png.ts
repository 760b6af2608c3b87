import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { launchChromium } from "../browser/chromium.ts";

/**
 * Pictures of a PDF's pages, to look at what a reader sees (tests, README screenshots): chromium
 * (browser/chromium.ts) draws each page with pdf.js, the renderer pdf-parse ships, served to the
 * page from node_modules; nothing else is fetched.
 * @example const [first, second] = await pdfPagesToPng(pdfBytes, 2); // PNG bytes
 */
export async function pdfPagesToPng(
  pdf: Uint8Array,
  pages: number,
  options: { chromiumPath?: string; scale?: number } = {},
): Promise<Buffer[]> {
  // pdfjs-dist comes with pdf-parse (the project's PDF reader): resolve it from there.
  const fromPdfParse = createRequire(createRequire(import.meta.url).resolve("pdf-parse"));
  const files: Record<string, { body: Buffer; type: string }> = {
    "/pdf.mjs": { body: await readFile(fromPdfParse.resolve("pdfjs-dist/build/pdf.min.mjs")), type: "text/javascript" },
    "/pdf.worker.mjs": {
      body: await readFile(fromPdfParse.resolve("pdfjs-dist/build/pdf.worker.min.mjs")),
      type: "text/javascript",
    },
    "/doc.pdf": { body: Buffer.from(pdf), type: "application/pdf" },
    "/": {
      body: Buffer.from(PAGE.replace("__PAGES__", String(pages)).replace("__SCALE__", String(options.scale ?? 1.5))),
      type: "text/html",
    },
  };
  const browser = await launchChromium({ chromiumPath: options.chromiumPath });
  try {
    const context = await browser.newContext({ viewport: { width: 1000, height: 1400 } });
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      const file = url.host === "pdf.invalid" ? files[url.pathname] : undefined;
      return file ? route.fulfill({ body: file.body, contentType: file.type }) : route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    await page.goto("http://pdf.invalid/");
    await page.waitForSelector("body[data-done]", { timeout: 60_000 });
    const error = await page.getAttribute("body", "data-error");
    if (error) throw new Error(`pdf.js could not draw the PDF: ${error}`);
    const canvases = await page.locator("canvas").all();
    return await Promise.all(canvases.map((c) => c.screenshot({ type: "png" })));
  } finally {
    await browser.close().catch(() => undefined);
  }
}

const PAGE = `<!doctype html><html><body style="margin:0;background:#888">
<script type="module">
import * as pdfjs from "/pdf.mjs";
pdfjs.GlobalWorkerOptions.workerSrc = "/pdf.worker.mjs";
try {
  const doc = await pdfjs.getDocument({ url: "/doc.pdf" }).promise;
  for (let n = 1; n <= Math.min(__PAGES__, doc.numPages); n++) {
    const page = await doc.getPage(n);
    const viewport = page.getViewport({ scale: __SCALE__ });
    const canvas = document.createElement("canvas");
    canvas.width = viewport.width;
    canvas.height = viewport.height;
    canvas.style.display = "block";
    canvas.style.margin = "8px";
    document.body.append(canvas);
    await page.render({ canvasContext: canvas.getContext("2d"), canvas, viewport }).promise;
  }
} catch (e) {
  document.body.dataset.error = String(e && e.message || e);
}
document.body.dataset.done = "1";
</script></body></html>`;
