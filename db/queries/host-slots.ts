import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { rowsOf } from "./documents.ts";

/**
 * Reserves the next request slot on `host` for the whole fleet: the slot starts when the previous
 * one's delay has passed (or now), and the host's delay is the largest any worker has asked for
 * (a robots.txt Crawl-delay learnt by one worker holds for all). Returns how long to wait before
 * starting the request, in milliseconds (0 when the host is free).
 * @example await reserveHostSlot(db, { host: "www.unjiu.org", delayMs: 1000 }) // 640
 */
export async function reserveHostSlot(db: Db, args: { host: string; delayMs: number }): Promise<number> {
  const delay = Math.max(0, Math.round(args.delayMs));
  if (!Number.isFinite(delay)) throw new Error(`bad delay ${args.delayMs}`);
  const rows = await db.execute(sql`
    insert into host_slots as s (host, delay_ms, next_at)
    values (${args.host}, ${delay}, clock_timestamp() + make_interval(secs => ${delay} / 1000.0))
    on conflict (host) do update set
      delay_ms = greatest(s.delay_ms, excluded.delay_ms),
      next_at = greatest(s.next_at, clock_timestamp())
        + make_interval(secs => greatest(s.delay_ms, excluded.delay_ms) / 1000.0)
    returning greatest(0, extract(epoch from (next_at - clock_timestamp())) * 1000 - delay_ms)::float8 as wait_ms`);
  return Math.ceil(Number(rowsOf<{ wait_ms: number }>(rows)[0]?.wait_ms ?? 0));
}

/**
 * How long until the host's next free slot (0 when free now), without reserving it: a worker
 * whose job would wait longer than its lease puts the job back for later instead.
 * @example await hostSlotWaitMs(db, "www.unjiu.org") // 0
 */
export async function hostSlotWaitMs(db: Db, host: string): Promise<number> {
  const rows = await db.execute(sql`
    select greatest(0, extract(epoch from (next_at - clock_timestamp())) * 1000)::float8 as wait_ms
    from host_slots where host = ${host}`);
  return Math.ceil(Number(rowsOf<{ wait_ms: number }>(rows)[0]?.wait_ms ?? 0));
}
