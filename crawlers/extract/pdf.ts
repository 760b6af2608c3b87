import type { PDFParse } from "pdf-parse";
import { ExtractError } from "../errors.ts";

/**
 * Text per page from a PDF with pdf-parse (pdf.js). Guarded because publishers' PDFs include
 * broken, truncated and password-protected files: every failure becomes an ExtractError with a
 * reason the crawl run records on the version, the parse is bounded in time, and the parser is
 * always destroyed so pdf.js releases its document (and never keeps the process alive).
 */

export interface PdfText {
  /** One string per page, in page order ("" for a page without text, e.g. a scan). */
  pages: string[];
  /** The document's /Title metadata, when it has a non-empty one. */
  title: string | null;
}

export interface PdfOptions {
  /** Longest time a parse may take before it is abandoned as "timeout". Default 120000. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DESTROY_WAIT_MS = 1000;

/** Destroys the parser, waiting a bounded time: a parser stuck on a bad file must not hang the caller. */
async function destroyWithin(parser: PDFParse, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs).unref()));
  await Promise.race([parser.destroy().catch(() => undefined), gaveUp]);
  clearTimeout(timer);
}

function toExtractError(error: unknown): ExtractError {
  if (error instanceof ExtractError) return error;
  const name = (error as Error)?.name ?? "";
  const message = (error as Error)?.message ?? String(error);
  if (name === "PasswordException") {
    return new ExtractError(
      "encrypted-pdf",
      "encrypted PDF: its text needs a password; recorded on the version, not retried",
      { cause: error },
    );
  }
  return new ExtractError("malformed-pdf", `malformed PDF: ${message}`, { cause: error });
}

function timeoutError(timeoutMs: number): ExtractError {
  return new ExtractError(
    "timeout",
    `PDF text extraction took longer than ${timeoutMs} ms and was abandoned; recorded on the version`,
  );
}

/** Bounds a parse that stops making progress (a pdf.js promise that never settles). */
function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(timeoutMs)), timeoutMs);
  });
  // The loser of the race must not surface later as an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function cleanTitle(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const title = value.replace(/\s+/g, " ").trim();
  return title === "" ? null : title;
}

/**
 * Page by page, yielding to the event loop between pages: pdf.js in Node works on the main
 * thread in microtasks, so a long document would otherwise starve timers (the timeout included)
 * and every other request of the process until it is done.
 */
async function parse(parser: PDFParse, deadlineAtMs: number, timeoutMs: number): Promise<PdfText> {
  const head = await parser.getText({ first: 1 });
  const texts = head.pages.map((p) => p.text);
  for (let num = 2; num <= head.total; num++) {
    await yieldToEventLoop();
    if (Date.now() > deadlineAtMs) throw timeoutError(timeoutMs);
    const page = await parser.getText({ partial: [num] });
    texts.push(page.pages[0]?.text ?? "");
  }
  const info = await parser.getInfo().catch(() => null);
  return {
    pages: texts.map((t) => t.replace(/[ \t]+$/gm, "").trim()),
    title: cleanTitle((info?.info as Record<string, unknown> | undefined)?.Title),
  };
}

/**
 * Reads the text of every page and the title.
 * @example const { pages, title } = await readPdf(bytes); // pages[3] is the text of page 4
 */
export async function readPdf(bytes: Uint8Array, options: PdfOptions = {}): Promise<PdfText> {
  if (bytes.byteLength === 0) throw new ExtractError("malformed-pdf", "malformed PDF: the file is empty");
  // Loaded on first use: pdf.js is heavy and most importers of extract/ only need HTML.
  const { PDFParse } = await import("pdf-parse");
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy, not the caller's bytes.
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return await withTimeout(parse(parser, Date.now() + timeoutMs, timeoutMs), timeoutMs);
  } catch (error) {
    throw toExtractError(error);
  } finally {
    await destroyWithin(parser, DESTROY_WAIT_MS);
  }
}

/**
 * One string per page; throws ExtractError "malformed PDF: ..." or "encrypted PDF: ...".
 * @example const pages = await extractPdfPages(bytes); // ["Page 1 text", "Page 2 text"]
 */
export async function extractPdfPages(bytes: Uint8Array, options: PdfOptions = {}): Promise<string[]> {
  return (await readPdf(bytes, options)).pages;
}
