import { describe, expect, it } from "vitest";
import { createFetcher } from "./create-fetcher.ts";
import { isHostAllowed } from "./options.ts";

describe("isHostAllowed", () => {
  const allowed = ["www.un.org", "*.undp.org", "127.0.0.1:8080"];
  it("admits listed hosts, subdomains of wildcard entries, and host:port entries", () => {
    expect(isHostAllowed(new URL("https://WWW.UN.ORG/x"), allowed)).toBe(true);
    expect(isHostAllowed(new URL("https://api.open.undp.org/x"), allowed)).toBe(true);
    expect(isHostAllowed(new URL("https://undp.org/x"), allowed)).toBe(true);
    expect(isHostAllowed(new URL("http://127.0.0.1:8080/x"), allowed)).toBe(true);
  });
  it("refuses everything else", () => {
    expect(isHostAllowed(new URL("https://un.org/x"), allowed)).toBe(false);
    expect(isHostAllowed(new URL("https://evilundp.org/x"), allowed)).toBe(false);
    expect(isHostAllowed(new URL("http://127.0.0.1:9090/x"), allowed)).toBe(false);
    expect(isHostAllowed(new URL("https://x.org/"), [])).toBe(false);
    expect(isHostAllowed(new URL("https://x.org/"), null)).toBe(true);
  });
});

describe("createFetcher", () => {
  it("refuses to start without a user agent", () => {
    expect(() => createFetcher({ userAgent: " " })).toThrow(/userAgent/);
  });
});
