import { describe, expect, it } from "vitest";
import { SourcesFileError, validateSources } from "../sources-file.ts";
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

  it("gives each its defaults from its own settings schema, under its own id, with a schedule", () => {
    for (const source of BUILTIN_SOURCES) {
      expect(source.defaults).toEqual(source.settings.parse({ id: source.id }));
      expect(source.defaults).toMatchObject({ id: source.id, kind: source.kind, schedule: expect.any(String) });
      expect(source.description.length).toBeGreaterThan(20);
    }
    // The Datastore refuses requests without a key: off until one is given.
    const enabled = Object.fromEntries(BUILTIN_SOURCES.map((s) => [s.id, s.defaults.enabled]));
    expect(enabled).toMatchObject({ "iati-datastore": false, "un-ods": true, "worldbank-documents": true });
  });
});

describe("a source's hosts, declared by the source", () => {
  const byId = Object.fromEntries(BUILTIN_SOURCES.map((s) => [s.id, s]));
  const hosts = (id: string, entry: Record<string, unknown> = {}) =>
    byId[id].settings.parse({ id, ...entry }).allowedHosts;

  it("allows the API, the configured files and listing pages, and where the documents live", () => {
    expect(hosts("worldbank-documents")).toEqual(["search.worldbank.org", "*.worldbank.org"]);
    expect(hosts("worldbank-projects")).toEqual(["search.worldbank.org"]);
    expect(hosts("un-ods")).toEqual(["documents.un.org", "www.unsouthsouth.org"]);
    expect(hosts("iati-files")).toContain("www.adb.org");
    expect(hosts("iati-files", { files: "http://127.0.0.1:8123/a.xml" })).toEqual(["127.0.0.1"]);
    expect(hosts("undp-open", { baseUrl: "http://127.0.0.1:8123/" })).toEqual(["127.0.0.1", "*.undp.org"]);
    expect(hosts("undp-open", { allowedHosts: ["mirror.example.org"] })).toEqual(["mirror.example.org"]);
  });
});

describe("a built-in source's settings in a sources file", () => {
  const known = { builtins: new Map(BUILTIN_SOURCES.map((s) => [s.id, s])), sites: new Map() };
  function problemsOf(entries: unknown[]): string[] {
    try {
      validateSources(entries, "mine.yaml", known);
    } catch (e) {
      expect(e).toBeInstanceOf(SourcesFileError);
      return (e as SourcesFileError).problems.map((p) => p.replace(/^mine\.yaml: /, ""));
    }
    throw new Error("expected the entries to be refused");
  }

  it("refuses a bad value, a misspelt key and a bad organization, each with its path", () => {
    expect(
      problemsOf([
        { id: "un-ods", symbols: ["A/78/290"] },
        { id: "worldbank-documents", rows: 0, fromDate: "soon" },
        { id: "undp-open", row: 50 },
        { id: "iati-datastore", apiKey: " ", organization: "nobody" },
        { id: "iati-files", files: ["ftp://x.org/a.xml"] },
      ]),
    ).toEqual([
      "sources[1].rows: must be a whole number of at least 1 (entries per page)",
      'sources[1].fromDate: "soon" is not a date such as 2024-01-31',
      'sources[2]: unknown key "row"',
      expect.stringMatching(/^sources\[3\]\.organization: "nobody" is not an organization id/),
      "sources[3].apiKey: must not be empty",
      'sources[4].files[0]: "ftp://x.org/a.xml" is not an http(s) URL',
    ]);
  });

  it("keeps an entry as written, and its source reads it with the defaults it leaves out", () => {
    const file = validateSources([{ id: "undp-open", rows: 5000, year: 2024 }], "mine.yaml", known);
    const entry = file.overrides.get("undp-open");
    expect(entry).toEqual({ id: "undp-open", rows: 5000, year: 2024 });
    const undp = BUILTIN_SOURCES.find((s) => s.id === "undp-open");
    // The API's page limit caps rows; the year is sent as written.
    expect(undp?.settings.parse(entry)).toMatchObject({ rows: 1000, maxPages: 100, year: "2024", enabled: true });
  });
});
