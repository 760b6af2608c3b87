import { describe, expect, it } from "vitest";
import { backoffDelayMs, parseRetryAfterMs } from "./retry.ts";

describe("parseRetryAfterMs", () => {
  it("reads seconds and HTTP-dates", () => {
    const now = Date.parse("Wed, 21 Oct 2026 07:28:00 GMT");
    expect(parseRetryAfterMs("120", now)).toBe(120_000);
    expect(parseRetryAfterMs("Wed, 21 Oct 2026 07:28:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfterMs("Wed, 21 Oct 2026 07:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfterMs("soon", now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });
});

describe("backoffDelayMs", () => {
  it("doubles each attempt and keeps half of the delay fixed", () => {
    expect(backoffDelayMs(0, 500, () => 0)).toBe(250);
    expect(backoffDelayMs(0, 500, () => 1)).toBe(500);
    expect(backoffDelayMs(3, 500, () => 0)).toBe(2000);
    expect(backoffDelayMs(3, 500, () => 1)).toBe(4000);
  });
});
