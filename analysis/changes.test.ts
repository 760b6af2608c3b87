import { describe, expect, it } from "vitest";
import { detectChanges, subjectIdentity, type ChangeFact, type VersionFacts } from "./changes.ts";
import { comparable } from "./change-facts.ts";
import { toUsd } from "./currency.ts";
import { UNCORRECTED } from "../test/fact-fixtures.ts";

let nextId = 1;
function fact(over: Partial<ChangeFact>): ChangeFact {
  return {
    id: nextId++,
    kind: "funding",
    organizationId: "undp",
    subject: "Special Unit for South-South Cooperation",
    value: null,
    currency: null,
    period: "2024-2025",
    periodStart: 2024,
    periodEnd: 2025,
    basis: "budget",
    count: null,
    grade: null,
    quote: "q",
    page: 1,
    confidence: 0.9,
    status: "auto",
    ...UNCORRECTED,
    ...over,
  };
}
const usd = (amount: number, over: Partial<ChangeFact> = {}) =>
  fact({ value: amount, currency: "USD", quote: `$${amount}`, ...over });
const posts = (count: number, grade: string | null, over: Partial<ChangeFact> = {}) =>
  fact({ kind: "staffing", count, grade, basis: null, quote: `${count} ${grade ?? ""} posts`, ...over });
const version = (versionId: number, facts: ChangeFact[], over: Partial<VersionFacts> = {}): VersionFacts => ({
  versionId,
  documentId: versionId,
  title: `Doc ${versionId}`,
  url: `https://example.org/${versionId}.pdf`,
  symbol: null,
  order: versionId,
  facts,
  ...over,
});

describe("detectChanges: values", () => {
  it("raises a budget change of 10 % with both values and both pieces of evidence", () => {
    const old = version(1, [usd(1_000_000, { page: 4, quote: "$1 million" })]);
    const cur = version(2, [usd(1_100_000, { page: 7, quote: "$1.1 million", subject: "UNOSSC" })]);
    const [alert, ...rest] = detectChanges({ current: cur, earlier: [old] });
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({
      change: "changed",
      organizationId: "undp",
      subject: "United Nations Office for South-South Cooperation",
      metric: "funding:budget",
      oldValue: 1_000_000,
      newValue: 1_100_000,
      absChange: 100_000,
      unit: "USD",
      evidence: {
        old: { versionId: 1, page: 4, quote: "$1 million", pageUrl: "https://example.org/1.pdf#page=4" },
        new: { versionId: 2, page: 7, quote: "$1.1 million" },
      },
    });
    expect(alert.relChange).toBeCloseTo(0.1);
  });

  it("stays quiet under the threshold and follows a configured one", () => {
    const old = version(1, [usd(1_000_000)]);
    const cur = version(2, [usd(1_020_000)]);
    expect(detectChanges({ current: cur, earlier: [old] })).toEqual([]);
    expect(detectChanges({ current: cur, earlier: [old], thresholds: { moneyRel: 0.01 } })).toHaveLength(1);
  });

  it("compares with the following period, and prefers the same period when both exist", () => {
    const old = version(1, [
      usd(2_000_000, { period: "2022-2023", periodStart: 2022, periodEnd: 2023 }),
      usd(3_000_000),
    ]);
    const cur = version(2, [
      usd(3_000_000),
      usd(2_500_000, { period: "2026-2027", periodStart: 2026, periodEnd: 2027 }),
    ]);
    const alerts = detectChanges({ current: cur, earlier: [old] });
    expect(alerts.map((a) => [a.period, a.oldValue, a.newValue])).toEqual([["2026-2027", 3_000_000, 2_500_000]]);
  });

  it("compares money in its own currency, so exchange rates alone never raise an alert", () => {
    // The same euros at the rates of two years are different dollars, but the same amount.
    const [at2015, at2024] = [toUsd(1_000_000, "EUR", 2015)!.usd, toUsd(1_000_000, "EUR", 2024)!.usd];
    expect(at2015).not.toBe(at2024);
    const euros = (usd: number) => ({ value: 1_000_000, unit: "EUR", usd });
    expect(comparable(euros(at2015), euros(at2024))).toEqual({ old: 1_000_000, new: 1_000_000, unit: "EUR" });
    const old = version(1, [fact({ value: 1_000_000, currency: "EUR" })]);
    const [a] = detectChanges({ current: version(3, [usd(1_400_000)]), earlier: [old] });
    // USD is derived from the value and currency at the rate of the period's first year.
    expect(a).toMatchObject({ oldValue: toUsd(1_000_000, "EUR", 2024)?.usd, newValue: 1_400_000, unit: "USD" });
    const noRate = version(4, [fact({ value: 5_000_000, currency: "XOF" })]);
    expect(detectChanges({ current: noRate, earlier: [old] })).toEqual([]);
  });

  it("reports posts by grade and in total; any change in posts counts", () => {
    const old = version(1, [posts(2, "P-4"), posts(3, "GS")]);
    const cur = version(2, [posts(3, "P-4"), posts(3, "GS")]);
    const alerts = detectChanges({ current: cur, earlier: [old] });
    expect(alerts.map((a) => [a.metric, a.oldValue, a.newValue, a.absChange])).toEqual([
      ["posts:P-4", 2, 3, 1],
      ["posts:total", 5, 6, 1],
    ]);
  });

  it("ignores rejected and superseded facts, and uses the analyst's corrected value", () => {
    const old = version(1, [usd(1_000_000)]);
    expect(detectChanges({ current: version(2, [usd(2_000_000, { status: "rejected" })]), earlier: [old] })).toEqual(
      [],
    );
    expect(detectChanges({ current: version(3, [usd(2_000_000, { status: "superseded" })]), earlier: [old] })).toEqual(
      [],
    );
    const corrected = version(4, [usd(9_000_000, { status: "corrected", correctedValue: 1_000_000 })]);
    expect(detectChanges({ current: corrected, earlier: [old] })).toEqual([]);
    const rejectedBaseline = version(5, [usd(5_000_000, { status: "rejected" })]);
    const [a] = detectChanges({ current: version(6, [usd(1_500_000)]), earlier: [old, rejectedBaseline] });
    expect(a.oldValue).toBe(1_000_000);
  });

  it("gives the same fingerprint for the same comparison, and another for another value", () => {
    const old = version(1, [usd(1_000_000)]);
    const a = detectChanges({ current: version(2, [usd(2_000_000)]), earlier: [old] });
    const b = detectChanges({ current: version(2, [usd(2_000_000)]), earlier: [old] });
    const c = detectChanges({ current: version(2, [usd(3_000_000)]), earlier: [old] });
    expect(a[0].fingerprint).toBe(b[0].fingerprint);
    expect(c[0].fingerprint).not.toBe(a[0].fingerprint);
  });
});

describe("detectChanges: units in a document series", () => {
  const unit = (subject: string, over: Partial<ChangeFact> = {}) =>
    fact({
      kind: "unit",
      subject,
      quote: subject,
      basis: null,
      period: null,
      periodStart: null,
      periodEnd: null,
      ...over,
    });

  it("reports a unit named in the previous edition and absent from the new one", () => {
    const prev = version(1, [unit("PGTF"), unit("IBSA Fund")], { documentId: 9 });
    const cur = version(2, [unit("Perez-Guerrero Trust Fund")], { documentId: 9 });
    const alerts = detectChanges({ current: cur, earlier: [prev], previousEdition: prev });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      change: "disappeared",
      subjectKey: "ibsa",
      metric: "presence",
      evidence: { old: { quote: "IBSA Fund" }, new: { versionId: 2, quote: null } },
    });
  });

  it("reports a unit the organization never named before as appeared", () => {
    const older = version(1, [unit("IBSA Fund")], { documentId: 5 });
    const prev = version(2, [unit("PGTF")], { documentId: 9 });
    const cur = version(3, [unit("PGTF"), unit("IBSA Fund"), unit("UNFSSC")], { documentId: 9 });
    const alerts = detectChanges({ current: cur, earlier: [older, prev], previousEdition: prev });
    expect(alerts.map((a) => [a.change, a.subjectKey])).toEqual([["appeared", "unfssc"]]);
  });

  it("follows a renamed unit: the Special Unit and UNOSSC are one", () => {
    expect(subjectIdentity("Special Unit for South-South Cooperation").key).toBe(subjectIdentity("UNOSSC").key);
    const prev = version(1, [unit("Special Unit for South-South Cooperation")]);
    const cur = version(2, [unit("United Nations Office for South-South Cooperation")]);
    expect(detectChanges({ current: cur, earlier: [prev], previousEdition: prev })).toEqual([]);
  });
});
