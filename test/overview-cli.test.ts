import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { overviewCommand } from "../cli/commands/overview.ts";
import { reanalyzeCommand } from "../cli/commands/reanalyze.ts";
import { extractPdfPages } from "../crawlers/extract/pdf.ts";
import { createDb } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { analyzePendingVersions } from "../pipeline/analyze.ts";
import { seedDocument, SSTC_PAGES } from "./seed-facts.ts";

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (c: Buffer) => out.push(c));
  stderr.on("data", (c: Buffer) => err.push(c));
  return {
    io: { stdin: new PassThrough(), stdout, stderr },
    out: () => Buffer.concat(out).toString("utf8"),
    err: () => Buffer.concat(err).toString("utf8"),
  };
}

describe("ssc-monitor overview and reanalyze (PGlite data directory)", () => {
  const dir = mkdtempSync(join(tmpdir(), "ssc-cli-"));
  const data = join(dir, "data");
  beforeAll(async () => {
    const handle = await createDb({ dataDir: data });
    await migrate(handle);
    await seedDocument(handle.db, { organizationId: "unctad", title: "Programme budget 2024-2025", pages: SSTC_PAGES });
    await analyzePendingVersions(handle.db, { workerId: "cli-test" });
    await handle.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the year's overview as CSV", async () => {
    const t = io();
    expect(await overviewCommand.run(["--year", "2024", "--format", "csv", "--data", data], t.io)).toBe(0);
    expect(t.out()).toContain(
      "2024,unctad,UNCTAD (United Nations Conference on Trade and Development),funding_usd,budget,1750000,3500000",
    );
  });

  it("writes an XLSX file with --out", async () => {
    const t = io();
    const file = join(dir, "overview.xlsx");
    expect(await overviewCommand.run(["--year", "2024", "--format", "xlsx", "--out", file, "--data", data], t.io)).toBe(
      0,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as never);
    expect(wb.getWorksheet("Funding")!.getRow(2).getCell(2).value).toBe("UNCTAD");
    expect(t.err()).toContain("wrote the 2024 overview");
  });

  it("writes a PDF from the real command line with the browser npm ci brought, " +
    "its text holding the tables", async () => {
    const bin = new URL("../bin/ssc-monitor.js", import.meta.url).pathname;
    const file = join(dir, "overview.pdf");
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
    const ok = spawnSync(
      process.execPath,
      [bin, "overview", "--year", "2024", "--format", "pdf", "--out", file, "--data", data],
      {
        env,
        encoding: "utf8",
      },
    );
    expect(ok.status, ok.stderr).toBe(0);
    const text = (await extractPdfPages(new Uint8Array(readFileSync(file)))).join("\n");
    expect(text).toMatch(/UNCTAD[^\n]*\s+Budget\s+1,750,000/);

    const bad = spawnSync(
      process.execPath,
      [bin, "overview", "--year", "2024", "--format", "pdf", "--out", file, "--data", data],
      {
        env: { ...env, CHROMIUM_PATH: "/bin/false" },
        encoding: "utf8",
      },
    );
    expect(bad.status).toBe(1);
    const lines = bad.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/chromium \(CHROMIUM_PATH: \/bin\/false\) did not start: .*set CHROMIUM_PATH/);
    // Two processes, one launching chromium, on a machine shared by many: 30 s is not always enough.
  }, 90_000);

  it("refuses a bad year or format with a clear message", async () => {
    await expect(overviewCommand.run(["--year", "24", "--data", data], io().io)).rejects.toThrow(
      /--year must be a year between 1990 and 2100, not "24"/,
    );
    await expect(overviewCommand.run(["--data", data], io().io)).rejects.toThrow(/--year is required/);
    await expect(overviewCommand.run(["--year", "2024", "--format", "docx", "--data", data], io().io)).rejects.toThrow(
      /--format must be one of json, csv, md, html, xlsx, pdf, not "docx"/,
    );
  });

  it("reanalyzes every stored version and reports what it kept", async () => {
    const t = io();
    expect(await reanalyzeCommand.run(["--all", "--data", data], t.io)).toBe(0);
    expect(JSON.parse(t.out())).toMatchObject({ requeued: 1, analyzed: 1, failed: 0, inserted: 0, superseded: 0 });
  });
});
