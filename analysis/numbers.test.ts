import { describe, expect, it } from "vitest";
import { parseNumber, wordValue } from "./numbers.ts";

describe("parseNumber", () => {
  it.each([
    ["1,234.5", "en", false, 1234.5],
    ["1.234,5", "es", false, 1234.5],
    ["1 234,5", "fr", false, 1234.5],
    ["1 804.2", "en", false, 1804.2],
    ["1.486.300", "es", false, 1486300],
    ["2,876,500", "en", false, 2876500],
    ["35.000", "es", false, 35000],
    ["3,2", "pt", true, 3.2],
    ["45.2", "es", true, 45.2],
    ["0.7", "en", true, 0.7],
    ["1,250", "fr", true, 1.25],
    ["1.250", "en", true, 1.25],
    ["1,250", "en", false, 1250],
    ["400,000.00", "en", false, 400000],
  ] as const)("%s (%s, scaled %s) = %d", (s, lang, scaled, value) => {
    expect(parseNumber(s, lang, scaled)).toBeCloseTo(value, 6);
  });

  it("rejects malformed groups", () => {
    expect(parseNumber("1.23.4", "en")).toBeNaN();
  });
});

describe("wordValue", () => {
  it("reads number words in four languages", () => {
    expect([wordValue("two"), wordValue("deux"), wordValue("dos"), wordValue("duas"), wordValue("une")]).toEqual([
      2, 2, 2, 2, 1,
    ]);
    expect(wordValue("posts")).toBeUndefined();
  });
});
