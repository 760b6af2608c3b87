import { describe, expect, it } from "vitest";
import { paragraphs, sentences, stripPageFurniture } from "./segment.ts";

describe("stripPageFurniture", () => {
  it("blanks running headers and page numbers with spaces, keeping offsets", () => {
    const pages = [1, 2, 3, 4].map((n) => `A/79/6 (Sect. 18)\nBody text of page ${n} about cooperation.\n${n}`);
    const out = stripPageFurniture(pages);
    for (const [k, p] of out.entries()) expect(p.length).toBe(pages[k].length);
    expect(out[1].trim()).toBe("Body text of page 2 about cooperation.");
  });

  it("keeps a single page as it is", () => {
    expect(stripPageFurniture(["Header\nText\n3"])).toEqual(["Header\nText\n3"]);
  });

  it("keeps body lines that merely resemble each other", () => {
    const pages = ["Intro\nThe Fund grew.", "Other\nThe Fund grew.", "Third\nSomething else."];
    expect(stripPageFurniture(pages)[0]).toContain("The Fund grew.");
  });
});

describe("paragraphs", () => {
  it("splits at blank lines and before enumerated items", () => {
    const text = "First paragraph ends here.\n\nSecond one.\n12. Numbered paragraph";
    expect(paragraphs(text).map((p) => text.slice(p.start, p.end))).toEqual([
      "First paragraph ends here.",
      "Second one.",
      "12. Numbered paragraph",
    ]);
  });

  it("keeps a table with its heading", () => {
    const text =
      "Table 18.21\nResource requirements: South-South cooperation\n(Thousands of United States dollars)\n" +
      "Regular budget 1 804.2";
    expect(paragraphs(text)).toHaveLength(1);
  });
});

describe("sentences", () => {
  const split = (text: string) =>
    sentences(text, { start: 0, end: text.length }).map((s) => text.slice(s.start, s.end));

  it("does not split after abbreviations, initials or U.S.", () => {
    expect(split("Mr. E. Praselj said U.S. dollars were sent. The Fund grew.")).toEqual([
      "Mr. E. Praselj said U.S. dollars were sent.",
      "The Fund grew.",
    ]);
  });

  it("splits at semicolons and at table lines", () => {
    expect(split("The total is $3 billion; the unit gets $2 million")).toHaveLength(2);
    expect(split("(Thousands of United States dollars)\nRegular budget 1 804.2\nOther 3.0")).toHaveLength(3);
  });
});
