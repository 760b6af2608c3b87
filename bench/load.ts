/**
 * Load under attack, issue 13's bar: for 60 seconds, at once, sign-in guesses, overview requests
 * (page and API) and 100 MB request bodies (declared and chunked) against the real server in its
 * own process, while /health is probed every 20 ms. Prints one JSON line with the server's peak
 * RSS (sampled, and the kernel's high-water mark) and /health p50/p99; `pass` is RSS < 400 MB and
 * p99 < 200 ms. PostgreSQL (a fresh database seeded with bench/overview.ts's generator, dropped
 * afterwards), so the figure is the service's own memory.
 *
 *   npm run bench -- load            (or: npx tsx bench/load.ts [--seconds 60] [--facts 20000])
 *   SSC_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/postgres (the server's admin URL)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { createDb } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { seed } from "./overview.ts";

const ADMIN_URL = process.env.SSC_BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(MB, "a");

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** VmRSS and VmHWM (peak) of a process, in MB, from /proc. */
function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb("VmRSS") / 1024), hwmMb: Math.round(kb("VmHWM") / 1024) };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10 : null;
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  sentBytes: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** One request; a large body is sent lazily, 1 MB at a time, and stops when the answer comes. */
function send(
  base: string,
  path: string,
  opts: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    largeBytes?: number;
    declare?: boolean;
  } = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    let sentBytes = 0;
    let done = false;
    const finish = (a: Omit<Answer, "sentBytes">) => {
      if (done) return;
      done = true;
      resolve({ ...a, sentBytes });
    };
    const headers = { ...opts.headers };
    if (opts.largeBytes && opts.declare) headers["content-length"] = String(opts.largeBytes);
    const req = httpRequest(
      `${base}${path}`,
      // Large bodies get their own connection: the server closes it after refusing them.
      { method: opts.method ?? "GET", headers, agent: opts.largeBytes ? false : agent },
      (res) => {
        res.resume();
        res.on("end", () => finish({ status: res.statusCode ?? 0, headers: res.headers }));
        res.on("error", () => finish({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on("error", () => finish({ status: 0, headers: {} }));
    if (!opts.largeBytes) return void req.end(opts.body);
    const total = opts.largeBytes;
    const pump = () => {
      while (!done && sentBytes < total) {
        sentBytes += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

async function startServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "load-server.ts")], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`load-server exited with ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function main(): Promise<void> {
  const seconds = arg("seconds", 60);
  const factCount = arg("facts", 20_000);
  const name = `ssc_bench_load_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  let server: { child: ChildProcess; base: string } | undefined;
  try {
    const handle = await createDb({ databaseUrl: url, maxConnections: 2 });
    await migrate(handle);
    await handle.close();
    await seed(url, factCount);
    server = await startServer(url);
    const { base, child } = server;
    for (let i = 0; i < 3; i++) await send(base, "/?year=2024");
    const start = memoryOf(child.pid!);

    const until = Date.now() + seconds * 1000;
    const counts: Record<string, Record<number, number>> = { signIn: {}, overview: {}, largeBody: {} };
    const count = (kind: string, status: number) => {
      counts[kind][status] = (counts[kind][status] ?? 0) + 1;
    };
    let largeBytesSent = 0;
    let rssMaxMb = start.rssMb;
    const health: number[] = [];

    const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, memoryOf(child.pid!).rssMb)), 100);
    const loop = async (body: (i: number) => Promise<void>) => {
      for (let i = 0; Date.now() < until; i++) await body(i);
    };
    const signIn = (w: number) =>
      loop(async (i) => {
        const form = await send(base, "/login");
        const csrf = /ssc_login_csrf=([^;]+)/.exec(String(form.headers["set-cookie"] ?? ""))?.[1] ?? "x";
        const res = await send(base, "/login", {
          method: "POST",
          headers: {
            origin: base,
            cookie: `ssc_login_csrf=${csrf}`,
            "content-type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({ name: i % 3 ? `guess-${w}-${i}` : "amina", password: `pw${i}`, csrf }).toString(),
        });
        count("signIn", res.status);
      });
    const overview = () =>
      loop(async (i) => count("overview", (await send(base, i % 2 ? "/api/overview/2024" : "/?year=2024")).status));
    const largeBody = (_w: number) =>
      loop(async (i) => {
        const res = await send(base, i % 3 === 2 ? "/api/facts/1" : "/login", {
          method: i % 3 === 2 ? "PATCH" : "POST",
          headers: { "content-type": i % 3 === 2 ? "application/json" : "application/x-www-form-urlencoded" },
          largeBytes: 100 * MB,
          declare: i % 2 === 0,
        });
        largeBytesSent += res.sentBytes;
        count("largeBody", res.status);
      });
    const probe = () =>
      loop(async () => {
        const t0 = performance.now();
        const res = await send(base, "/health");
        health.push(performance.now() - t0);
        if (res.status !== 200) count("overview", -res.status);
        await new Promise((r) => setTimeout(r, 20));
      });

    // --only signIn|overview|largeBody: one kind of load at a time, to see what costs what.
    const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
    const workers: Record<string, Array<() => Promise<void>>> = {
      signIn: [0, 1, 2, 3].map((w) => () => signIn(w)),
      overview: [0, 1, 2, 3].map(() => overview),
      largeBody: [0, 1].map((w) => () => largeBody(w)),
    };
    const started = Object.entries(workers).flatMap(([k, ws]) => (!only || only === k ? ws.map((w) => w()) : []));
    await Promise.all([...started, probe()]);
    clearInterval(sampler);
    const end = memoryOf(child.pid!);
    const result = {
      bench: "load",
      database: "postgres",
      cpus: cpus().length,
      loadAverage: Math.round(loadavg()[0] * 10) / 10,
      seconds,
      facts: factCount,
      rssStartMb: start.rssMb,
      rssMaxMb: Math.max(rssMaxMb, end.rssMb),
      rssHighWaterMb: end.hwmMb,
      healthProbes: health.length,
      healthP50Ms: percentile(health, 50),
      healthP99Ms: percentile(health, 99),
      healthMaxMs: percentile(health, 100),
      requests: counts,
      largeBodyMbSent: Math.round(largeBytesSent / MB),
      pass: end.hwmMb < 400 && (percentile(health, 99) ?? Infinity) < 200,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (!result.pass) process.exitCode = 1;
  } finally {
    agent.destroy();
    server?.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

await main();
