import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sourcesCommand } from "../cli/commands/sources.ts";
import { createDb } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { upsertSources } from "../db/queries/sources.ts";
import { makeApp } from "./api-fixtures.ts";

/**
 * Issue 13, item 9: `sources --sources other.yaml` (a one-off listing with another file) rewrote
 * the enabled flag and schedule that a running service shows; the rows are the service's own.
 */

const scratch = mkdtempSync(join(tmpdir(), "ssc-sources-overrides-"));
const data = join(scratch, "data");
const other = join(scratch, "other.yaml");

beforeAll(async () => {
  const handle = await createDb({ dataDir: data });
  await migrate(handle);
  // What the running service stored from its own catalog.
  await upsertSources(handle.db, [
    {
      id: "agency-site",
      kind: "site",
      organizationId: "unossc",
      enabled: true,
      schedule: "0 3 * * 1",
      config: {},
    },
  ]);
  await handle.close();
  writeFileSync(
    other,
    [
      "sources:",
      "  - id: agency-site",
      "    organization: unossc",
      "    kind: site",
      '    startUrls: ["http://127.0.0.1:9/list"]',
      "    include: ['/docs/.+\\.pdf$']",
      "    exclude: []",
      "    maxDepth: 1",
      "    engine: cheerio",
      "    enabled: false",
      "    schedule: '0 0 1 1 *'",
      "  - id: one-off-site",
      "    organization: unossc",
      "    kind: site",
      '    startUrls: ["http://127.0.0.1:9/other"]',
      "    include: ['/docs/.+\\.pdf$']",
      "    exclude: []",
      "    maxDepth: 1",
      "    engine: cheerio",
      "    schedule: '0 3 * * 2'",
    ].join("\n"),
  );
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function listSources(argv: string[]): Promise<Array<{ id: string; enabled: boolean; schedule: string }>> {
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (d) => (out += d));
  const code = await sourcesCommand.run(argv, { stdin: new PassThrough(), stdout, stderr: new PassThrough() });
  expect(code).toBe(0);
  return JSON.parse(out);
}

describe("sources --sources FILE", () => {
  it("lists the other file's sources without writing them over the service's rows", async () => {
    const listed = await listSources(["--json", "--sources", other, "--data", data]);
    expect(listed.map((l) => l.id)).toEqual(expect.arrayContaining(["agency-site", "one-off-site"]));
    const handle = await createDb({ dataDir: data });
    try {
      const app = makeApp(handle.db);
      const api = await (await app.request("/api/sources")).json();
      const items: Array<{ id: string; enabled: boolean; schedule: string | null }> = api.items ?? api;
      const site = items.find((s) => s.id === "agency-site");
      expect(site).toMatchObject({ enabled: true, schedule: "0 3 * * 1" });
      expect(items.map((s) => s.id)).not.toContain("one-off-site");
    } finally {
      await handle.close();
    }
  });
});
