import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.ts";
import { acquireLease, releaseLease } from "../db/queries/sources.ts";

/**
 * One run per source, across processes sharing a database: the run holds a lease on the source
 * row and renews it while it works. A killed process stops renewing, so its lease expires and the
 * next run takes over (and marks the dead run abandoned).
 */

export interface Lease {
  owner: string;
  /** Aborted when a renewal finds the lease taken by someone else: the run must stop. */
  lost: AbortSignal;
  release(): Promise<void>;
}

/** A unique owner per run, readable in the "skipped" message: host, process and a random suffix. */
export function leaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Takes the lease or returns null when another run holds a live one. While held, it is renewed
 * every third of `leaseMs` and `onRenew` runs (the run saves its progress then).
 */
export async function takeLease(
  db: Db,
  args: { sourceId: string; leaseMs: number; onRenew?: () => Promise<void> },
): Promise<Lease | null> {
  const owner = leaseOwner();
  if (!(await acquireLease(db, { sourceId: args.sourceId, owner, leaseMs: args.leaseMs }))) return null;
  const lost = new AbortController();
  let renewing: Promise<void> = Promise.resolve();
  const renew = async () => {
    try {
      const held = await acquireLease(db, { sourceId: args.sourceId, owner, leaseMs: args.leaseMs });
      if (!held)
        lost.abort(new Error(`the lease on source ${args.sourceId} was taken by another process; this run stops`));
      else await args.onRenew?.();
    } catch {
      // A failed renewal is retried at the next tick; the lease outlives two missed ticks.
    }
  };
  const timer = setInterval(
    () => {
      renewing = renew();
    },
    Math.max(50, Math.floor(args.leaseMs / 3)),
  );
  timer.unref();
  return {
    owner,
    lost: lost.signal,
    async release() {
      clearInterval(timer);
      await renewing;
      await releaseLease(db, { sourceId: args.sourceId, owner });
    },
  };
}
