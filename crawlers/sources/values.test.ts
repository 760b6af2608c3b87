import { describe, expect, it } from "vitest";
import { parseAmount, toIsoDate, yearPeriod } from "./values.ts";

describe("publisher values", () => {
  it("reads amounts written with thousands separators, as numbers or as strings", () => {
    expect(parseAmount("280,000,000")).toBe(280_000_000);
    expect(parseAmount(" 1,500,000.00 ")).toBe(1_500_000);
    expect(parseAmount(2239382.0)).toBe(2_239_382);
    expect(parseAmount("-9")).toBe(-9);
    expect(parseAmount("")).toBeNull();
    expect(parseAmount("12x malformed")).toBeNull();
    expect(parseAmount(null)).toBeNull();
  });

  it("reads ISO and US dates and drops placeholder years", () => {
    expect(toIsoDate("2024-12-19T00:00:00Z")).toBe("2024-12-19");
    expect(toIsoDate("12/31/2030 12:00:00 AM")).toBe("2030-12-31");
    expect(toIsoDate("6/30/2027 12:00:00 AM")).toBe("2027-06-30");
    expect(toIsoDate("0001-01-01T00:00:00Z")).toBeNull();
    expect(toIsoDate("1900-01-01T00:00:00Z")).toBeNull();
    expect(toIsoDate("Planned Start: 26-APR-07")).toBeNull();
  });

  it("gives periods as years", () => {
    expect(yearPeriod("2014-01-01", "2017-12-31")).toBe("2014-2017");
    expect(yearPeriod("2023-01-01", "2023-12-31")).toBe("2023");
    expect(yearPeriod(null, "2030-12-31")).toBe("2030");
    expect(yearPeriod(null, null)).toBeNull();
  });
});
