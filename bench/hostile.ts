/**
 * The hostile-input drills as a measurement: crawls the hostile site (test/hostile/hostile-site.ts,
 * served from a child process so its memory is not counted) and its IATI files into a fresh PGlite
 * database (or the server in DATABASE_URL), sampling this process's resident memory every 20 ms
 * (the PDF reader's worker thread is inside it). Prints one JSON line: time, peak RSS, and how each
 * hostile document ended.
 * Run: npx tsx bench/hostile.ts (or `npm run bench -- hostile`).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createDb } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { crawlHostileIati, crawlHostileSite, runErrors } from "../test/hostile/drill-kit.ts";

const MB = 1024 * 1024;

async function startServer() {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "../test/hostile/serve.ts")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const [line] = await createInterface({ input: child.stdout })
    [Symbol.asyncIterator]()
    .next()
    .then((r) => [r.value as string]);
  const { url, iatiFiles } = JSON.parse(line) as { url: string; iatiFiles: string[] };
  return { url, iatiFiles: () => iatiFiles, stop: () => child.stdin.end() };
}

const server = await startServer();
const dataDir = process.env.DATABASE_URL ? null : mkdtempSync(join(tmpdir(), "ssc-bench-hostile-"));
const handle = await createDb(dataDir ? { dataDir } : { databaseUrl: process.env.DATABASE_URL! });
await migrate(handle);
const baselineRss = process.memoryUsage.rss();
let peakRss = baselineRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 20);
try {
  const started = Date.now();
  const site = await crawlHostileSite(handle.db, server);
  const siteMs = Date.now() - started;
  const iati = await crawlHostileIati(handle.db, server);
  const durationMs = Date.now() - started;
  clearInterval(sampler);
  const outcomes = async (runId: number | undefined) =>
    ((await runErrors(handle.db, runId!))?.errors ?? []).map((e) => ({
      url: e.url.replace(/^https?:\/\/127\.0\.0\.1:\d+/, ""),
      outcome: e.message.slice(0, 140),
    }));
  console.log(
    JSON.stringify({
      bench: "hostile",
      database: dataDir ? "pglite" : "postgres",
      durationMs,
      siteMs,
      iatiMs: durationMs - siteMs,
      baselineRssMb: Math.round(baselineRss / MB),
      peakRssMb: Math.round(peakRss / MB),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      site: { new: site.new, failed: site.failed, status: site.status },
      iati: { new: iati.new, failed: iati.failed, status: iati.status },
      drills: [...(await outcomes(site.runId)), ...(await outcomes(iati.runId))],
    }),
  );
} finally {
  clearInterval(sampler);
  server.stop();
  await handle.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
