import { describe, expect, it } from "vitest";
import { isHttpUrl, normalizeUrl } from "./url.ts";

describe("normalizeUrl", () => {
  it("makes links to one document identical", () => {
    const variants = [
      "https://www.UNDP.org:443/publications/report.pdf?lang=en&year=2024",
      "https://www.undp.org/publications/report.pdf?year=2024&lang=en#page=4",
      "https://www.undp.org/publications/./report.pdf?utm_source=twitter&year=2024&utm_medium=social&lang=en&fbclid=I" +
        "wAR0",
      "https://www.undp.org/publications/report.pdf?gclid=x&mc_cid=1&mc_eid=2&_ga=3&lang=en&year=2024",
    ];
    expect(new Set(variants.map((v) => normalizeUrl(v)))).toEqual(
      new Set(["https://www.undp.org/publications/report.pdf?lang=en&year=2024"]),
    );
  });

  it("resolves relative links against a base", () => {
    expect(normalizeUrl("../docs/a.pdf#x", "https://example.org/news/list.html")).toBe(
      "https://example.org/docs/a.pdf",
    );
    expect(normalizeUrl("?page=2", "http://example.org:8080/list?page=1")).toBe("http://example.org:8080/list?page=2");
  });

  it("keeps parameter encoding and the order of repeated names", () => {
    expect(normalizeUrl("https://documents.un.org/api/symbol/access?t=pdf&s=A%2F78%2F290&l=E")).toBe(
      "https://documents.un.org/api/symbol/access?l=E&s=A%2F78%2F290&t=pdf",
    );
    expect(normalizeUrl("https://x.org/s?fl=b&q=1&fl=a")).toBe("https://x.org/s?fl=b&fl=a&q=1");
  });

  it("drops an empty query and default ports", () => {
    expect(normalizeUrl("http://example.org:80/a?utm_campaign=x")).toBe("http://example.org/a");
    expect(normalizeUrl("https://example.org/a?")).toBe("https://example.org/a");
  });

  it("throws on what is not a URL", () => {
    expect(() => normalizeUrl("not a url")).toThrow(TypeError);
    expect(isHttpUrl("mailto:someone@un.org")).toBe(false);
    expect(isHttpUrl("https://un.org")).toBe(true);
  });
});
