import { describe, expect, it } from "vitest";
import { basisNear, periodNear } from "./cues.ts";

const at = (s: string, q: string) => [s.indexOf(q), s.indexOf(q) + q.length] as const;

describe("periodNear", () => {
  it("takes the nearest year or biennium and expands short ranges", () => {
    const s = "in 2019 the unit received, for the biennium 2024-25, $3 million";
    expect(periodNear(s, ...at(s, "$3 million"), 0, s.length)).toBe("2024-2025");
  });

  it("skips 'since 1987', document symbols and table numbers", () => {
    const s = "since 1987 the fund (a/2023/5, table 2021) gave $5 million";
    expect(periodNear(s, ...at(s, "$5 million"), 0, s.length)).toBeNull();
  });
});

describe("basisNear", () => {
  it.each([
    ["china pledged $5 million to the fund", "pledge"],
    ["the fund allocated $5 million", "allocation"],
    ["the unit spent $5 million", "expenditure"],
    ["la suma de 5 millones de dolares", "budget"],
    ["le fonds a recu une contribution de 5 millions de dollars", "contribution"],
    ["its $7 million capital endowment", "trust-fund"],
  ])("%s → %s", (s, basis) => {
    const m = /\$?5 million|\$7 million|5 millones de dolares|5 millions de dollars/.exec(s)!;
    expect(basisNear(s, m.index, m.index + m[0].length, 0, s.length)).toBe(basis);
  });
});
