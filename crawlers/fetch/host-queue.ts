/**
 * Politeness per host, whatever the number of callers. A host with a delay gets one request at a
 * time, each starting at least `delayMs` after the previous one's answer arrived, so the host never
 * sees two requests closer than its delay however slowly a request travels (the rule the fleet's
 * per-host token applies across processes, see host-gate.ts). A host without a delay gets up to
 * `concurrency` requests in flight. Requests wait in arrival order. A host can ask for more
 * (Crawl-delay raises the delay, 429 pauses it).
 */

export interface HostQueue {
  /** Waits for a slot on `host`; call the returned function once the response is consumed. */
  acquire(host: string, signal: AbortSignal): Promise<() => void>;
  /** Raises the delay between requests to `host` (never lowers it below the configured one). */
  raiseDelay(host: string, delayMs: number): void;
  /** Lets no new request start on `host` before `pauseMs` from now (a 429's Retry-After). */
  pause(host: string, pauseMs: number): void;
  /** Rejects every waiting request; used when the fetcher closes. */
  close(reason: Error): void;
}

interface HostState {
  active: number;
  delayMs: number;
  nextStartAtMs: number;
  waiting: Array<{ start: () => void; fail: (e: unknown) => void }>;
  timer: NodeJS.Timeout | undefined;
}

export interface HostQueueOptions {
  delayMs: number;
  concurrency: number;
  now?: () => number;
}

export function createHostQueue(options: HostQueueOptions): HostQueue {
  const now = options.now ?? Date.now;
  const hosts = new Map<string, HostState>();

  const stateOf = (host: string): HostState => {
    let state = hosts.get(host);
    if (!state) {
      state = { active: 0, delayMs: options.delayMs, nextStartAtMs: 0, waiting: [], timer: undefined };
      hosts.set(host, state);
    }
    return state;
  };

  function pump(state: HostState): void {
    const inFlight = state.delayMs > 0 ? 1 : options.concurrency;
    while (state.waiting.length > 0 && state.active < inFlight) {
      const waitMs = state.nextStartAtMs - now();
      if (waitMs > 0) {
        state.timer ??= setTimeout(() => {
          state.timer = undefined;
          pump(state);
        }, waitMs);
        return;
      }
      const next = state.waiting.shift();
      state.active += 1;
      state.nextStartAtMs = now() + state.delayMs;
      next?.start();
    }
  }

  function releaseFor(state: HostState): () => void {
    let released = false;
    return function releaseHostSlot() {
      if (released) return;
      released = true;
      state.active -= 1;
      state.nextStartAtMs = Math.max(state.nextStartAtMs, now() + state.delayMs);
      pump(state);
    };
  }

  return {
    acquire(host, signal) {
      const state = stateOf(host);
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const onAbort = () => {
          state.waiting = state.waiting.filter((w) => w !== waiter);
          reject(signal.reason);
        };
        const waiter = {
          start: () => {
            signal.removeEventListener("abort", onAbort);
            resolve(releaseFor(state));
          },
          fail: (e: unknown) => {
            signal.removeEventListener("abort", onAbort);
            reject(e);
          },
        };
        signal.addEventListener("abort", onAbort, { once: true });
        state.waiting.push(waiter);
        pump(state);
      });
    },
    raiseDelay(host, delayMs) {
      const state = stateOf(host);
      if (delayMs <= state.delayMs) return;
      state.nextStartAtMs += delayMs - state.delayMs;
      state.delayMs = delayMs;
    },
    pause(host, pauseMs) {
      const state = stateOf(host);
      state.nextStartAtMs = Math.max(state.nextStartAtMs, now() + pauseMs);
    },
    close(reason) {
      for (const state of hosts.values()) {
        clearTimeout(state.timer);
        state.timer = undefined;
        for (const waiter of state.waiting.splice(0)) waiter.fail(reason);
      }
    },
  };
}
