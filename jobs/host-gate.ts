import { setTimeout as sleep } from "node:timers/promises";
import type { HostGate } from "../crawlers/fetch/host-gate.ts";
import type { Db } from "../db/client.ts";
import { reserveHostSlot } from "../db/queries/host-slots.ts";

/**
 * The fleet's per-host politeness: each request to a host first reserves a slot in the database
 * (host_slots), so any number of workers on any number of machines together keep the host's
 * delay (robots.txt Crawl-delay or the configured per-host delay) between request starts.
 * @example createFetcher({ userAgent, hostGate: createDbHostGate(db) })
 */
export function createDbHostGate(db: Db): HostGate {
  return {
    async wait(host, delayMs, signal) {
      const waitMs = await reserveHostSlot(db, { host, delayMs });
      if (waitMs > 0) await sleep(waitMs, undefined, { signal });
    },
  };
}
