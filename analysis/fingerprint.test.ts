import { describe, expect, it } from "vitest";
import { analyzeText } from "./document.ts";
import { factFingerprint } from "./fingerprint.ts";

describe("factFingerprint", () => {
  it("is stable across runs and differs between facts", () => {
    const text = "The IBSA Fund received US$ 2 million in 2023 and US$ 3 million in 2024.";
    const a = analyzeText(text).facts.map(factFingerprint);
    const b = analyzeText(text).facts.map(factFingerprint);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(2);
    expect(a[0]).toContain("funding|2000000|USD");
  });
});
