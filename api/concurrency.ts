/**
 * At most `concurrent` tasks at a time, up to `queued` more waiting in order; `run` throws
 * `QueueFull` at once when the queue is full. For work that is
 * heavy in memory or CPU (password hashing, overview builds) under a flood of requests.
 * @example const one = createLimiter(1); await one.run(() => scryptAsync(...))
 */
export class QueueFull extends Error {
  constructor() {
    super("Too many requests are waiting for this work");
    this.name = "QueueFull";
  }
}

export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createLimiter(concurrent: number, queued = Number.POSITIVE_INFINITY): Limiter {
  let running = 0;
  const waiting: Array<() => void> = [];
  return {
    async run(task) {
      if (running < concurrent) running++;
      else if (waiting.length < queued) await new Promise<void>((resolve) => waiting.push(resolve));
      else throw new QueueFull();
      try {
        return await task();
      } finally {
        // Hand the slot straight to the next in line, so `running` never dips and lets a newcomer jump the queue.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}
