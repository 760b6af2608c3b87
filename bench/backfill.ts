/**
 * A backfill end to end on the job queue: a local site of N documents (default 2,000; half
 * multi-page PDFs of ~30 KB, half HTML pages of ~25 KB, no delay), one discovery job, then fetch,
 * extraction, analysis and change detection by `ssc-monitor worker` processes on the PostgreSQL
 * server. Timed from the discovery job to the last version analysed, with 1 worker process and with
 * 2, each on a fresh database. Prints one JSON line: documents per second for each, their ratio,
 * the CPU the workers and the PostgreSQL server used, and the machine's load (it is shared: read
 * the ratio with the load).
 * Run: npx tsx bench/backfill.ts [--documents N] [--concurrency C] [--one-only] (or
 * `npm run bench -- backfill`); C is each worker process's `--concurrency` (default 1).
 * Needs the PostgreSQL server (SSC_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { createDb } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { openBoss } from "../jobs/boss.ts";
import { createSender } from "../jobs/queues.ts";
import { makePdf } from "../test/fixtures/make-pdf.ts";

const ADMIN_URL = process.env.SSC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const bin = join(import.meta.dirname, "..", "bin", "ssc-monitor.js");

const SENTENCES = [
  "The United Nations Office for South-South Cooperation supports the exchange of knowledge between developing " +
    "countries.",
  "Resources for the programme of work are presented by component and by source of funds.",
  "The Special Unit for South-South Cooperation had two P-4 posts and one General Service post.",
  "Triangular cooperation initiatives were carried out with partners in Latin America and Africa.",
  "Expenditure under the regular budget amounted to $2.4 million for the biennium 2022-2023.",
  "The Executive Board took note of the report and of the financial statements.",
];
const paragraph = (i: number, n: number) =>
  Array.from({ length: n }, (_, k) => SENTENCES[(i + k) % SENTENCES.length]).join(" ");

function buildSite(count: number): Map<string, { body: Buffer; type: string }> {
  const pages = new Map<string, { body: Buffer; type: string }>();
  const links: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const pdfPages = Array.from({ length: 8 }, (_, p) =>
        Array.from({ length: 40 }, (_, l) => `${i}.${p}.${l} ${SENTENCES[(i + p + l) % SENTENCES.length]}`).join("\n"),
      );
      pages.set(`/docs/d${i}.pdf`, { body: makePdf(pdfPages, { title: `Report ${i}` }), type: "application/pdf" });
      links.push(`/docs/d${i}.pdf`);
    } else {
      const body = Array.from({ length: 30 }, (_, p) => `<p>${paragraph(i + p, 6)}</p>`).join("\n");
      pages.set(`/docs/d${i}.html`, {
        body: Buffer.from(
          `<!doctype html><html lang="en"><head><title>Page ${i}</title></head><body><main><h1>Page ` +
            `${i}</h1>${body}</main></body></html>`,
        ),
        type: "text/html; charset=utf-8",
      });
      links.push(`/docs/d${i}.html`);
    }
  }
  const list =
    `<!doctype html><html><body><ul>${links.map((l) => `<li><a href="${l}">${l}</a></li>`).join("")}` +
    `</ul></body></html>`;
  pages.set("/list", { body: Buffer.from(list), type: "text/html" });
  return pages;
}

async function serve(pages: Map<string, { body: Buffer; type: string }>) {
  const server = createServer((req, res) => {
    const page = pages.get(req.url ?? "");
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": page.type, "content-length": page.body.length }).end(page.body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** User and system CPU seconds a process has used so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by the PostgreSQL server's processes (all of them: read on a quiet machine). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") continue;
    } catch {
      continue;
    }
    total += cpuSeconds(Number(pid));
  }
  return total;
}

function startWorker(env: NodeJS.ProcessEnv, concurrency: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [bin, "worker", "--concurrency", String(concurrency)], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    proc.stderr?.on("data", (d) => {
      err += d;
      // The start line names the queues ("ssc-monitor worker: discover, fetch, ... × 2 on ..."); an
      // error at start also begins with "ssc-monitor worker:", and exits.
      if (/ssc-monitor worker: [a-z, ]+ × \d+ on /.test(err)) resolve(proc);
    });
    proc.once("exit", (code) => reject(new Error(`worker exited (${code}): ${err}`)));
  });
}

async function run(workers: number, documents: number, siteUrl: string, scratch: string, concurrency: number) {
  const name = `ssc_bench_${randomBytes(4).toString("hex")}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const handle = await createDb({ databaseUrl: url, maxConnections: 2 });
  await migrate(handle);
  const sources = join(scratch, "sources.yaml");
  writeFileSync(
    sources,
    `sources:\n  - {id: bench-backfill, organization: undp, kind: site, startUrls: ["${siteUrl}/list"], include: ` +
      `["/docs/"], exclude: [], maxDepth: 1, schedule: "0 3 * * 1", engine: cheerio}\n`,
  );
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    DATABASE_URL: url,
    SSC_SOURCES: sources,
    SSC_PER_HOST_DELAY_MS: "0",
    LOG_LEVEL: "error",
  };
  const procs = await Promise.all(Array.from({ length: workers }, () => startWorker(env, concurrency)));
  const cpuBefore = procs.map((p) => cpuSeconds(p.pid as number));
  const postgresBefore = postgresCpuSeconds();
  const loadBefore = loadavg()[0];
  const boss = await openBoss(handle, { databaseUrl: url, leaseSeconds: 120, supervise: false });
  const started = Date.now();
  await createSender(boss)("discover", { sourceId: "bench-backfill" });
  await boss.stop({ graceful: false, close: true });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  let analysed = 0;
  while (analysed < documents) {
    await new Promise((r) => setTimeout(r, 500));
    const [row] =
      await sql`select count(*) filter (where analysis_status = 'analyzed')::int as n from document_versions`;
    analysed = row.n;
    if (Date.now() - started > 30 * 60_000) throw new Error(`only ${analysed} of ${documents} analysed in 30 min`);
  }
  const seconds = (Date.now() - started) / 1000;
  const died = procs.filter((p) => p.exitCode !== null || p.signalCode !== null);
  if (died.length) throw new Error(`${died.length} of ${workers} workers exited during the run: the figures would lie`);
  const workerCpuSeconds = procs.reduce((sum, p, i) => sum + cpuSeconds(p.pid as number) - cpuBefore[i], 0);
  const postgresCpu = postgresCpuSeconds() - postgresBefore;
  const loadDuring = loadavg()[0];
  await sql.end();
  for (const p of procs) p.kill("SIGTERM");
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once("exit", r)))));
  await handle.close();
  // SSC_BENCH_KEEP_DB=1 keeps the database to look into (EXPLAIN, pg_stat_statements); its name goes to stderr.
  if (process.env.SSC_BENCH_KEEP_DB) console.error(`kept database ${name}`);
  else await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  return {
    workers,
    seconds: Math.round(seconds * 10) / 10,
    docsPerSecond: Math.round((documents / seconds) * 10) / 10,
    workerCpuSeconds: Math.round(workerCpuSeconds),
    postgresCpuSeconds: Math.round(postgresCpu),
    loadBefore: Math.round(loadBefore * 100) / 100,
    loadDuring: Math.round(loadDuring * 100) / 100,
  };
}

const { values } = parseArgs({
  options: { documents: { type: "string" }, concurrency: { type: "string" }, "one-only": { type: "boolean" } },
});
// Jobs each worker process runs at once (`ssc-monitor worker --concurrency`). One by default, so
// the ratio says what a second process adds: at 2, one process already fills a 2-core machine
// (docs/SCALING.md has both).
const concurrency = Number(values.concurrency ?? 1);
const documents = Number(values.documents ?? 2000);
const scratch = mkdtempSync(join(tmpdir(), "ssc-bench-backfill-"));
const pages = buildSite(documents);
const { server, url } = await serve(pages);
try {
  const one = await run(1, documents, url, scratch, concurrency);
  // --one-only: the one-worker run alone (to profile it).
  const two = values["one-only"] ? null : await run(2, documents, url, scratch, concurrency);
  const bytes = [...pages.values()].reduce((s, p) => s + p.body.length, 0);
  console.log(
    JSON.stringify({
      bench: "backfill",
      documents,
      averageKb: Math.round(bytes / pages.size / 1024),
      cores: cpus().length,
      concurrency,
      oneWorker: one,
      twoWorkers: two,
      ratio: two ? Math.round((two.docsPerSecond / one.docsPerSecond) * 100) / 100 : null,
    }),
  );
} finally {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
}
