import { describe, expect, it } from "vitest";
import { nextDigestAt, subscriptionMatches } from "../alerts/match.ts";

describe("digest schedule", () => {
  it("sends daily digests at the next 06:00 UTC", () => {
    expect(nextDigestAt("daily", new Date("2026-11-29T05:59:00Z")).toISOString()).toBe("2026-11-29T06:00:00.000Z");
    expect(nextDigestAt("daily", new Date("2026-11-29T06:00:00Z")).toISOString()).toBe("2026-11-30T06:00:00.000Z");
    expect(nextDigestAt("daily", new Date("2026-12-31T23:00:00Z")).toISOString()).toBe("2027-01-01T06:00:00.000Z");
  });

  it("sends weekly digests on the next Monday at 06:00 UTC", () => {
    // 2026-11-29 is a Sunday; 2026-11-30 a Monday.
    expect(nextDigestAt("weekly", new Date("2026-11-29T08:00:00Z")).toISOString()).toBe("2026-11-30T06:00:00.000Z");
    expect(nextDigestAt("weekly", new Date("2026-11-30T05:00:00Z")).toISOString()).toBe("2026-11-30T06:00:00.000Z");
    expect(nextDigestAt("weekly", new Date("2026-11-30T07:00:00Z")).toISOString()).toBe("2026-12-07T06:00:00.000Z");
    expect(nextDigestAt("weekly", new Date("2026-12-02T12:00:00Z")).toISOString()).toBe("2026-12-07T06:00:00.000Z");
  });
});

describe("subscription filters", () => {
  const alert = {
    organizationId: "undp",
    subject: "United Nations Office for South-South Cooperation",
    metric: "posts:P-4",
  };
  it("match a unit by any of its names, a metric family, and the organization", () => {
    expect(subscriptionMatches({ organizationId: null, subject: null, metric: null }, alert)).toBe(true);
    expect(
      subscriptionMatches(
        { organizationId: "undp", subject: "Special Unit for South-South Cooperation", metric: "posts" },
        alert,
      ),
    ).toBe(true);
    expect(subscriptionMatches({ organizationId: null, subject: "UNOSSC", metric: "posts:P-4" }, alert)).toBe(true);
    expect(subscriptionMatches({ organizationId: "fao", subject: null, metric: null }, alert)).toBe(false);
    expect(subscriptionMatches({ organizationId: null, subject: "IBSA Fund", metric: null }, alert)).toBe(false);
    expect(subscriptionMatches({ organizationId: null, subject: null, metric: "funding" }, alert)).toBe(false);
    expect(subscriptionMatches({ organizationId: null, subject: null, metric: "post" }, alert)).toBe(false);
  });
});
