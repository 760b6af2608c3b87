import { describe, expect, it } from "vitest";
import { fitLogistic, predict } from "./logistic.ts";

describe("fitLogistic", () => {
  it("gives calibrated probabilities, intercept included", () => {
    // Feature "a": 9 of 10 right; feature "b": 2 of 10 right; nothing else.
    const examples = [
      ...Array.from({ length: 10 }, (_, i) => ({ features: ["a"], correct: i < 9 })),
      ...Array.from({ length: 10 }, (_, i) => ({ features: ["b"], correct: i < 2 })),
    ];
    const model = fitLogistic(examples, 0.01);
    expect(predict(model, ["a"])).toBeCloseTo(0.9, 1);
    expect(predict(model, ["b"])).toBeCloseTo(0.2, 1);
  });

  it("shrinks a feature seen once toward the base rate", () => {
    const examples = [
      ...Array.from({ length: 20 }, (_, i) => ({ features: ["common"], correct: i < 15 })),
      { features: ["common", "rare"], correct: false },
    ];
    const p = predict(fitLogistic(examples, 2), ["common", "rare"]);
    expect(p).toBeGreaterThan(0.3);
    expect(p).toBeLessThan(0.75);
  });
});
