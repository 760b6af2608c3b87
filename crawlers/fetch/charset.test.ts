import { describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { decodeBytes, detectCharset } from "./charset.ts";
import { resolveMediaType } from "./content.ts";

const html = (s: string, encoding = "utf-8") => new Uint8Array(iconv.encode(s, encoding));

describe("detectCharset", () => {
  it("prefers a BOM, then the header, then <meta>, then sniffing", () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...html("<p>é</p>")]);
    expect(detectCharset(bom, { mediaType: "text/html", headerCharset: "windows-1252" })).toBe("utf-8");
    expect(detectCharset(html("<p>é</p>", "latin1"), { mediaType: "text/html", headerCharset: "iso-8859-1" })).toBe(
      "iso-8859-1",
    );
    expect(
      detectCharset(html('<meta charset="windows-1252"><p>é</p>', "windows-1252"), {
        mediaType: "text/html",
        headerCharset: null,
      }),
    ).toBe("windows-1252");
    expect(detectCharset(html("<p>café</p>"), { mediaType: "text/html", headerCharset: null })).toBe("utf-8");
    expect(detectCharset(html("<p>café</p>", "windows-1252"), { mediaType: "text/html", headerCharset: null })).toBe(
      "windows-1252",
    );
  });

  it("reads a body that claims UTF-8 but is not as windows-1252", () => {
    const bytes = html("<p>café – 2024</p>", "windows-1252");
    const charset = detectCharset(bytes, { mediaType: "text/html", headerCharset: "utf-8" });
    expect(decodeBytes(bytes, charset)).toBe("<p>café – 2024</p>");
  });

  it("reads the encoding of an XML declaration, and none for binary types", () => {
    expect(
      detectCharset(html('<?xml version="1.0" encoding="ISO-8859-1"?><a/>'), {
        mediaType: "application/xml",
        headerCharset: null,
      }),
    ).toBe("iso-8859-1");
    expect(detectCharset(html("%PDF-1.7"), { mediaType: "application/pdf", headerCharset: null })).toBeNull();
  });

  it("ignores labels it does not know", () => {
    expect(detectCharset(html("<p>café</p>"), { mediaType: "text/html", headerCharset: "x-unknown" })).toBe("utf-8");
  });
});

describe("resolveMediaType", () => {
  it("trusts the bytes over a generic or wrong header", () => {
    expect(resolveMediaType(html("%PDF-1.4\n"), "text/html", "https://x.org/a")).toBe("application/pdf");
    expect(resolveMediaType(html("<!DOCTYPE html><html></html>"), "application/pdf", "https://x.org/a.pdf")).toBe(
      "text/html",
    );
    expect(
      resolveMediaType(new Uint8Array([0x50, 0x4b, 3, 4, 0]), "application/octet-stream", "https://x.org/budget.xlsx"),
    ).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(resolveMediaType(html('{"a":1}'), "", "https://x.org/api")).toBe("application/json");
    expect(resolveMediaType(html("<rss version='2.0'></rss>"), "application/octet-stream", "https://x.org/feed")).toBe(
      "application/xml",
    );
    expect(resolveMediaType(html("plain words"), "text/csv", "https://x.org/a.csv")).toBe("text/csv");
  });
});
