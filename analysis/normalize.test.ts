import { describe, expect, it } from "vitest";
import { normalize, toOriginal } from "./normalize.ts";

describe("normalize", () => {
  it("folds accents, quotes and dashes without changing offsets", () => {
    const src = "coopération Sud–Sud d’USD";
    const n = normalize(src);
    expect(n.text).toBe("cooperation Sud-Sud d'USD");
    const at = n.text.indexOf("Sud-Sud");
    const [s, e] = toOriginal(n, at, at + 7);
    expect(src.slice(s, e)).toBe("Sud–Sud");
  });

  it("joins line-end hyphenation and maps the joined word back to the original span", () => {
    const src = "triangular coopera-\n   tion fund";
    const n = normalize(src);
    expect(n.text).toBe("triangular cooperation fund");
    const at = n.text.indexOf("cooperation");
    const [s, e] = toOriginal(n, at, at + "cooperation".length);
    expect(src.slice(s, e)).toBe("coopera-\n   tion");
  });

  it("keeps a hyphen before a capital on the next line (South-\\nSouth is a compound)", () => {
    expect(normalize("South-\nSouth").text).toBe("South-\nSouth");
  });

  it("collapses NBSP, narrow NBSP and blank lines but keeps paragraph breaks", () => {
    const n = normalize("US$\u00a01\u202f200\u202f000\n\n\nNext");
    expect(n.text).toBe("US$ 1 200 000\n\nNext");
  });

  it("drops superscript footnote markers and soft hyphens", () => {
    expect(normalize("coopera\u00adtion\u00b9 fund").text).toBe("cooperation  fund");
  });

  it("lower-cases into a twin of the same length", () => {
    const n = normalize("Fonds IBSA – Coopération");
    expect(n.lower.length).toBe(n.text.length);
    expect(n.lower).toBe("fonds ibsa - cooperation");
  });
});
