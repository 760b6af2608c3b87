import { describe, expect, it } from "vitest";
import { FX, knownCurrencies, toUsd } from "./currency.ts";

describe("currency conversion", () => {
  it("converts with the annual average of the year and states the rate used", () => {
    const c = toUsd(1_000_000, "EUR", 2023)!;
    expect(c.usd).toBe(Math.round(1_000_000 * 1.0817));
    expect(c.rateYear).toBe(2023);
    expect(c.label).toContain("2023 annual average");
    expect(toUsd(1_000_000, "CHF", 2020)!.usd).toBe(Math.round(1_000_000 / 0.9389));
    expect(toUsd(3_750_000, "SAR", 2015)!.usd).toBe(1_000_000);
  });

  it("leaves USD as it is and refuses a currency it has no rate for", () => {
    expect(toUsd(5, "usd", 2020)).toMatchObject({ usd: 5, rate: 1 });
    expect(toUsd(5, "XYZ", 2020)).toBeNull();
  });

  it("uses the nearest year outside the table and says so", () => {
    const last = Math.max(...Object.keys(FX.rates).map(Number));
    const c = toUsd(100, "JPY", last + 3)!;
    expect(c.rateYear).toBe(last);
    expect(c.note).toMatch(/nearest available/);
  });

  it("covers the currencies the brief names, every year from 2010, with its source stated", () => {
    for (const code of [
      "EUR",
      "CHF",
      "GBP",
      "JPY",
      "CNY",
      "INR",
      "BRL",
      "SAR",
      "XDR",
      "CAD",
      "AUD",
      "NOK",
      "SEK",
      "DKK",
      "KRW",
      "MXN",
      "ZAR",
    ]) {
      expect(knownCurrencies()).toContain(code);
      for (let y = 2010; y <= 2025; y++) expect(FX.rates[String(y)][code], `${code} ${y}`).toBeGreaterThan(0);
    }
    expect(FX.source).toMatch(/Federal Reserve/);
    expect(FX.basis).toBe("annual average");
  });
});
