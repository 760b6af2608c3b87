import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe } from "vitest";
import { createDb, type Db, type DbHandle } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";

/** The PostgreSQL server of this machine; each test file creates its own database there and drops it. */
export const PG_ADMIN_URL = process.env.SSC_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type DbKind = "pglite" | "postgres";

export interface TestDatabase {
  handle: DbHandle;
  db: Db;
  /** postgres:// URL of the database (server only): for CLI tests and second processes. */
  url?: string;
  /** PGlite data directory (pglite only). */
  dataDir?: string;
  drop(): Promise<void>;
}

/** Creates a fresh database of the given kind, migrated unless `migrated: false` (server only). */
export async function createTestDatabase(kind: DbKind, opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  if (kind === "pglite") {
    const dataDir = mkdtempSync(join(tmpdir(), "ssc-pglite-"));
    const handle = await createDb({ dataDir });
    await migrate(handle);
    return {
      handle,
      db: handle.db,
      dataDir,
      drop: async () => {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `ssc_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const handle = await createDb({ databaseUrl: url, maxConnections: 5 });
  if (opts.migrated !== false) await migrate(handle);
  return {
    handle,
    db: handle.db,
    url,
    drop: async () => {
      await handle.close();
      const a = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * Runs one shared suite against PGlite and against the PostgreSQL server (drizzle's habit).
 * @example describeEachDb("facts", (t) => { it("stores", async () => { await t().db.insert(...) }) })
 */
export function describeEachDb(name: string, suite: (get: () => TestDatabase, kind: DbKind) => void): void {
  for (const kind of ["pglite", "postgres"] as const) {
    describe(`${name} [${kind}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await createTestDatabase(kind);
      });
      afterAll(async () => {
        await current?.drop();
      });
      suite(() => {
        if (!current) throw new Error("test database not ready");
        return current;
      }, kind);
    });
  }
}
