import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { withDb } from "../cli/context.ts";
import { loadConfig } from "../config.ts";
import { createDb } from "../db/client.ts";
import { LOCK_FILE } from "../db/data-dir-lock.ts";
import { migrate } from "../db/migrate.ts";
import { pdfSite, siteSourcesYaml } from "./fixtures/site/crawl-kit.ts";
import { startSite } from "./fixtures/site/site-server.ts";
import { until } from "./until.ts";

/**
 * PGlite is one process's database. `start` owns its directory and serves it on a local socket;
 * the CLI run from another terminal works on the same data through it, or refuses in one line.
 * These run the real bin/ssc-monitor.js in separate processes, as a user's two terminals would.
 */

const BIN = fileURLToPath(new URL("../bin/ssc-monitor.js", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "ssc-owner-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function env(dataDir: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, SSC_DATA_DIR: dataDir };
  delete e.DATABASE_URL;
  return e;
}

/** Runs one command to its end. */
function cli(dataDir: string, args: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env(dataDir) });
    let out = "",
      err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(stdin);
  });
}

interface Started {
  child: ChildProcess;
  url: string;
  stop(): Promise<number>;
}

/** `ssc-monitor start` on a free port; resolves once it listens. */
function start(dataDir: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "start", "--port", "0", "--no-schedule"], {
      env: { ...env(dataDir), HOST: "127.0.0.1", ...extraEnv },
    });
    let out = "",
      err = "";
    const exited = new Promise<number>((done) => child.on("close", (code) => done(code ?? -1)));
    child.stderr.on("data", (d) => (err += d));
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+:\d+)/.exec(out);
      if (m)
        resolve({
          child,
          url: m[1]!.replace("localhost", "127.0.0.1"),
          stop: () => {
            child.kill("SIGTERM");
            return exited;
          },
        });
    });
    exited.then((code) => reject(new Error(`start exited with ${code}: ${out}${err}`)));
  });
}

/** Signs in through the pages' form; true when a session cookie comes back. */
async function signIn(base: string, name: string, password: string): Promise<boolean> {
  const form = await fetch(`${base}/login`);
  const csrf = /ssc_login_csrf=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1];
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: `ssc_login_csrf=${csrf}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ name, password, csrf: csrf ?? "" }),
  });
  return res.status === 303 && /ssc_session=/.test(res.headers.get("set-cookie") ?? "");
}

/** A write route behind the API key: 401 when the key is refused, 404 (no such alert) once it passes. */
async function keyStatus(base: string, key: string): Promise<number> {
  const res = await fetch(`${base}/api/alerts/987654/ack`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: "{}",
  });
  return res.status;
}

describe("one owner of the PGlite directory", () => {
  it("the CLI beside a running start works on its data: the " +
    "user signs in, the key is accepted and survives a restart", async () => {
    const dataDir = join(scratch, "served");
    let server = await start(dataDir);
    try {
      const added = await cli(dataDir, ["users", "add", "amina", "--password-stdin"], "correct horse battery\n");
      expect(added.err).toBe("");
      expect(added.code).toBe(0);
      const created = await cli(dataDir, ["keys", "create", "etl"]);
      expect(created.code).toBe(0);
      const key = created.out.trim();
      expect(key).toMatch(/^ssc_/);

      expect(await signIn(server.url, "amina", "correct horse battery")).toBe(true);
      expect(await signIn(server.url, "amina", "wrong password!")).toBe(false);
      expect(await keyStatus(server.url, key)).toBe(404);
      expect(await keyStatus(server.url, `${key}x`)).toBe(401);
      expect((await cli(dataDir, ["keys", "list"])).out).toMatch(/^etl\tssc_\S+…\tactive\t.*last used 20/m);

      // A crawl run beside it stores into the same database: the running API lists what it stored.
      const site = await startSite(pdfSite(["beside-a", "beside-b"]));
      try {
        const sourcesFile = join(scratch, "sources.yaml");
        writeFileSync(sourcesFile, siteSourcesYaml("local-site", "unossc", site.url));
        const crawled = await cli(dataDir, ["crawl", "--source", "local-site", "--sources", sourcesFile]);
        expect(crawled.code, crawled.err).toBe(0);
        expect(JSON.parse(crawled.out.trim().split("\n").at(-1)!)).toMatchObject({ source: "local-site", new: 2 });
      } finally {
        await site.close();
      }
      const listed = (await (await fetch(`${server.url}/api/documents`)).json()) as { items?: unknown[] } | unknown[];
      expect(JSON.stringify(listed)).toContain("beside-a.pdf");
      const overview = await cli(dataDir, ["overview", "--year", "2024", "--format", "json"]);
      expect(overview.code, overview.err).toBe(0);
      expect(JSON.parse(overview.out)).toMatchObject({ year: 2024 });

      // A second `start` on the same directory stops at once, in one line.
      const second = await cli(dataDir, ["start", "--port", "0", "--no-schedule"]);
      expect(second.code).toBe(1);
      expect(second.err.trim().split("\n")).toHaveLength(1);
      expect(second.err).toMatch(/in use by ssc-monitor start \(pid \d+\): stop it first/);

      expect(await server.stop()).toBe(0);
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
      expect(existsSync(join(dataDir, ".s.PGSQL.5432"))).toBe(false);

      server = await start(dataDir);
      expect(await keyStatus(server.url, key)).toBe(404);
      expect(await signIn(server.url, "amina", "correct horse battery")).toBe(true);
    } finally {
      await server.stop();
    }
    // Never damaged: it opens again, here, with every row in place.
    const handle = await createDb({ dataDir });
    try {
      const rows = await handle.db.execute(
        sql`select (select count(*) from users)::int as users, (select count(*) from api_keys)::int as keys`,
      );
      expect((rows as unknown as { rows: unknown[] }).rows).toEqual([{ users: 1, keys: 1 }]);
    } finally {
      await handle.close();
    }
  }, 240_000);

  it("a crawl started from the API of a running start is a " +
    "discovery job: its worker fetches and analyses, and `jobs` shows it", async () => {
    const dataDir = join(scratch, "queued");
    const site = await startSite(pdfSite(["queued-a", "queued-b"]));
    const sourcesFile = join(scratch, "queued-sources.yaml");
    writeFileSync(sourcesFile, siteSourcesYaml("queued-site", "unossc", site.url));
    const server = await start(dataDir, { SSC_SOURCES: sourcesFile, SSC_PER_HOST_DELAY_MS: "0" });
    try {
      const key = (await cli(dataDir, ["keys", "create", "etl"])).out.trim();
      const res = await fetch(`${server.url}/api/crawl`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ source: "queued-site" }),
      });
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ sources: ["queued-site"] });
      const analysed = await until(async () => {
        const docs = (await (await fetch(`${server.url}/api/documents?limit=50`)).json()) as {
          items: Array<{ url: string; facts: number }>;
        };
        const mine = docs.items.filter((d) => d.url.includes("/docs/queued-"));
        const jobs = JSON.parse((await cli(dataDir, ["jobs", "--json"])).out) as {
          queues: Array<{ queue: string; completed: number }>;
        };
        const completed = (q: string) => jobs.queues.find((j) => j.queue === q)?.completed ?? 0;
        return mine.length === 2 && completed("discover") === 1 && completed("analyze") >= 2 && { mine, jobs };
      }, 90_000);
      expect(analysed.mine.map((d) => d.url).sort()).toEqual([
        `${site.url}/docs/queued-a.pdf`,
        `${site.url}/docs/queued-b.pdf`,
      ]);
    } finally {
      await server.stop();
      await site.close();
    }
  }, 180_000);

  it("a command beside another command that holds the " +
    "directory refuses at once, in one line that says what to do", async () => {
    const dataDir = join(scratch, "held");
    const holder = await createDb({ dataDir });
    try {
      await migrate(holder);
      const res = await cli(dataDir, ["keys", "list"]);
      expect(res.code).toBe(1);
      expect(res.err.trim().split("\n")).toHaveLength(1);
      expect(res.err).toMatch(/in use by another ssc-monitor command .*\(pid \d+\): wait for it to finish, or run/);
      expect(res.out).toBe("");
    } finally {
      await holder.close();
    }
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 120_000);

  it("takes over the lock of a process that died, and its leftover socket", async () => {
    const dataDir = join(scratch, "stale");
    const first = await createDb({ dataDir });
    await first.close();
    const dead = spawn(process.execPath, ["-e", ""]);
    const pid = dead.pid!;
    await new Promise((r) => dead.on("close", r));
    const lock = { pid, holder: "start", state: "serving", socket: join(dataDir, ".s.PGSQL.5432"), token: "old" };
    writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(lock));
    writeFileSync(join(dataDir, ".s.PGSQL.5432"), "");
    const handle = await createDb({ dataDir, serve: true });
    try {
      await handle.serve!();
      const through = await createDb({ dataDir });
      expect(through.kind).toBe("pglite-socket");
      await through.close();
    } finally {
      await handle.close();
    }
  }, 120_000);

  it("a command whose start stops under it ends with one line, and what it had not committed is gone", async () => {
    const dataDir = join(scratch, "stale");
    const owner = await createDb({ dataDir, serve: true });
    await owner.serve!();
    const config = loadConfig({}, { dataDir });
    const ran = withDb(config, async ({ db, kind }) => {
      expect(kind).toBe("pglite-socket");
      await db.transaction(async (tx) => {
        await tx.execute(sql`insert into api_keys (name, key_hash, prefix) values ('half-done', 'h', 'ssc_')`);
        await owner.close();
        await tx.execute(sql`select 1`);
      });
    });
    await expect(ran).rejects.toThrow(/^ssc-monitor start stopped while this command used .*Run it again\.$/);
    const again = await createDb({ dataDir });
    try {
      const rows = await again.db.execute(sql`select count(*)::int as n from api_keys where name = 'half-done'`);
      expect((rows as unknown as { rows: unknown[] }).rows).toEqual([{ n: 0 }]);
    } finally {
      await again.close();
    }
  }, 120_000);
});
