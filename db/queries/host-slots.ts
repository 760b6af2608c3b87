import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { rowsOf } from "./documents.ts";

/**
 * Per-host politeness for every worker sharing the database: a host's token. Taking it succeeds
 * when nobody holds it (or its holder's hold ran out: a killed worker) and the host's delay has
 * passed since the last answer; the host's delay is the largest any worker asked for (a robots.txt
 * Crawl-delay learnt by one holds for all). Returns null when taken, else how long to wait (ms).
 * @example await takeHostToken(db, { host: "www.unjiu.org", holder: "w1:7", delayMs: 1000, holdMs: 120000 }) // null
 */
export async function takeHostToken(
  db: Db,
  args: { host: string; holder: string; delayMs: number; holdMs: number },
): Promise<number | null> {
  const delay = Math.max(0, Math.round(args.delayMs));
  const rows = await db.execute(sql`
    insert into host_slots as s (host, delay_ms, next_at, holder, held_until)
    values (${args.host}, ${delay}, clock_timestamp(), ${args.holder},
      clock_timestamp() + make_interval(secs => ${args.holdMs} / 1000.0))
    on conflict (host) do update set
      delay_ms = greatest(s.delay_ms, excluded.delay_ms),
      holder = excluded.holder,
      held_until = excluded.held_until
    where s.next_at <= clock_timestamp() and (s.holder is null or s.held_until < clock_timestamp())
    returning s.holder`);
  if (rowsOf(rows).length) return null;
  const [state] = rowsOf<{ wait_ms: number }>(
    await db.execute(sql`
      select greatest(0, extract(epoch from (
        case when holder is not null and held_until > clock_timestamp()
          then greatest(next_at, clock_timestamp() + interval '50 milliseconds') else next_at end
        - clock_timestamp())) * 1000)::float8 as wait_ms
      from host_slots where host = ${args.host}`),
  );
  // Raise the delay others will keep even while we wait (our robots.txt may have asked for more).
  await db.execute(sql`update host_slots set delay_ms = greatest(delay_ms, ${delay}) where host = ${args.host}`);
  return Math.max(1, Math.ceil(Number(state?.wait_ms ?? 50)));
}

/** Keeps holding the token a little longer (its holder is alive and its request still running). */
export async function renewHostToken(db: Db, args: { host: string; holder: string; holdMs: number }): Promise<void> {
  await db.execute(sql`
    update host_slots set held_until = clock_timestamp() + make_interval(secs => ${args.holdMs} / 1000.0)
    where host = ${args.host} and holder = ${args.holder}`);
}

/** Hands the token back: the next request to the host may start `delay_ms` from now. */
export async function releaseHostToken(db: Db, args: { host: string; holder: string }): Promise<void> {
  await db.execute(sql`
    update host_slots set holder = null, held_until = null,
      next_at = clock_timestamp() + make_interval(secs => delay_ms / 1000.0)
    where host = ${args.host} and holder = ${args.holder}`);
}

/**
 * How long until the host's next free slot (0 when free now), without taking it: a worker
 * whose job would wait longer than its lease puts the job back for later instead.
 * @example await hostSlotWaitMs(db, "www.unjiu.org") // 0
 */
export async function hostSlotWaitMs(db: Db, host: string): Promise<number> {
  const rows = await db.execute(sql`
    select greatest(0, extract(epoch from (next_at - clock_timestamp())) * 1000)::float8 as wait_ms
    from host_slots where host = ${host}`);
  return Math.ceil(Number(rowsOf<{ wait_ms: number }>(rows)[0]?.wait_ms ?? 0));
}
