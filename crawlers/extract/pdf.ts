import { ExtractError } from "../errors.ts";
import { parseInSandbox, type SandboxLimits, type SandboxOutcome } from "./pdf-sandbox.ts";

/**
 * Text per page from a PDF with pdf-parse (pdf.js). Guarded because publishers' PDFs include
 * broken, truncated and password-protected files, and a crawler of the public web meets hostile
 * ones (compression bombs, huge streams, deep nesting): the parse runs in a worker thread
 * (pdf-sandbox.ts) bounded in time, memory and text, and every failure becomes an ExtractError
 * with a reason the crawl run records on the version.
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
  /** Memory one parse may take (its heap, and the process's growth while it runs). Default 512. */
  maxMemoryMb?: number;
  /** Most characters of text one document may give. Default 10 million (a 1,000-page budget has about 4). */
  maxTextChars?: number;
}

const DEFAULTS: SandboxLimits = { timeoutMs: 120_000, maxMemoryMb: 512, maxTextChars: 10_000_000 };

function toExtractError(outcome: Exclude<SandboxOutcome, { pages: string[] }>): ExtractError {
  if ("limit" in outcome) {
    if (outcome.limit === "timeout")
      return new ExtractError(
        "timeout",
        `PDF text extraction took longer than ${outcome.detail} and was abandoned; recorded on the version`,
      );
    if (outcome.limit === "memory")
      return new ExtractError(
        "too-large",
        `PDF needs too much memory to read (${outcome.detail}; a compression bomb or a huge stream?); the reader was ` +
          `stopped and the failure recorded on the version`,
      );
    return new ExtractError(
      "too-large",
      `PDF gives too much text (${outcome.detail}); recorded on the version, not stored`,
    );
  }
  const { name, message } = outcome.error;
  if (name === "PasswordException") {
    return new ExtractError(
      "encrypted-pdf",
      "encrypted PDF: its text needs a password; recorded on the version, not retried",
    );
  }
  return new ExtractError("malformed-pdf", `malformed PDF: ${message}`);
}

/**
 * Reads the text of every page and the title.
 * @example const { pages, title } = await readPdf(bytes); // pages[3] is the text of page 4
 */
export async function readPdf(bytes: Uint8Array, options: PdfOptions = {}): Promise<PdfText> {
  if (bytes.byteLength === 0) throw new ExtractError("malformed-pdf", "malformed PDF: the file is empty");
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const outcome = await parseInSandbox(bytes, { ...DEFAULTS, ...defined });
  if ("pages" in outcome) return outcome;
  throw toExtractError(outcome);
}

/**
 * One string per page; throws ExtractError "malformed PDF: ...", "encrypted PDF: ...", or a limit.
 * @example const pages = await extractPdfPages(bytes); // ["Page 1 text", "Page 2 text"]
 */
export async function extractPdfPages(bytes: Uint8Array, options: PdfOptions = {}): Promise<string[]> {
  return (await readPdf(bytes, options)).pages;
}
