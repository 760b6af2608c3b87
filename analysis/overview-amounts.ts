import type { FundingFigure } from "./overview-types.ts";

/** Two amounts closer than this (relative) are the same amount reported twice. */
export const SAME_AMOUNT = 0.005;

const LOG_STEP = Math.log1p(SAME_AMOUNT);

/**
 * Figures grouped by subject, basis and period, and within a group by the logarithm of their
 * amount, so that the first earlier figure with "the same amount" is found by looking at three
 * buckets instead of the whole group (amounts within 0.5% are at most one bucket apart). Gives
 * exactly what a scan of the group in insertion order gives.
 */
export function amountGroups<T>() {
  const buckets = new Map<string, Array<{ n: number; item: T }>>();
  const sizes = new Map<string, number>();
  const bucketOf = (f: FundingFigure) => {
    const x = Math.abs(f.usd ?? f.value);
    return x > 0 ? Math.floor(Math.log(x) / LOG_STEP) : 0;
  };
  return {
    find(key: string, figure: FundingFigure, test: (item: T) => boolean): T | undefined {
      const b = bucketOf(figure);
      let best: { n: number; item: T } | undefined;
      for (const d of [-1, 0, 1])
        for (const entry of buckets.get(`${key}|${b + d}`) ?? [])
          if ((!best || entry.n < best.n) && test(entry.item)) best = entry;
      return best?.item;
    },
    /** Adds an item; returns its number within its group (0, 1, 2...). */
    add(key: string, figure: FundingFigure, item: T): number {
      const n = sizes.get(key) ?? 0;
      sizes.set(key, n + 1);
      const at = `${key}|${bucketOf(figure)}`;
      const list = buckets.get(at);
      if (list) list.push({ n, item });
      else buckets.set(at, [{ n, item }]);
      return n;
    },
  };
}

/** Same amount: equal within 0.5% in the same currency, else in USD. */
export function sameAmount(a: FundingFigure, b: FundingFigure): boolean {
  if (a.currency === b.currency) return Math.abs(a.value - b.value) <= SAME_AMOUNT * Math.max(a.value, b.value);
  if (a.usd === null || b.usd === null) return false;
  return Math.abs(a.usd - b.usd) <= SAME_AMOUNT * Math.max(a.usd, b.usd);
}
