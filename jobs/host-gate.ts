import { setTimeout as sleep } from "node:timers/promises";
import type { HostGate } from "../crawlers/fetch/host-gate.ts";
import type { Db } from "../db/client.ts";
import { hostSlotWaitMs, reserveHostSlot } from "../db/queries/host-slots.ts";

/**
 * Thrown instead of waiting when a host's next slot is further away than a job may wait (its
 * lease): the fetch job puts itself back in the queue to start at `retryAt`.
 */
export class HostBusyError extends Error {
  constructor(
    readonly host: string,
    readonly retryAt: Date,
  ) {
    super(`host ${host} is busy until ${retryAt.toISOString()} (its Crawl-delay, fleet-wide)`);
    this.name = "HostBusyError";
  }
}

/**
 * The fleet's per-host politeness: each request to a host first reserves a slot in the database
 * (host_slots), so any number of workers on any number of machines together keep the host's
 * delay (robots.txt Crawl-delay or the configured per-host delay) between request starts.
 * @example createFetcher({ userAgent, hostGate: createDbHostGate(db, { maxWaitMs: 40_000 }) })
 */
export function createDbHostGate(db: Db, options: { maxWaitMs: number }): HostGate {
  return {
    async wait(host, delayMs, signal) {
      const ahead = await hostSlotWaitMs(db, host);
      if (ahead > options.maxWaitMs) throw new HostBusyError(host, new Date(Date.now() + ahead));
      const waitMs = await reserveHostSlot(db, { host, delayMs });
      if (waitMs > 0) await sleep(waitMs, undefined, { signal });
    },
  };
}
