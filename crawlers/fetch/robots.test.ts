import { describe, expect, it } from "vitest";
import { parseRobots, productToken } from "./robots.ts";

describe("parseRobots", () => {
  it("lets the longest matching rule decide, Allow winning a tie", () => {
    const rules = parseRobots(
      "User-agent: *\nDisallow: /docs/\nAllow: /docs/public/\nDisallow: /page\nAllow: /page",
      "ssc-monitor",
    );
    expect(rules.isAllowed("/docs/internal.pdf")).toBe(false);
    expect(rules.isAllowed("/docs/public/budget.pdf")).toBe(true);
    expect(rules.isAllowed("/page")).toBe(true);
    expect(rules.isAllowed("/other")).toBe(true);
  });

  it("understands * and $ in paths", () => {
    const rules = parseRobots("User-agent: *\nDisallow: /*.php$\nDisallow: /search*q=\n", "ssc-monitor");
    expect(rules.isAllowed("/index.php")).toBe(false);
    expect(rules.isAllowed("/index.php?x=1")).toBe(true);
    expect(rules.isAllowed("/search/results?lang=en&q=south")).toBe(false);
  });

  it("uses the group naming our product token instead of *, merging groups and ignoring case", () => {
    const text = [
      "User-agent: *",
      "Disallow: /",
      "",
      "User-agent: other-bot",
      "User-agent: SSC-Monitor",
      "Disallow: /private/",
      "Crawl-delay: 5",
      "",
      "user-agent: ssc-monitor/2.0",
      "disallow: /tmp/ # scratch",
    ].join("\r\n");
    const rules = parseRobots(text, productToken("ssc-monitor/0.1 (+mailto:ops@example.org)"));
    expect(rules.isAllowed("/publications/report.pdf")).toBe(true);
    expect(rules.isAllowed("/private/x")).toBe(false);
    expect(rules.isAllowed("/tmp/x")).toBe(false);
    expect(rules.crawlDelayMs).toBe(5000);
  });

  it("falls back to the * group and its fractional Crawl-delay", () => {
    const rules = parseRobots(
      "User-agent: googlebot\nDisallow:\n\nUser-agent: *\nDisallow: /admin\nCrawl-delay: 1.5",
      "ssc-monitor",
    );
    expect(rules.isAllowed("/admin/login")).toBe(false);
    expect(rules.crawlDelayMs).toBe(1500);
  });

  it("allows everything when nothing applies, and always allows /robots.txt", () => {
    expect(parseRobots("User-agent: badbot\nDisallow: /", "ssc-monitor").isAllowed("/a")).toBe(true);
    expect(parseRobots("User-agent: *\nDisallow: /", "ssc-monitor").isAllowed("/robots.txt")).toBe(true);
    expect(parseRobots("", "ssc-monitor").crawlDelayMs).toBeNull();
  });

  it("compares percent-encoded and plain paths alike", () => {
    const rules = parseRobots("User-agent: *\nDisallow: /coopération/", "ssc-monitor");
    expect(rules.isAllowed("/coop%C3%A9ration/plan.pdf")).toBe(false);
  });
});
