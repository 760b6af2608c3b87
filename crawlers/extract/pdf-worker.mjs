// @ts-check
// The PDF parse itself, in a worker thread (see pdf-sandbox.ts). Plain JavaScript on purpose: a
// worker thread does not inherit tsx's loader when the CLI registers it in-process, nor vitest's,
// so this file must run on bare Node. It only talks to pdf-parse and to its parent.
import { parentPort } from "node:worker_threads";
import { PDFParse } from "pdf-parse";

const DESTROY_WAIT_MS = 1000;

// pdf.js may print warnings; the CLI's stdout carries JSON lines, and a failure comes back as an
// error anyway. (Piping the worker's stdio instead would keep the parent process alive.)
for (const method of /** @type {const} */ (["log", "info", "warn", "error", "debug"])) console[method] = () => {};

/** @param {string} text */
const tidy = (text) => text.replace(/[ \t]+$/gm, "").trim();

/** @param {unknown} value */
function cleanTitle(value) {
  if (typeof value !== "string") return null;
  const title = value.replace(/\s+/g, " ").trim();
  return title === "" ? null : title;
}

const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Page by page, so the parent's deadline is also checked here between pages (cheaper than
 * killing the worker), and the page texts never pile up in pdf.js's caches.
 * @param {PDFParse} parser
 * @param {number} deadlineAtMs
 * @param {number} maxTextChars
 */
async function parse(parser, deadlineAtMs, maxTextChars) {
  const head = await parser.getText({ first: 1 });
  const texts = head.pages.map((p) => tidy(p.text));
  let chars = texts.reduce((n, t) => n + t.length, 0);
  for (let num = 2; num <= head.total; num++) {
    if (chars > maxTextChars) break;
    await yieldToEventLoop();
    if (Date.now() > deadlineAtMs) return { timeout: true };
    const page = await parser.getText({ partial: [num] });
    const text = tidy(page.pages[0]?.text ?? "");
    chars += text.length;
    texts.push(text);
  }
  if (chars > maxTextChars) return { tooMuchText: chars };
  const info = await parser.getInfo().catch(() => null);
  return { pages: texts, title: cleanTitle(info?.info?.Title) };
}

/** @param {PDFParse} parser */
async function destroyWithin(parser) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const gaveUp = new Promise((resolve) => (timer = setTimeout(resolve, DESTROY_WAIT_MS)));
  await Promise.race([parser.destroy().catch(() => undefined), gaveUp]);
  clearTimeout(timer);
}

parentPort?.on(
  "message",
  async (/** @type {{ id: number, bytes: Uint8Array, timeoutMs: number, maxTextChars: number }} */ job) => {
    const parser = new PDFParse({
      data: job.bytes,
      verbosity: 0,
      // No code generated from the file (font programs compiled with eval), no XFA forms.
      isEvalSupported: false,
      enableXfa: false,
    });
    try {
      const result = await parse(parser, Date.now() + job.timeoutMs, job.maxTextChars);
      parentPort?.postMessage({ id: job.id, ...result });
    } catch (error) {
      const e = /** @type {Error} */ (error);
      parentPort?.postMessage({
        id: job.id,
        error: { name: e?.name ?? "Error", message: e?.message ?? String(error) },
      });
    } finally {
      await destroyWithin(parser);
    }
  },
);
