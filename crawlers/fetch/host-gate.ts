import type { HostQueue } from "./host-queue.ts";

/**
 * Politeness for a fleet: a per-host token shared by every process that fetches (the job workers
 * keep it in the database). The local host queue still limits this process's requests in flight
 * and honours 429 pauses; the token lets one request at a time reach a host across all processes,
 * and the next one only `delayMs` after the previous one's answer arrived (so the host never sees
 * two requests closer than its delay, even when a busy process sends its request late).
 */
export interface HostGate {
  /** Resolves with the function that hands the token back once the answer has arrived. */
  acquire(host: string, delayMs: number, signal: AbortSignal): Promise<() => void>;
}

/** The local queue, with each request also holding the fleet's token for its host. */
export function gatedHostQueue(local: HostQueue, gate: HostGate, defaultDelayMs: number): HostQueue {
  const delays = new Map<string, number>();
  return {
    async acquire(host, signal) {
      const release = await local.acquire(host, signal);
      try {
        const releaseToken = await gate.acquire(host, delays.get(host) ?? defaultDelayMs, signal);
        return function releaseBoth() {
          releaseToken();
          release();
        };
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
