import { describe, expect, it } from "vitest";
import { contributorsBefore } from "./contributors.ts";

describe("contributors", () => {
  it("reads the government or country that gave the amount, in its own sentence only", () => {
    const text = "UNOSSC reported progress. The Government of China contributed EUR 2 million to the Fund.";
    expect(contributorsBefore(text, text.indexOf("EUR"))).toEqual(["China"]);
    const t2 = "In 2023, India and Brazil pledged $1 million each to the IBSA Fund.";
    expect(contributorsBefore(t2, t2.indexOf("$1"))).toEqual(["India", "Brazil"]);
    const t3 = "China hosted the event. The Fund received $3 million.";
    expect(contributorsBefore(t3, t3.indexOf("$3"))).toEqual([]);
  });
});
