import { describe, expect, it } from "vitest";
import { canonicalJson, knownOrganization, recordFactRow } from "./store.ts";
import type { RecordDoc } from "./types.ts";

describe("store helpers", () => {
  it("hashes the same record the same whatever the order of its keys", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });

  it("reads a record's period with the analyzer's own rule (2022-23, FY2024 included)", () => {
    const years = (period: string | undefined) => {
      const record: RecordDoc = {
        key: "k",
        url: "https://x.org/k",
        title: "t",
        reason: "r",
        record: {},
        text: "t",
        facts: [],
        period,
      };
      const row = recordFactRow(record, { kind: "funding", value: 1, currency: "USD", field: "f", quote: "1" }, null);
      return [row.periodStart, row.periodEnd];
    };
    expect(years("2014-2017")).toEqual([2014, 2017]);
    expect(years("2022-23")).toEqual([2022, 2023]);
    expect(years("FY2024")).toEqual([2024, 2024]);
    expect(years("biennium")).toEqual([null, null]);
    expect(years(undefined)).toEqual([null, null]);
  });

  it("keeps organization ids of the registry only", () => {
    expect(knownOrganization("undp")).toBe("undp");
    expect(knownOrganization("jica")).toBeNull();
  });

  it("turns a record's fact into a facts row with its evidence and a stable fingerprint", () => {
    const record: RecordDoc = {
      key: "wb:P1",
      url: "https://x.org/P1",
      title: "t",
      reason: "collaboration-type 8",
      record: {},
      text: "t",
      facts: [],
      period: "2020-2022",
      organizationId: "worldbank",
    };
    const row = recordFactRow(
      record,
      { kind: "funding", value: 5e6, currency: "EUR", field: "budget[0]/value", quote: "5000000" },
      null,
    );
    expect(row).toMatchObject({
      kind: "funding",
      value: 5e6,
      currency: "EUR",
      periodStart: 2020,
      periodEnd: 2022,
      page: 1,
      confidence: 1,
      organizationId: "worldbank",
    });
    // No USD is stored: every layer derives it from the value, currency and period.
    expect("usd" in row).toBe(false);
    expect(row.evidence).toEqual({
      recordId: "wb:P1",
      field: "budget[0]/value",
      url: "https://x.org/P1",
      reason: "collaboration-type 8",
    });
    expect(row.fingerprint).toBe(
      recordFactRow(
        record,
        { kind: "funding", value: 5e6, currency: "EUR", field: "budget[0]/value", quote: "5000000" },
        null,
      ).fingerprint,
    );
  });
});
