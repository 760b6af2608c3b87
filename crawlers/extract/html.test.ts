import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractHtml } from "./html.ts";

const page = readFileSync(new URL("../../test/fixtures/extract/unossc-page.html", import.meta.url), "utf8");

describe("extractHtml", () => {
  const result = extractHtml(page, "https://www.unsouthsouth.org/library/trust-fund/");

  it("keeps the main text in paragraphs and drops navigation, banners, forms, sidebars, scripts and footers", () => {
    expect(result.text).toBe(
      [
        "Pérez-Guerrero Trust Fund",
        "12 March 2024",
        "The fund supports South-South cooperation among developing countries.",
        "In 2023, it approved US$ 1.2 million for 21 projects.\nApplications close in May.",
        "Allocations (thousands of United States dollars)",
        "Year\tAmount",
        "2022\t950",
        "2023\t1 200",
        "Call for proposals",
        "Read the 2024 call",
      ].join("\n\n"),
    );
    for (const noise of [
      "About us",
      "Search",
      "window.dataLayer",
      "trackView",
      "Related",
      "©",
      "Next page",
      "font-family",
    ]) {
      expect(result.text).not.toContain(noise);
    }
  });

  it("reads title and primary language", () => {
    expect(result.title).toBe("South-South Cooperation Trust Fund – UNOSSC");
    expect(result.lang).toBe("en");
  });

  it("resolves links against <base href>, normalised, from the whole page (pagination included)", () => {
    const urls = result.links.map((l) => l.url);
    expect(result.links).toContainEqual({
      url: "https://www.unsouthsouth.org/library/projects/2023.pdf",
      text: "21 projects",
    });
    expect(result.links).toContainEqual({
      url: "https://www.unsouthsouth.org/news/call-2024/",
      text: "Read the 2024 call",
    });
    expect(result.links).toContainEqual({ url: "https://www.unsouthsouth.org/library/?page=2", text: "Next page" });
    expect(urls).toContain("https://www.unsouthsouth.org/about/");
    expect(urls.some((u) => /mailto|javascript|#/.test(u))).toBe(false);
    expect(new Set(urls).size).toBe(urls.length);
  });

  it("resolves against the page URL without <base>, and skips relative links when there is no URL", () => {
    const html = '<html><body><p><a href="doc.pdf">Doc</a> <a href="https://un.org/x">X</a></p></body></html>';
    expect(extractHtml(html, "https://un.org/a/b.html").links[0]).toEqual({
      url: "https://un.org/a/doc.pdf",
      text: "Doc",
    });
    expect(extractHtml(html).links).toEqual([{ url: "https://un.org/x", text: "X" }]);
  });

  it("handles fragments without html/body and pages without a title", () => {
    const result = extractHtml("<p>Un budget de 2 millions.</p><p>Deux postes.</p>");
    expect(result).toMatchObject({ title: null, lang: null, text: "Un budget de 2 millions.\n\nDeux postes." });
  });
});
