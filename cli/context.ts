import type { Config } from "../config.ts";
import { createDb, type DbHandle } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { UnavailableError } from "../errors.ts";

const CONNECTION_LOST = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "ECONNRESET",
  "EPIPE",
]);

/**
 * Opens the configured database, migrates it (idempotent, cheap when current), runs `fn`, and
 * always closes it, so a command never leaves PGlite open (its process would not exit).
 */
export async function withDb<T>(config: Config, fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(handle);
    return await fn(handle);
  } catch (e) {
    // Through a running `start`'s socket, its stopping ends the connection mid-command: one line, not a stack.
    if (handle.kind === "pglite-socket" && CONNECTION_LOST.has((e as { code?: string })?.code ?? ""))
      throw new UnavailableError(
        `ssc-monitor start stopped while this command used ${handle.location}; what it had not committed was rolled ` +
          `back. Run it again.`,
        { cause: e },
      );
    throw e;
  } finally {
    await handle.close().catch(() => {});
  }
}
