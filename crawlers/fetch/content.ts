import { MIMEType } from "node:util";
import type { Expect } from "../types.ts";
import { FetchError } from "../errors.ts";
import { decodeBytes } from "./charset.ts";

/**
 * What a body really is. Servers label PDFs application/octet-stream, answer a missing PDF with
 * their HTML "not found" page and status 200, or send an empty 200 for a document that does not
 * exist (ODS). The bytes decide: a "PDF" that is HTML or empty is a recorded failure, not a document.
 */

/** Content-Type values that say nothing about the content. */
const GENERIC_TYPES = new Set([
  "",
  "application/octet-stream",
  "binary/octet-stream",
  "application/binary",
  "application/x-download",
  "application/force-download",
  "application/download",
  "application/unknown",
]);

const OFFICE_BY_EXTENSION: Record<string, string> = {
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

/**
 * A Content-Type header's lower-case media type and charset, read by the platform's `MIMEType`
 * (quoted parameters, spaces and case as the spec has them). A header that is no media type
 * ("pdf", "") says nothing: the media type is "" and the bytes decide.
 * @example parseContentType('text/html; charset="UTF-8"') // { mediaType: "text/html", charset: "utf-8" }
 */
export function parseContentType(header: string | null): { mediaType: string; charset: string | null } {
  try {
    const type = new MIMEType(header ?? "");
    return { mediaType: type.essence, charset: type.params.get("charset")?.toLowerCase() || null };
  } catch {
    return { mediaType: "", charset: null };
  }
}

function head(bytes: Uint8Array, length = 1024): string {
  return Buffer.from(bytes.subarray(0, length)).toString("latin1");
}

/** The PDF spec lets the header sit anywhere in the first 1024 bytes; some servers prepend junk. */
export function isPdf(bytes: Uint8Array): boolean {
  return head(bytes).includes("%PDF-");
}

function startOfText(bytes: Uint8Array): string {
  return head(bytes)
    .replace(/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, "")
    .replace(/\0/g, "")
    .trimStart()
    .toLowerCase();
}

export function looksLikeHtml(bytes: Uint8Array): boolean {
  const start = startOfText(bytes);
  if (/<!doctype html|<html[\s>]/.test(start)) return true;
  return /^<(head|body|title|meta|div|p|table|h[1-6]|script|style|a|br|span|link)[\s>/]/.test(start);
}

function looksLikeXml(bytes: Uint8Array): boolean {
  return /^<(\?xml|[a-z_][\w.:-]*[\s>/])/.test(startOfText(bytes)) && !looksLikeHtml(bytes);
}

function isBinary(bytes: Uint8Array): boolean {
  const h = head(bytes, 512);
  if (/^(\xff\xfe|\xfe\xff)/.test(h)) return false; // UTF-16 text is full of NULs
  return h.includes("\0");
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function isOle(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

function extensionOf(url: string): string {
  try {
    return (/\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1] ?? "").toLowerCase();
  } catch {
    return "";
  }
}

function sniff(bytes: Uint8Array, url: string): string {
  if (isPdf(bytes)) return "application/pdf";
  if (isZip(bytes) || isOle(bytes))
    return OFFICE_BY_EXTENSION[extensionOf(url)] ?? (isZip(bytes) ? "application/zip" : "application/x-ole-storage");
  if (isBinary(bytes)) return "application/octet-stream";
  if (looksLikeHtml(bytes)) return "text/html";
  if (looksLikeXml(bytes)) return "application/xml";
  if (/^[{[]/.test(startOfText(bytes))) return "application/json";
  return "text/plain";
}

/**
 * The media type of a body: the declared one unless it is generic or contradicted by the bytes
 * (a PDF is a PDF whatever the header says; a "PDF" that is not one is sniffed).
 * @example resolveMediaType(pdfBytes, "application/octet-stream", url) // "application/pdf"
 */
export function resolveMediaType(bytes: Uint8Array, declared: string, url: string): string {
  if (bytes.length > 0 && isPdf(bytes)) return "application/pdf";
  if (GENERIC_TYPES.has(declared) || (declared === "application/pdf" && bytes.length > 0)) return sniff(bytes, url);
  return declared;
}

const isHtmlType = (t: string) => t === "text/html" || t === "application/xhtml+xml";
const isOfficeType = (t: string) => Object.values(OFFICE_BY_EXTENSION).includes(t);

function describe(bytes: Uint8Array, mediaType: string): string {
  if (looksLikeHtml(bytes) || isHtmlType(mediaType)) return "an HTML page (probably an error or login page)";
  const preview = JSON.stringify(head(bytes, 24));
  return `${mediaType || "unknown content"} starting with ${preview}`;
}

function isParsableJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(decodeBytes(bytes, "utf-8"));
    return true;
  } catch {
    return false;
  }
}

function matches(expect: Expect, bytes: Uint8Array, mediaType: string, declared: string, partial: boolean): boolean {
  const html = !isPdf(bytes) && (looksLikeHtml(bytes) || (isHtmlType(mediaType) && !isBinary(bytes)));
  switch (expect) {
    case "pdf":
      return isPdf(bytes);
    case "html":
      return html;
    case "json":
      return partial ? /^[{[]/.test(startOfText(bytes)) : isParsableJson(bytes);
    case "xml":
      return looksLikeXml(bytes);
    case "document":
      if (declared === "application/pdf") return isPdf(bytes);
      return isPdf(bytes) || html || isOfficeType(mediaType);
    case "any":
      return true;
  }
}

const EXPECTED_LABEL: Record<Expect, string> = {
  pdf: "a PDF",
  html: "an HTML page",
  json: "JSON",
  xml: "XML",
  document: "a document (PDF, HTML or office file)",
  any: "content",
};

/**
 * Throws a permanent FetchError unless the body is what the caller expects: "empty-body" for an
 * empty answer (whatever was expected), "bad-content" for the wrong kind of content.
 * `partial`: only the start of the body is given (a stream); JSON is then judged by its first byte.
 */
export function assertExpected(
  expect: Expect,
  bytes: Uint8Array,
  info: { mediaType: string; declared: string; url: string; status: number; partial?: boolean },
): void {
  const expected = EXPECTED_LABEL[expect];
  if (bytes.length === 0) {
    const message =
      `${info.url} answered ${info.status} with an empty body where ${expected} was expected; recorded ` +
      `as a failure, not a document`;
    throw new FetchError("empty-body", message, info.url, { status: info.status });
  }
  if (!matches(expect, bytes, info.mediaType, info.declared, info.partial ?? false)) {
    const message =
      `${info.url} answered ${describe(bytes, info.mediaType)} where ${expected} was expected; ` +
      `recorded as a failure, not a document`;
    throw new FetchError("bad-content", message, info.url, { status: info.status });
  }
}
