import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { UnavailableError } from "../errors.ts";
import {
  describeHolder,
  LOCK_FILE,
  type DirLock,
  type LockInfo,
  pidAlive,
  readLock,
  socketPathFor,
  tryLock,
} from "./data-dir-lock.ts";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The drizzle database, whichever driver is behind it (PGlite or the postgres server). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  /** "pglite-socket": the PGlite directory of a running `start`, reached through its socket. */
  kind: "pglite" | "postgres" | "pglite-socket";
  /** Where the data lives, for messages: the data directory or the server without password. */
  location: string;
  close(): Promise<void>;
  /**
   * Runs `work` while holding the server-wide migration lock (a session advisory lock on a
   * connection of its own), so processes started together on one database migrate one after the
   * other. Server only: a PGlite directory has one process.
   */
  exclusively?<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Opened with `serve: true` (PGlite): starts serving the directory on its local socket to the
   * commands run beside `start`; returns the socket path. Call it after migrating.
   */
  serve?(): Promise<string>;
}

export interface DbOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  /** Max connections to the server (postgres driver only). */
  maxConnections?: number;
  /**
   * `start`: own the data directory and serve it on a local socket to the commands run beside it.
   * Without it, a directory a running `start` serves is reached through that socket.
   */
  serve?: boolean;
  /** Named in the lock file and in other processes' messages; default: the command being run. */
  holder?: string;
  /** How long to wait for a `start` that is still opening the directory (default 60 s). */
  waitMs?: number;
}

/**
 * Opens the database; the one place that decides how a process reaches it: the PostgreSQL server
 * when `databaseUrl` is given; else PGlite in `dataDir`, opened by this process alone (under the
 * directory's lock), or, when a running `start` holds the directory, through its socket. Fails
 * with an UnavailableError whose message says what is wrong and what to do.
 * @example const { db, close } = await createDb({ dataDir: "./data" });
 */
export async function createDb(options: DbOptions): Promise<DbHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.maxConnections ?? 10);
  const dataDir = options.dataDir ?? "./data";
  if (dataDir.startsWith("memory://")) return openPglite(dataDir, null, false);
  return openOwnedDir(dataDir, options);
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** The advisory lock key migrations take on a server (an arbitrary constant: "ssc" in ASCII). */
const MIGRATION_LOCK = 0x737363;

async function openPostgres(url: string, max: number, socket?: { path: string; location: string }): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const location = socket?.location ?? redact(url);
  const common = { max, onnotice: () => {}, connect_timeout: 10, idle_timeout: 20 };
  // Every socket client shares PGlite's one backend: named prepared statements of two clients
  // would collide there, so statements stay unnamed (the session gate keeps each batch whole).
  const client = socket
    ? postgres({ ...common, path: socket.path, user: "postgres", database: "postgres", prepare: false })
    : postgres(url, common);
  const db = drizzle(client, { schema }) as unknown as Db;
  try {
    await client`select 1`;
  } catch (cause) {
    await client.end({ timeout: 1 }).catch(() => {});
    const what = socket ? `the data directory ${location}` : `the PostgreSQL server at ${location}`;
    throw new UnavailableError(`Cannot use ${what}: ${describePgError(cause)}`, { cause });
  }
  const close = () => client.end({ timeout: 5 });
  if (socket) return { db, kind: "pglite-socket", location, close };
  const exclusively = async <T>(work: () => Promise<T>): Promise<T> => {
    const own = await client.reserve();
    try {
      await own.unsafe(`select pg_advisory_lock(${MIGRATION_LOCK})`);
      return await work();
    } finally {
      await own.unsafe(`select pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => {});
      own.release();
    }
  };
  return { db, kind: "postgres", location, close, exclusively };
}

function describePgError(cause: unknown): string {
  const e = cause as { code?: string; message?: string; errors?: Array<{ code?: string }> };
  const code = e?.code ?? e?.errors?.[0]?.code;
  if (code === "ECONNREFUSED") return "connection refused (is the server running and listening there?)";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  if (code === "CONNECT_TIMEOUT" || code === "ETIMEDOUT") return "connection timed out";
  if (code === "3D000") return `${e.message} (create it first, e.g. createdb)`;
  if (code === "28P01" || code === "28000") return `authentication failed: ${e.message}`;
  return e?.message ?? String(cause);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function holderName(options: DbOptions): string {
  return options.serve ? "start" : (options.holder ?? process.argv[2] ?? "ssc-monitor");
}

/**
 * Never two processes on one directory: take its lock and open it here, or go through the
 * socket of the `start` that holds it, or refuse with what to do.
 */
async function openOwnedDir(dataDir: string, options: DbOptions): Promise<DbHandle> {
  checkDataDir(dataDir);
  const deadline = Date.now() + (options.waitMs ?? 60_000);
  for (;;) {
    const lock = tryLock(dataDir, holderName(options));
    if ("release" in lock) {
      try {
        return await openPglite(dataDir, lock, options.serve === true);
      } catch (e) {
        lock.release();
        throw e;
      }
    }
    if (options.serve || lock.holder !== "start") throw heldError(dataDir, lock, options.serve === true);
    if (lock.state === "serving" && lock.socket) {
      const location = `${dataDir} (served by ssc-monitor start, pid ${lock.pid})`;
      try {
        return await openPostgres("", options.maxConnections ?? 4, { path: lock.socket, location });
      } catch (e) {
        if (pidAlive(lock.pid) && readLock(dataDir)?.token === lock.token) throw e;
        continue; // it stopped meanwhile: look again
      }
    }
    if (Date.now() > deadline)
      throw new UnavailableError(
        `ssc-monitor start (pid ${lock.pid}) is still opening ${dataDir}; try again in a moment.`,
      );
    await sleep(100);
  }
}

function heldError(dataDir: string, lock: LockInfo, serving: boolean): UnavailableError {
  const lockFile = join(dataDir, LOCK_FILE);
  const who = describeHolder(lock);
  const advice =
    lock.holder === "start"
      ? "stop it first, or give this one another --data directory"
      : serving
        ? "wait for it to finish, then start"
        : "wait for it to finish, or run `ssc-monitor start`, which lets the commands run beside it share the " +
          "directory";
  return new UnavailableError(
    `The data directory ${dataDir} is in use by ${who}: ${advice}. (If no such process is running, remove ` +
      `${lockFile}.)`,
  );
}

async function openPglite(dataDir: string, lock: DirLock | null, serve: boolean): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const memory = lock === null;
  let client: InstanceType<typeof PGlite>;
  try {
    client = await PGlite.create(memory ? undefined : dataDir);
    await client.query("select 1");
  } catch (cause) {
    throw new UnavailableError(
      `Cannot open the PGlite data directory ${dataDir}: it looks corrupt or was written by another program ` +
        `(${(cause as Error)?.message ?? cause}). Move it away or point SSC_DATA_DIR elsewhere.`,
      { cause },
    );
  }
  const location = memory ? "memory" : dataDir;
  if (!serve || !lock) {
    const db = drizzle(client, { schema }) as unknown as Db;
    return {
      db,
      kind: "pglite",
      location,
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  }
  // `start` migrates first, then lets the others in: until `serve()` the lock says "starting".
  const { servePglite, gatedClient } = await import("./pglite-server.ts");
  const { createSessionGate } = await import("./session-gate.ts");
  const gate = createSessionGate();
  const db = drizzle(gatedClient(client, gate), { schema }) as unknown as Db;
  let server: Awaited<ReturnType<typeof servePglite>> | null = null;
  return {
    db,
    kind: "pglite",
    location,
    async serve() {
      const socket = socketPathFor(dataDir);
      try {
        server = await servePglite(client, gate, socket);
      } catch (cause) {
        throw new UnavailableError(`Cannot serve ${dataDir} on the socket ${socket}: ${(cause as Error).message}`, {
          cause,
        });
      }
      lock.update({ state: "serving", socket });
      return socket;
    },
    close: async () => {
      await server?.stop();
      await client.close();
      lock.release();
    },
  };
}

/** A data directory is new (absent or empty) or a PostgreSQL cluster; anything else is refused untouched. */
function checkDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true });
    return;
  }
  // The lock and a dead owner's socket are ours, not the database's.
  const entries = readdirSync(dataDir).filter((e) => e !== LOCK_FILE && e !== ".s.PGSQL.5432");
  if (entries.length === 0) return;
  const versionFile = join(dataDir, "PG_VERSION");
  if (!existsSync(versionFile)) {
    throw new UnavailableError(
      `The data directory ${dataDir} is not empty and is not a PGlite database (no PG_VERSION; it holds ` +
        `${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}). Point SSC_DATA_DIR at an ` +
        `empty or existing ssc-monitor data directory.`,
    );
  }
  const version = readFileSync(versionFile, "utf8").trim();
  if (!/^\d+$/.test(version)) {
    throw new UnavailableError(
      `The data directory ${dataDir} is corrupt: PG_VERSION holds ${JSON.stringify(version.slice(0, 20))}.`,
    );
  }
}
