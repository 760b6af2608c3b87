import PgBoss from "pg-boss";
import type { DbHandle } from "../db/client.ts";
import { createQueues } from "./queues.ts";

/**
 * pg-boss on the service's own database. On PostgreSQL it has its own small pool; on PGlite (one
 * process) it runs its SQL through the PGlite instance drizzle uses, so the same job code runs
 * with zero set-up (a process reaching PGlite through `start`'s socket uses its postgres-js client;
 * pg-boss keeps no session state outside transactions, which is what that shared session allows). Its maintenance
 * (expiring jobs whose worker died, archiving) runs every few
 * seconds in one of the processes.
 */

export interface BossOptions {
  /** postgres:// URL when the database is a server. */
  databaseUrl?: string;
  /** A job's lease: an active job older than this is failed and retried by another worker. */
  leaseSeconds: number;
  retryDelaySeconds?: number;
  /** Run pg-boss maintenance here (default true); a process that only enqueues can skip it. */
  supervise?: boolean;
}

interface PgliteLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(text: string): Promise<Array<{ rows: unknown[] }>>;
}

/** pg-boss's `db` adapter for PGlite: scripts without parameters may hold several statements. */
function pgliteAdapter(client: PgliteLike): PgBoss.Db {
  return {
    async executeSql(text, values) {
      if (!values?.length) {
        const results = await client.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as unknown[] };
      }
      const result = await client.query(text, values);
      return { rows: result.rows as unknown[] };
    },
  };
}

interface PostgresJsLike {
  unsafe(text: string, params?: unknown[]): Promise<unknown>;
}

/** The same for a postgres-js client (a CLI process reaching a running `start`'s PGlite through its socket). */
function postgresJsAdapter(client: PostgresJsLike): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const result = await client.unsafe(text, values?.length ? values : undefined);
      const rows = Array.isArray(result) && Array.isArray(result.at(-1)) ? result.at(-1) : result;
      return { rows: (Array.isArray(rows) ? rows : []) as unknown[] };
    },
  };
}

function adapterFor(handle: DbHandle): PgBoss.Db {
  const client = (handle.db as unknown as { $client: unknown }).$client;
  if (typeof (client as PgliteLike).exec === "function") return pgliteAdapter(client as PgliteLike);
  return postgresJsAdapter(client as PostgresJsLike);
}

/**
 * Starts pg-boss (installing its schema on first use) and creates the pipeline's queues.
 * @example const boss = await openBoss(handle, { databaseUrl: config.databaseUrl, leaseSeconds: 120 })
 */
export async function openBoss(handle: DbHandle, options: BossOptions): Promise<PgBoss> {
  const maintenanceIntervalSeconds = Math.max(1, Math.min(60, Math.floor(options.leaseSeconds / 4)));
  const common = {
    schedule: false,
    supervise: options.supervise ?? true,
    maintenanceIntervalSeconds,
  };
  const boss =
    handle.kind === "postgres" && options.databaseUrl
      ? new PgBoss({ ...common, connectionString: options.databaseUrl, max: 4, application_name: "ssc-monitor-jobs" })
      : new PgBoss({ ...common, db: adapterFor(handle) });
  boss.on("error", (error) => {
    // pg-boss reports its own polling and maintenance errors here; it keeps going.
    process.stderr.write(`${new Date().toISOString()} warn jobs: ${error.message}\n`);
  });
  await boss.start();
  await createQueues(boss, options);
  return boss;
}
