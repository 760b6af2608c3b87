import { describe, expect, it } from "vitest";
import { pageLink } from "./page-link.ts";

describe("pageLink, the one rule for evidence links", () => {
  it("opens a document at its page, also when its address does not end in .pdf", () => {
    expect(pageLink("https://example.org/budget.pdf", 12)).toBe("https://example.org/budget.pdf#page=12");
    expect(pageLink("https://example.org/access?s=A/80/6&t=pdf", 3)).toBe(
      "https://example.org/access?s=A/80/6&t=pdf#page=3",
    );
  });

  it("replaces a fragment the address had rather than stacking a second one", () => {
    expect(pageLink("https://example.org/r.pdf#page=2", 5)).toBe("https://example.org/r.pdf#page=5");
  });

  it("leaves the address as it is without a usable page", () => {
    for (const page of [null, undefined, 0, -1, 1.5])
      expect(pageLink("https://example.org/r.pdf#top", page)).toBe("https://example.org/r.pdf#top");
    expect(pageLink("", 4)).toBe("");
  });
});
