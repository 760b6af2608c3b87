import { describe, expect, it } from "vitest";
import { builtinAllowedHosts } from "./hosts.ts";
import { BUILTIN_SOURCES } from "./registry.ts";

describe("BUILTIN_SOURCES", () => {
  it("lists the six publisher adapters under the ids the sources file and CLI use", () => {
    expect(BUILTIN_SOURCES.map((s) => s.id)).toEqual([
      "worldbank-documents",
      "worldbank-projects",
      "iati-files",
      "iati-datastore",
      "un-ods",
      "undp-open",
    ]);
  });

  it("gives each a default setting block under its own id, enabled, with a schedule", () => {
    for (const source of BUILTIN_SOURCES) {
      expect(source.defaults).toMatchObject({
        id: source.id,
        kind: source.kind,
        enabled: true,
        schedule: expect.any(String),
      });
      expect(source.description.length).toBeGreaterThan(20);
    }
  });
});

describe("builtinAllowedHosts", () => {
  it("allows the API, the configured files and listing pages, and where the documents live", () => {
    const byId = Object.fromEntries(BUILTIN_SOURCES.map((s) => [s.id, s.defaults]));
    expect(builtinAllowedHosts(byId["worldbank-documents"])).toEqual(["search.worldbank.org", "*.worldbank.org"]);
    expect(builtinAllowedHosts(byId["un-ods"])).toEqual(["documents.un.org", "www.unsouthsouth.org"]);
    expect(builtinAllowedHosts(byId["iati-files"])).toContain("www.adb.org");
    expect(builtinAllowedHosts({ ...byId["undp-open"], baseUrl: "http://127.0.0.1:8123" })).toEqual([
      "127.0.0.1",
      "*.undp.org",
    ]);
    expect(builtinAllowedHosts({ ...byId["undp-open"], allowedHosts: ["mirror.example.org"] })).toEqual([
      "mirror.example.org",
    ]);
  });
});
