import { describe, expect, it } from "vitest";
import { analyzeText } from "./index.ts";

// Fixtures written for these tests: the same amount, attributed more or less directly.
const confidenceOf = (text: string) => analyzeText(text).facts[0]?.confidence;

describe("confidence", () => {
  it(
    "is a probability, higher for an amount next to a named " +
      "SSTC unit than for one carried from an earlier sentence",
    () => {
      const direct = confidenceOf(
        "The United Nations Office for South-South Cooperation received $3.1 million in 2023.",
      );
      const carried = confidenceOf(
        "South-South cooperation was discussed at length by the Board in 2023. In the same year, $3.1 million was " +
          "received.",
      );
      expect(direct).toBeGreaterThan(0);
      expect(direct).toBeLessThan(1);
      expect(carried).toBeGreaterThan(0);
      expect(direct).toBeGreaterThan(carried!);
    },
  );

  it("puts a directly attributed fact at or above the review threshold of 0.9", () => {
    expect(
      confidenceOf("The Perez-Guerrero Trust Fund allocated US$ 450,000 to 12 projects in 2022."),
    ).toBeGreaterThanOrEqual(0.9);
  });
});
