import type { HostQueue } from "./host-queue.ts";

/**
 * Politeness for a fleet: a gate shared by every process that fetches (the job workers reserve
 * per-host slots in the database). The local host queue still limits this process's requests in
 * flight and honours 429 pauses; the gate spaces the starts of requests to one host by its delay
 * across all processes. `wait` resolves when this request may start.
 */
export interface HostGate {
  wait(host: string, delayMs: number, signal: AbortSignal): Promise<void>;
}

/** The local queue, with each start also waiting for the fleet's slot on the host. */
export function gatedHostQueue(local: HostQueue, gate: HostGate, defaultDelayMs: number): HostQueue {
  const delays = new Map<string, number>();
  return {
    async acquire(host, signal) {
      const release = await local.acquire(host, signal);
      try {
        await gate.wait(host, delays.get(host) ?? defaultDelayMs, signal);
        return release;
      } catch (error) {
        release();
        throw error;
      }
    },
    raiseDelay(host, delayMs) {
      delays.set(host, Math.max(delays.get(host) ?? defaultDelayMs, delayMs));
      local.raiseDelay(host, delayMs);
    },
    pause: (host, pauseMs) => local.pause(host, pauseMs),
    close: (reason) => local.close(reason),
  };
}
