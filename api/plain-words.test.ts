import { describe, expect, it } from "vitest";
import { failureReason, scheduleInWords } from "./plain-words.ts";

describe("schedules in words", () => {
  it("reads the patterns the sources use", () => {
    expect(scheduleInWords("0 6 * * 6")).toBe("Saturdays at 06:00 UTC");
    expect(scheduleInWords("0 3 * * 1")).toBe("Mondays at 03:00 UTC");
    expect(scheduleInWords("0 5 * * 0")).toBe("Sundays at 05:00 UTC");
    expect(scheduleInWords("30 2 * * 1-5")).toBe("Weekdays at 02:30 UTC");
    expect(scheduleInWords("0 6 * * 1,4")).toBe("Mondays and Thursdays at 06:00 UTC");
    expect(scheduleInWords("15 4 * * *")).toBe("every day at 04:15 UTC");
    expect(scheduleInWords("0 1 1 * *")).toBe("on the 1st of each month at 01:00 UTC");
    expect(scheduleInWords("0 1 2,15 1,7 *")).toBe("on the 2nd and 15th of January and July at 01:00 UTC");
  });

  it("shows a pattern it cannot word as itself, and says when there is none", () => {
    expect(scheduleInWords("*/5 * * * *")).toBe('cron "*/5 * * * *"');
    expect(scheduleInWords("0 6 * * MON")).toBe('cron "0 6 * * MON"');
    expect(scheduleInWords(null)).toBe("not scheduled (run by hand)");
  });
});

describe("failure reasons", () => {
  it("names what a person can act on", () => {
    expect(failureReason("fetch failed: getaddrinfo ENOTFOUND www.fao.org")).toBe("host unreachable");
    expect(
      failureReason(
        "https://www.fao.org/robots.txt could not be read (server error or unreachable); https://www.fao.org/x is " +
          "treated as disallowed for now",
      ),
    ).toBe("host unreachable");
    expect(failureReason("https://a.org/x is disallowed for ssc-monitor by https://a.org/robots.txt; skipped")).toBe(
      "robots.txt forbids it",
    );
    expect(failureReason("request timed out after 30000 ms")).toBe("timed out");
    expect(failureReason("unable to verify the first certificate")).toBe("TLS certificate problem");
    expect(failureReason("HTTP 503 from https://a.org/list")).toBe("the site's server failed (5xx)");
    expect(failureReason(null)).toBeNull();
  });
});
