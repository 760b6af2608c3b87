import PQueue from "p-queue";

/**
 * At most `concurrent` tasks at a time (p-queue), up to `queued` more waiting in order; `run`
 * throws `QueueFull` at once when the queue is full. For work that is heavy in memory or CPU
 * (password hashing, overview builds) under a flood of requests.
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
  const queue = new PQueue({ concurrency: concurrent });
  return {
    run(task) {
      if (queue.size >= queued) return Promise.reject(new QueueFull());
      return queue.add(task, { throwOnTimeout: true }) as Promise<Awaited<ReturnType<typeof task>>>;
    },
  };
}
