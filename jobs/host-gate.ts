import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { HostGate } from "../crawlers/fetch/host-gate.ts";
import type { Db } from "../db/client.ts";
import { hostSlotWaitMs, releaseHostToken, renewHostToken, takeHostToken } from "../db/queries/host-slots.ts";

/**
 * Thrown instead of waiting when a host stays busy longer than a job may wait (a third of its
 * lease): the fetch job puts itself back in the queue to start at `retryAt`.
 */
export class HostBusyError extends Error {
  constructor(
    readonly host: string,
    readonly retryAt: Date,
  ) {
    super(`host ${host} is busy until about ${retryAt.toISOString()} (its Crawl-delay, fleet-wide)`);
    this.name = "HostBusyError";
  }
}

/** A token held by a worker that died is free again this soon: its holder renews it while alive. */
const HOLD_MS = 6_000;
/** Longest sleep between two tries for a busy host's token. */
const POLL_MS = 250;

/**
 * The fleet's per-host politeness: a request to a host first takes the host's token in the
 * database (host_slots) and hands it back when the answer has arrived; the next request may start
 * the host's delay later (robots.txt Crawl-delay or the configured per-host delay), whichever
 * worker on whichever machine sends it.
 * @example createFetcher({ userAgent, hostGate: createDbHostGate(db, { maxWaitMs: 40_000 }) })
 */
export function createDbHostGate(db: Db, options: { maxWaitMs: number }): HostGate {
  const me = `${process.pid}:${randomUUID().slice(0, 8)}`;
  let n = 0;
  return {
    async acquire(host, delayMs, signal) {
      // No delay to keep (a mirror of ours, SSC_PER_HOST_DELAY_MS=0 and no Crawl-delay known yet):
      // the local queue's per-host concurrency is the only limit, no token round trips.
      if (delayMs <= 0) return () => {};
      const holder = `${me}:${++n}`;
      const started = Date.now();
      if ((await hostSlotWaitMs(db, host)) > options.maxWaitMs)
        throw new HostBusyError(host, new Date(Date.now() + (await hostSlotWaitMs(db, host))));
      for (;;) {
        signal.throwIfAborted();
        const waitMs = await takeHostToken(db, { host, holder, delayMs, holdMs: HOLD_MS });
        if (waitMs === null) break;
        if (Date.now() - started + waitMs > options.maxWaitMs)
          throw new HostBusyError(host, new Date(Date.now() + Math.max(waitMs, delayMs)));
        await sleep(Math.min(waitMs, POLL_MS), undefined, { signal });
      }
      const renewal = setInterval(() => {
        void renewHostToken(db, { host, holder, holdMs: HOLD_MS }).catch(() => undefined);
      }, HOLD_MS / 3);
      renewal.unref();
      let released = false;
      return function handBackHostToken() {
        if (released) return;
        released = true;
        clearInterval(renewal);
        void releaseHostToken(db, { host, holder }).catch(() => undefined);
      };
    },
  };
}
