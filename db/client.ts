import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { AppError } from "../errors.ts";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The drizzle database, whichever driver is behind it (PGlite or the postgres server). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for messages: the data directory or the server without password. */
  location: string;
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string;
  /** Max connections to the server (postgres driver only). */
  maxConnections?: number;
}

/**
 * Opens the database: the PostgreSQL server when `databaseUrl` is given, else PGlite in `dataDir`.
 * Fails with an AppError("unavailable") whose message says what is wrong and where.
 * @example const { db, close } = await createDb({ dataDir: "./data" });
 */
export async function createDb(options: DbOptions): Promise<DbHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.maxConnections ?? 10);
  return openPglite(options.dataDir ?? "./data");
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const location = redact(url);
  const client = postgres(url, { max, onnotice: () => {}, connect_timeout: 10, idle_timeout: 20 });
  const db = drizzle(client, { schema }) as unknown as Db;
  try {
    await client`select 1`;
  } catch (cause) {
    await client.end({ timeout: 1 }).catch(() => {});
    throw new AppError("unavailable", `Cannot use the PostgreSQL server at ${location}: ${describePgError(cause)}`, {
      cause,
    });
  }
  return { db, kind: "postgres", location, close: () => client.end({ timeout: 5 }) };
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

async function openPglite(dataDir: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const memory = dataDir.startsWith("memory://");
  if (!memory) checkDataDir(dataDir);
  let client: InstanceType<typeof PGlite>;
  try {
    client = await PGlite.create(memory ? undefined : dataDir);
    await client.query("select 1");
  } catch (cause) {
    throw new AppError(
      "unavailable",
      `Cannot open the PGlite data directory ${dataDir}: it looks corrupt or was written by another program (${(cause as Error)?.message ?? cause}). Move it away or point SSC_DATA_DIR elsewhere.`,
      { cause },
    );
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: "pglite", location: memory ? "memory" : dataDir, close: () => client.close() };
}

/** A data directory is new (absent or empty) or a PostgreSQL cluster; anything else is refused untouched. */
function checkDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true });
    return;
  }
  const entries = readdirSync(dataDir);
  if (entries.length === 0) return;
  const versionFile = join(dataDir, "PG_VERSION");
  if (!existsSync(versionFile)) {
    throw new AppError(
      "unavailable",
      `The data directory ${dataDir} is not empty and is not a PGlite database (no PG_VERSION; it holds ${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}). Point SSC_DATA_DIR at an empty or existing ssc-monitor data directory.`,
    );
  }
  const version = readFileSync(versionFile, "utf8").trim();
  if (!/^\d+$/.test(version)) {
    throw new AppError(
      "unavailable",
      `The data directory ${dataDir} is corrupt: PG_VERSION holds ${JSON.stringify(version.slice(0, 20))}.`,
    );
  }
}
