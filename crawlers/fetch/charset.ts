import iconv from "iconv-lite";

/**
 * Character sets of fetched text. Publishers' pages come in UTF-8, windows-1252 and ISO-8859-1,
 * declared in the header, in a <meta> tag, by a BOM, or not at all. The order follows browsers
 * (BOM, then header, then <meta>/XML declaration, then sniffing), with one pragmatic exception:
 * a body declared UTF-8 that is not valid UTF-8 is read as windows-1252, because that is what
 * such misconfigured sites actually send, and U+FFFD in place of "é" would lose the text.
 */

const TEXTUAL = /^(text\/|application\/(xhtml\+xml|xml|json|ld\+json|javascript|rss\+xml|atom\+xml)$|.*\+(xml|json)$)/;

/** True for media types whose body is text in some character set. */
export function isTextual(mediaType: string): boolean {
  return TEXTUAL.test(mediaType);
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/** A label iconv-lite knows, lower-cased; null for unknown labels (they are ignored). */
function knownLabel(label: string | null | undefined): string | null {
  if (!label) return null;
  const clean = label
    .trim()
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
  return clean !== "" && iconv.encodingExists(clean) ? clean : null;
}

/** <meta charset>, <meta http-equiv content="...; charset=..."> or <?xml encoding="..."?> near the top. */
function declaredInBody(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString("latin1");
  const meta = /<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) return knownLabel(meta[1]);
  const xml = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  return xml ? knownLabel(xml[1]) : null;
}

const utf8Strict = new TextDecoder("utf-8", { fatal: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function isUtf8Label(label: string): boolean {
  return label === "utf-8" || label === "utf8";
}

/**
 * The character set to read `bytes` with; null for binary media types (PDF, images, zip).
 * @example detectCharset(bytes, { mediaType: "text/html", headerCharset: null }) // "windows-1252"
 */
export function detectCharset(
  bytes: Uint8Array,
  info: { mediaType: string; headerCharset: string | null },
): string | null {
  if (!isTextual(info.mediaType)) return null;
  const bom = bomCharset(bytes);
  if (bom) return bom;
  const declared = knownLabel(info.headerCharset) ?? declaredInBody(bytes);
  if (declared && !(isUtf8Label(declared) && !isValidUtf8(bytes))) return declared;
  return isValidUtf8(bytes) ? "utf-8" : "windows-1252";
}

/**
 * Decodes `bytes` as `charset` (BOM removed). ISO-8859-1 and US-ASCII are read as windows-1252,
 * their superset, as browsers do: pages labelled Latin-1 use its curly quotes and dashes.
 * Unknown or missing labels fall back to sniffing.
 */
export function decodeBytes(bytes: Uint8Array, charset: string | null): string {
  let label = knownLabel(charset) ?? detectCharset(bytes, { mediaType: "text/plain", headerCharset: null }) ?? "utf-8";
  if (["iso-8859-1", "iso8859-1", "latin1", "l1", "us-ascii", "ascii"].includes(label)) label = "windows-1252";
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), label, { stripBOM: true });
}
