import { describe, expect, it } from "vitest";
import { endsTheSource, FetchError } from "./errors.ts";

describe("endsTheSource", () => {
  const url = "https://example.org/a.pdf";

  it("ends the run for refused credentials and for a stopped run, never for one URL's failure", () => {
    expect(endsTheSource(new FetchError("unauthorized", "401", url))).toBe(true);
    expect(endsTheSource(new FetchError("aborted", "stopped", url))).toBe(true);
    expect(endsTheSource(new FetchError("not-found", "404", url))).toBe(false);
    expect(endsTheSource(new FetchError("http-5xx", "503", url))).toBe(false);
    expect(endsTheSource(new Error("bad XML"))).toBe(false);
  });

  it("ends it for any error once the run's signal is aborted", () => {
    const stopped = new AbortController();
    stopped.abort();
    expect(endsTheSource(new Error("bad XML"), stopped.signal)).toBe(true);
    expect(endsTheSource(new Error("bad XML"), new AbortController().signal)).toBe(false);
  });
});
