import { fileURLToPath } from "node:url";
import { UnavailableError } from "../errors.ts";
import type { DbHandle } from "./client.ts";
import { seedOrganizations, seedRates } from "./seed.ts";

const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/**
 * Applies the committed drizzle-kit migrations, then seeds the organization registry and the exchange
 * rates (idempotent).
 * @example await migrate(handle); // safe to run on every start
 */
export async function migrate(handle: DbHandle): Promise<void> {
  // Processes started together on a fresh server database would otherwise race to create the same
  // tables (drizzle's migrator takes no lock) and to rewrite the seeded rows.
  await (handle.exclusively ? handle.exclusively(() => migrateNow(handle)) : migrateNow(handle));
}

async function migrateNow(handle: DbHandle): Promise<void> {
  try {
    if (handle.kind === "pglite") {
      const { migrate: run } = await import("drizzle-orm/pglite/migrator");
      await run(handle.db as never, { migrationsFolder });
    } else {
      const { migrate: run } = await import("drizzle-orm/postgres-js/migrator");
      await run(handle.db as never, { migrationsFolder });
    }
  } catch (cause) {
    throw new UnavailableError(`Migrating ${handle.location} failed: ${(cause as Error)?.message ?? cause}`, {
      cause,
    });
  }
  await seedOrganizations(handle.db);
  await seedRates(handle.db);
}
