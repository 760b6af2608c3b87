import type { Config } from "../config.ts";
import { createDb, type DbHandle } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";

/**
 * Opens the configured database, migrates it (idempotent, cheap when current), runs `fn`, and
 * always closes it, so a command never leaves PGlite open (its process would not exit).
 */
export async function withDb<T>(config: Config, fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(handle);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}
