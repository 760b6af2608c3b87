import type { MiddlewareHandler } from "hono";
import { AppError } from "../../errors.ts";
import { createLimiter, QueueFull } from "../concurrency.ts";
import type { AppEnv } from "../env.ts";

/**
 * Routes that build the whole overview (page, API, exports) hold the year's facts in memory and
 * keep the event loop busy while they build. A flood of them at once multiplies both, and /health
 * and sign-in wait behind them (bench/load.ts: /health p99 756 ms with four overview clients, 376
 * ms with one build at a time). So one builds at a time, up to `queued` wait their turn, and
 * beyond that the answer is 503 with Retry-After instead of a pile-up.
 */
export const HEAVY_READS = Object.freeze({ concurrent: 1, queued: 32 });

const HEAVY = [/^\/$/, /^\/api\/overview\//, /^\/overview\//];

export function limitHeavyReads(limits = HEAVY_READS): MiddlewareHandler<AppEnv> {
  const limiter = createLimiter(limits.concurrent, limits.queued);
  return async function heavyReadsMiddleware(c, next) {
    if (!HEAVY.some((re) => re.test(c.req.path))) return next();
    try {
      await limiter.run(next);
    } catch (e) {
      if (!(e instanceof QueueFull)) throw e;
      c.header("retry-after", "5");
      throw new AppError("unavailable", "The server is busy building overviews; try again in a few seconds");
    }
  };
}
