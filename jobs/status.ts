import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { rowsOf } from "../db/queries/documents.ts";
import { deadQueue, QUEUES, type QueueName } from "./queues.ts";

/**
 * Queue depths for `ssc-monitor jobs` and /health, read straight from pg-boss's tables (no
 * pg-boss instance needed): per queue, jobs waiting (created or waiting to retry), running,
 * failed for good, and dead (moved to the queue's dead-letter queue, kept for a person to look at).
 */

export interface QueueStatus {
  queue: QueueName;
  queued: number;
  retrying: number;
  active: number;
  completed: number;
  failed: number;
  dead: number;
}

export interface JobsStatus {
  /** False until a worker or `start` has installed the queue. */
  installed: boolean;
  queues: QueueStatus[];
  totals: Omit<QueueStatus, "queue">;
}

const EMPTY = { queued: 0, retrying: 0, active: 0, completed: 0, failed: 0, dead: 0 };

/**
 * @example (await jobsStatus(db)).totals // { queued: 120, retrying: 1, active: 4, completed: 900, failed: 0, dead: 2 }
 */
export async function jobsStatus(db: Db): Promise<JobsStatus> {
  const [{ installed }] = rowsOf<{ installed: boolean }>(
    await db.execute(sql`select to_regclass('pgboss.job') is not null as installed`),
  );
  const queues = new Map<string, QueueStatus>(QUEUES.map((q) => [q, { queue: q, ...EMPTY }]));
  if (installed) {
    const rows = rowsOf<{ name: string; state: string; n: number }>(
      await db.execute(sql`select name, state::text as state, count(*)::int as n from pgboss.job group by 1, 2`),
    );
    const deadOf = new Map(QUEUES.map((q) => [deadQueue(q), q]));
    for (const row of rows) {
      const n = Number(row.n);
      const dead = deadOf.get(row.name);
      if (dead) {
        (queues.get(dead) as QueueStatus).dead += n;
        continue;
      }
      const status = queues.get(row.name);
      if (!status) continue;
      if (row.state === "created") status.queued += n;
      else if (row.state === "retry") status.retrying += n;
      else if (row.state === "active") status.active += n;
      else if (row.state === "completed") status.completed += n;
      else if (row.state === "failed") status.failed += n;
    }
  }
  const list = [...queues.values()];
  const totals = { ...EMPTY };
  for (const q of list) for (const key of Object.keys(EMPTY) as Array<keyof typeof EMPTY>) totals[key] += q[key];
  return { installed, queues: list, totals };
}

/**
 * Dead discovery and fetch jobs per source (their data names it), for the Sources page and API.
 * @example (await deadJobsBySource(db)).get("jiu-reports") // 2
 */
export async function deadJobsBySource(db: Db): Promise<Map<string, number>> {
  const [{ installed }] = rowsOf<{ installed: boolean }>(
    await db.execute(sql`select to_regclass('pgboss.job') is not null as installed`),
  );
  if (!installed) return new Map();
  const rows = rowsOf<{ source: string; n: number }>(
    await db.execute(sql`
      select data->>'sourceId' as source, count(*)::int as n from pgboss.job
      where name in (${deadQueue("discover")}, ${deadQueue("fetch")}) group by 1`),
  );
  return new Map(rows.map((r) => [r.source, Number(r.n)]));
}
