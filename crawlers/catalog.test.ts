import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLED_SOURCES_FILE, loadCatalog } from "./catalog.ts";

const dir = mkdtempSync(join(tmpdir(), "ssc-catalog-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("catalog", () => {
  it("lists the built-in sources and the shipped sites of sources.yaml", async () => {
    const catalog = await loadCatalog({ config: {} });
    const ids = catalog.entries.map((e) => e.source.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "un-ods",
        "unossc-site",
        "jiu-reports",
        "fao-sstc",
        "ifad-sstc",
        "isdb-site",
        "afdb-site",
      ]),
    );
    expect(catalog.get("fao-sstc")?.settings).toMatchObject({
      engine: "playwright",
      organization: "fao",
      enabled: true,
    });
    expect(catalog.get("jiu-reports")).toMatchObject({
      origin: BUNDLED_SOURCES_FILE,
      settings: { allowedHosts: ["www.unjiu.org"] },
    });
  });

  it("fails loudly when the shipped sources file is missing, instead of listing no shipped sites", async () => {
    await expect(loadCatalog({ config: {}, bundledFile: join(dir, "moved-away.yaml") })).rejects.toThrow(
      /moved-away\.yaml[\s\S]*cannot be read \(ENOENT\)/,
    );
  });

  it("keeps the IATI Datastore off until a key is configured, and on once IATI_API_KEY is set", async () => {
    const without = await loadCatalog({ config: {} });
    expect(without.get("iati-datastore")?.settings.enabled).toBe(false);
    const blank = await loadCatalog({ config: { iatiApiKey: "  " } });
    expect(blank.get("iati-datastore")?.settings.enabled).toBe(false);
    const withKey = await loadCatalog({ config: { iatiApiKey: "k-123" } });
    expect(withKey.get("iati-datastore")?.settings).toMatchObject({ enabled: true, apiKey: "k-123" });
  });

  it(
    "applies the user's overrides of a built-in source (base " +
      "URL, schedule) and of a shipped site, and adds new sites",
    async () => {
      const sourcesFile = file(
        "mine.yaml",
        [
          "sources:",
          "  - id: un-ods",
          "    baseUrl: http://127.0.0.1:8123",
          "    schedule: '30 1 * * *'",
          "  - id: jiu-reports",
          "    enabled: false",
          "  - id: local-site",
          "    organization: unossc",
          "    kind: site",
          "    startUrls: ['http://127.0.0.1:9999/list']",
          "    include: ['\\.pdf$']",
          "    exclude: []",
          "    maxDepth: 1",
          "    schedule: '0 3 * * 1'",
          "    engine: cheerio",
        ].join("\n"),
      );
      const catalog = await loadCatalog({ config: { sourcesFile } });
      expect(catalog.get("un-ods")?.settings).toMatchObject({
        baseUrl: "http://127.0.0.1:8123",
        schedule: "30 1 * * *",
        allowedHosts: expect.arrayContaining(["127.0.0.1"]),
      });
      expect(catalog.get("jiu-reports")?.settings.enabled).toBe(false);
      expect(catalog.get("local-site")).toMatchObject({
        origin: sourcesFile,
        settings: { allowedHosts: ["127.0.0.1:9999"], enabled: true },
      });
    },
  );

  it("gives the IATI key from the configuration to the datastore source unless the file sets one", async () => {
    const catalog = await loadCatalog({ config: { iatiApiKey: "from-env" } });
    expect(catalog.get("iati-datastore")?.settings).toMatchObject({ apiKey: "from-env" });
  });

  it("rejects a bad user file before anything runs", async () => {
    const sourcesFile = file("bad.json", JSON.stringify({ sources: [{ id: "un-ods", schedule: "every day" }] }));
    await expect(loadCatalog({ config: { sourcesFile } })).rejects.toThrow(
      /sources\[0\]\.schedule: "every day" is not a cron expression/,
    );
  });
});
