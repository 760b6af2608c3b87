/**
 * `npm run demo`: the whole product offline in a minute. Serves a local mirror of sample publisher
 * pages (demo/site), points demo sources at it (all other sources switched off), crawls and
 * analyses them into a temporary PGlite database, adds an analyst account, and serves the pages
 * on a free port. Ctrl-C stops everything and removes the temporary files.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { serve, type ServerType } from "@hono/node-server";
import { createApp } from "../api/app.ts";
import { hashPassword } from "../api/auth/password.ts";
import { createBackgroundCrawls } from "../api/crawl-starter.ts";
import { loadConfig } from "../config.ts";
import { loadCatalog } from "../crawlers/catalog.ts";
import { createLogger } from "../crawlers/log.ts";
import type { CrawlSummary } from "../crawlers/run.ts";
import { createCrawlService } from "../crawlers/run-sources.ts";
import { createDb, type Db } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { insertUser } from "../db/queries/auth.ts";
import { createAfterCrawl } from "../pipeline/after-crawl.ts";
import { startMirror } from "./mirror.ts";
import { DEMO_BUILTINS, DEMO_PUBLISHERS, demoSourcesYaml } from "./sources.ts";

const SITE_DIR = fileURLToPath(new URL("./site", import.meta.url));

export interface DemoOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Progress lines (default: stdout). */
  say?: (line: string) => void;
}

export interface Demo {
  url: string;
  mirrorUrl: string;
  /** The temporary directory (database, sources file), removed by stop(). */
  scratch: string;
  user: { name: string; password: string };
  summaries: CrawlSummary[];
  /** The demo's database, for tests that check what a page stored. */
  db: Awaited<ReturnType<typeof createDb>>["db"];
  stop(): Promise<void>;
}

async function crawlAll(
  db: Db,
  config: ReturnType<typeof loadConfig>,
  say: (l: string) => void,
): Promise<CrawlSummary[]> {
  const log = createLogger("warn", process.stderr);
  // The mirror is ours: no need for the polite one-second gap between requests.
  const service = createCrawlService({
    db,
    config,
    log,
    afterCrawl: createAfterCrawl({ config, log }),
    fetcherOptions: { perHostDelayMs: 20 },
  });
  // Only the crawled sources get a row (the demo's sources page lists what it crawled).
  const catalog = await loadCatalog({ config });
  const summaries: CrawlSummary[] = [];
  for (const id of [...DEMO_PUBLISHERS.map((p) => p.id), ...DEMO_BUILTINS]) {
    const summary = await service.run(catalog.get(id)!);
    say(
      `  crawled ${id}: ${summary.fetched} fetched, ${summary.new} new, ${summary.failed} failed (${summary.status})`,
    );
    summaries.push(summary);
  }
  return summaries;
}

function listen(app: ReturnType<typeof createApp>, port: number): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, (info) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    );
    server.once("error", reject);
  });
}

/** Starts the mirror, crawls, analyses, and serves; `stop()` undoes all of it. */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
  const scratch = mkdtempSync(join(tmpdir(), "ssc-demo-"));
  const mirror = await startMirror(SITE_DIR);
  say(`Local mirror of sample publishers: ${mirror.url}/`);
  const sourcesFile = join(scratch, "sources.yaml");
  writeFileSync(sourcesFile, demoSourcesYaml(mirror.url, await loadCatalog({ config: {} })));
  // A temporary PGlite database whatever DATABASE_URL says: the demo never touches real data.
  const config = loadConfig(
    { ...process.env, DATABASE_URL: "" },
    { dataDir: join(scratch, "data"), sourcesFile, logLevel: "warn", host: "127.0.0.1" },
  );
  const handle = await createDb({ dataDir: config.dataDir });
  const crawls = createBackgroundCrawls();
  try {
    await migrate(handle);
    say("Crawling and analysing the sample documents...");
    const summaries = await crawlAll(handle.db, config, say);
    const user = { name: "demo", password: randomBytes(9).toString("base64url") };
    await insertUser(handle.db, user.name, await hashPassword(user.password));
    const { server, url } = await listen(createApp({ db: handle.db, config, crawls }), options.port ?? 0);
    const stop = async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await crawls.idle();
      await handle.close();
      await mirror.close();
      rmSync(scratch, { recursive: true, force: true });
    };
    return { url, mirrorUrl: mirror.url, scratch, user, summaries, db: handle.db, stop };
  } catch (e) {
    await handle.close().catch(() => {});
    await mirror.close();
    rmSync(scratch, { recursive: true, force: true });
    throw e;
  }
}

/** Opens the browser when the desktop has xdg-open; a missing opener is never an error. */
function tryOpen(url: string): void {
  const found = (process.env.PATH ?? "").split(delimiter).some((dir) => existsSync(join(dir, "xdg-open")));
  if (!found) return;
  const child = spawn("xdg-open", [url], { stdio: "ignore", detached: true });
  child.on("error", () => {});
  child.unref();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: "string" }, "no-open": { type: "boolean" } } });
  const demo = await startDemo({ port: values.port ? Number(values.port) : 0 });
  const year = 2024;
  process.stdout.write(
    [
      "",
      `ssc-monitor demo is running: ${demo.url}/?year=${year}`,
      `Sign in to review facts as "${demo.user.name}" with password ${demo.user.password}`,
      `API: ${demo.url}/docs   Sources: ${demo.url}/sources   Exports: ${demo.url}/overview/${year}.pdf`,
      "Press Ctrl-C to stop (the temporary database is removed).",
      "",
    ].join("\n"),
  );
  if (!values["no-open"]) tryOpen(`${demo.url}/?year=${year}`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  process.stdout.write("stopping...\n");
  await demo.stop();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    process.stderr.write(`demo failed: ${(e as Error)?.message ?? e}\n`);
    process.exitCode = 1;
  });
}
