import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../db/client.ts";
import { apiKeys } from "../db/schema/index.ts";
import { loadConfig, ConfigError } from "../config.ts";
import { runBin } from "./bin-run.ts";

const scratch = mkdtempSync(join(tmpdir(), "ssc-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the real command line as a user would, with a clean environment. */
const run = (args: string[], env: Record<string, string> = {}, untilOutput?: RegExp) =>
  runBin(args, { cwd: scratch, env: { SSC_DATA_DIR: join(scratch, "data"), ...env }, untilOutput });

describe("command line errors", () => {
  it("rejects an unknown command with usage and exit 2", async () => {
    const r = await run(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain("migrate");
  });

  it("rejects an unknown option of a command", async () => {
    const r = await run(["migrate", "--colour"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/migrate: Unknown option '--colour'/);
  });

  it("prints help for a command", async () => {
    const r = await run(["migrate", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ssc-monitor migrate");
  });

  it("names a bad DATABASE_URL without a stack trace", async () => {
    const r = await run(["migrate"], { DATABASE_URL: "mysql://x" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DATABASE_URL="mysql://x": must be a postgres://');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("says when the PostgreSQL server cannot be reached", async () => {
    const r = await run(["migrate"], { DATABASE_URL: "postgres://postgres@127.0.0.1:1/ssc" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("connection refused");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a data directory that belongs to something else, and leaves it untouched", async () => {
    const foreign = join(scratch, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "notes.txt"), "mine");
    const r = await run(["migrate", "--data", foreign]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is not a PGlite database");
    expect(r.stderr).toContain("notes.txt");
  });

  it("refuses a corrupt data directory", async () => {
    const corrupt = join(scratch, "corrupt");
    mkdirSync(corrupt);
    writeFileSync(join(corrupt, "PG_VERSION"), "15\n");
    writeFileSync(join(corrupt, "postgresql.conf"), "garbage");
    const r = await run(["migrate", "--data", corrupt]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/corrupt/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("says when the port is already in use", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    const r = await run(["start", "--no-schedule"], { PORT: String(port), HOST: "127.0.0.1" });
    blocker.close();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Port ${port} is already in use`);
  });

  it("validates every configuration value at once with the variable name", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "eighty", LOG_LEVEL: "loud" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join("\n")).toMatch(/PORT="eighty".*\n.*LOG_LEVEL="loud"/);
  });
});

describe("embedded PGlite keeps its data across restarts", () => {
  it("serves /health, and after a stop and a start still has what was stored", async () => {
    const dataDir = join(scratch, "persist");
    const first = await run(
      ["start", "--no-schedule", "--data", dataDir],
      { PORT: "0", HOST: "127.0.0.1" },
      /listening on/,
    );
    expect(first.stdout).toContain("listening on");
    expect(first.stdout).toContain("shutting down");

    const handle = await createDb({ dataDir });
    await handle.db.insert(apiKeys).values({ name: "restart-check", keyHash: "abc", prefix: "ssc_" });
    await handle.close();

    const second = await run(["migrate", "--data", dataDir]);
    expect(second.code).toBe(0);
    const again = await createDb({ dataDir });
    const rows = await again.db.select().from(apiKeys);
    await again.close();
    expect(rows.map((r) => r.name)).toEqual(["restart-check"]);
    // A new PGlite directory takes ~3 s on an idle machine and several times that on a busy one.
  }, 120_000);
});
