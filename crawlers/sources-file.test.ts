import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  loadSourcesFile,
  parseSourcesText,
  SourcesFileError,
  validateSources,
  type KnownSources,
} from "./sources-file.ts";
import { BUILTIN_SOURCES } from "./sources/registry.ts";

const dir = mkdtempSync(join(tmpdir(), "ssc-sources-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const known: KnownSources = { builtins: new Map(BUILTIN_SOURCES.map((s) => [s.id, s])), sites: new Map() };

const site = {
  id: "unossc-news",
  organization: "unossc",
  kind: "site",
  startUrls: ["https://www.unsouthsouth.org/library/"],
  include: ["/publications/"],
  exclude: [],
  maxDepth: 2,
  schedule: "0 3 * * 1",
  engine: "cheerio",
};

function problemsOf(entries: unknown[], k: KnownSources = known): string[] {
  try {
    validateSources(entries, "my-sources.yaml", k);
  } catch (e) {
    expect(e).toBeInstanceOf(SourcesFileError);
    return (e as SourcesFileError).problems.map((p) => p.replace(/^my-sources\.yaml: /, ""));
  }
  throw new Error("expected the entries to be rejected");
}

describe("sources file", () => {
  it("reads the issue's JSON example and the same source in YAML", () => {
    const json = join(dir, "sources.json");
    writeFileSync(json, JSON.stringify({ sources: [site] }));
    const yaml = join(dir, "sources.yaml");
    writeFileSync(
      yaml,
      `sources:\n  - id: unossc-news\n    organization: unossc\n    kind: site\n` +
        `    startUrls: ["https://www.unsouthsouth.org/library/"]\n    include: ["/publications/"]\n` +
        `    exclude: []\n    maxDepth: 2\n    schedule: "0 3 * * 1"\n    engine: cheerio\n`,
    );
    expect(loadSourcesFile(json, known).sites).toEqual([site]);
    expect(loadSourcesFile(yaml, known).sites).toEqual([site]);
  });

  it("rejects each bad value with its key and the reason", () => {
    expect(problemsOf([site, site, { ...site, id: "b", schedule: "every day" }])).toEqual([
      'sources[1].id: "unossc-news" is defined twice (also sources[0]); ids must be unique',
      'sources[2].schedule: "every day" is not a cron expression (e.g. "0 3 * * 1": 03:00 every Monday)',
    ]);
    expect(problemsOf([{ ...site, organization: "unosc" }])[0]).toMatch(
      /^sources\[0\]\.organization: "unosc" is not an organization id \(known: .*unossc/,
    );
    expect(problemsOf([{ ...site, include: ["(unclosed"] }])[0]).toMatch(
      /^sources\[0\]\.include\[0\]: "\(unclosed" is not a valid regular expression/,
    );
    expect(problemsOf([{ ...site, engine: "puppeteer" }])).toEqual([
      'sources[0].engine: must be "cheerio" or "playwright"',
    ]);
    expect(problemsOf([{ ...site, maxDepth: 1.5 }])).toEqual([
      "sources[0].maxDepth: must be a whole number from 0 to 10",
    ]);
    expect(problemsOf([{ ...site, startUrls: ["ftp://x.org/"] }])).toEqual([
      'sources[0].startUrls[0]: "ftp://x.org/" is not an http(s) URL',
    ]);
    expect(problemsOf([{ ...site, inclde: [] }])).toEqual(['sources[0]: unknown key "inclde"']);
    const { schedule: _s, ...noSchedule } = site;
    expect(problemsOf([noSchedule])[0]).toMatch(/^sources\[0\]\.schedule: is required/);
    expect(problemsOf([{ ...site, kind: "wordpress" }])[0]).toMatch(
      /^sources\[0\]\.kind: must be "site" for a new source/,
    );
    expect(problemsOf(["just a string"])).toEqual([
      "sources[0]: must be a mapping of keys (id, organization, kind, ...)",
    ]);
  });

  it("overrides a built-in source's settings, checking the values it knows", () => {
    const file = validateSources(
      [
        {
          id: "un-ods",
          baseUrl: "http://127.0.0.1:8123",
          symbols: ["A/78/290"],
          schedule: "0 1 * * *",
          enabled: false,
        },
      ],
      "f.yaml",
      known,
    );
    expect(file.overrides.get("un-ods")).toEqual({
      id: "un-ods",
      baseUrl: "http://127.0.0.1:8123",
      symbols: ["A/78/290"],
      schedule: "0 1 * * *",
      enabled: false,
    });
    expect(problemsOf([{ id: "un-ods", baseUrl: "not a url" }])).toEqual([
      'sources[0].baseUrl: "not a url" is not an http(s) URL',
    ]);
    expect(problemsOf([{ id: "un-ods", kind: "site" }])[0]).toMatch(
      /sources\[0\]\.kind: "un-ods" is a built-in source of kind "un-ods"/,
    );
  });

  it("overrides some keys of a site defined earlier and checks the merged site", () => {
    const k: KnownSources = { ...known, sites: new Map([["unossc-news", site as never]]) };
    const file = validateSources([{ id: "unossc-news", enabled: false, maxDepth: 1 }], "f.yaml", k);
    expect(file.overrides.get("unossc-news")).toEqual({ id: "unossc-news", enabled: false, maxDepth: 1 });
    expect(problemsOf([{ id: "unossc-news", schedule: "soon" }], k)[0]).toMatch(
      /sources\[0\]\.schedule: "soon" is not a cron expression/,
    );
  });

  it("names a file that is not YAML, not a list, or missing", () => {
    expect(() => parseSourcesText("sources: [unclosed", "x.yaml")).toThrow(/not valid YAML/);
    expect(() => parseSourcesText("{", "x.json")).toThrow(/not valid JSON/);
    expect(() => parseSourcesText("sources: 3", "x.yaml")).toThrow(/sources: must be a list/);
    expect(() => loadSourcesFile(join(dir, "missing.yaml"), known)).toThrow(
      /missing\.yaml[\s\S]*cannot be read \(ENOENT\)/,
    );
  });
});
