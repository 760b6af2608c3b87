import { describe, expect, it } from "vitest";
import { coversYear, formatPeriod, parsePeriod, periodColumns, perYear, previousPeriod } from "./periods.ts";

describe("periods", () => {
  it("reads the ways documents write periods", () => {
    expect(parsePeriod("2024")).toEqual({ start: 2024, end: 2024 });
    expect(parsePeriod("2024-2025")).toEqual({ start: 2024, end: 2025 });
    expect(parsePeriod("2022-23")).toEqual({ start: 2022, end: 2023 });
    expect(parsePeriod("2014/2017")).toEqual({ start: 2014, end: 2017 });
    expect(parsePeriod("biennium 2020–2021")).toEqual({ start: 2020, end: 2021 });
    expect(parsePeriod("FY2024")).toEqual({ start: 2024, end: 2024 });
  });

  it("names no period for text without a year, or a backwards range", () => {
    expect(parsePeriod(null)).toBeNull();
    expect(parsePeriod("next biennium")).toBeNull();
    expect(parsePeriod("2025-2023")).toEqual({ start: 2025, end: 2025 });
  });

  it("keeps a period as written beside the years it covers, which a period without a year leaves null", () => {
    expect(periodColumns("FY2022-23")).toEqual({ period: "FY2022-23", periodStart: 2022, periodEnd: 2023 });
    expect(periodColumns("ongoing")).toEqual({ period: "ongoing", periodStart: null, periodEnd: null });
    expect(periodColumns(null)).toEqual({ period: null, periodStart: null, periodEnd: null });
  });

  it("spreads a multi-year amount evenly and leaves a one-year amount alone", () => {
    expect(perYear(4_000_000, { start: 2014, end: 2017 })).toBe(1_000_000);
    expect(perYear(4_000_000, { start: 2014, end: 2014 })).toBeNull();
  });

  it("tells which years a period covers and which period came before", () => {
    const biennium = parsePeriod("2024-2025");
    expect(coversYear(biennium, 2025)).toBe(true);
    expect(coversYear(biennium, 2026)).toBe(false);
    expect(formatPeriod(previousPeriod(biennium!))).toBe("2022-2023");
  });
});
