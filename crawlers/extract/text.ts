import { ExtractError } from "../errors.ts";
import { decodeBytes, isTextual } from "../fetch/charset.ts";
import { extractHtml } from "./html.ts";
import { detectLanguage } from "./language.ts";
import { readPdf, type PdfOptions } from "./pdf.ts";

/**
 * Text of a fetched body, whatever it is: the one entry point the crawl run calls before the
 * analysis. PDFs give one string per page (facts cite pages); every other kind is one page.
 */

export interface ExtractInput {
  bytes: Uint8Array;
  /** Lower-case media type without parameters, as the fetcher reports it ("application/pdf"). */
  mediaType: string;
  /** Character set of textual bodies (from the fetcher); null to sniff. */
  charset: string | null;
  /** The document's URL, to resolve relative links. */
  url?: string;
}

export interface ExtractedText {
  pages: string[];
  title: string | null;
  /** "en" | "fr" | "es" | "pt", or the page's declared language when the text is too short to tell. */
  language: string | null;
}

const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);

/**
 * Dispatches on the media type: PDF → text per page, HTML → main text, other text (plain, CSV,
 * JSON, XML) → kept as text. Anything else (office files, images) throws ExtractError
 * "unsupported-media-type", recorded on the version like a malformed file.
 * @example const { pages, language } = await extractText({ bytes, mediaType: "application/pdf", charset: null });
 */
export async function extractText(input: ExtractInput, options: PdfOptions = {}): Promise<ExtractedText> {
  const { bytes, mediaType, charset } = input;
  if (mediaType === "application/pdf") {
    const { pages, title } = await readPdf(bytes, options);
    return { pages, title, language: detectLanguage(pages.join("\n")) };
  }
  if (HTML_TYPES.has(mediaType)) {
    const page = extractHtml(decodeBytes(bytes, charset), input.url);
    // Text decides over <html lang>: sites often keep one lang attribute on every translation.
    return { pages: [page.text], title: page.title, language: detectLanguage(page.text) ?? page.lang };
  }
  if (isTextual(mediaType)) {
    const text = decodeBytes(bytes, charset);
    return { pages: [text], title: null, language: detectLanguage(text) };
  }
  throw new ExtractError(
    "unsupported-media-type",
    `no text extraction for ${mediaType || "unknown media type"}; the version is stored without text`,
  );
}
