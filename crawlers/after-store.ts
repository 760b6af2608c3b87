import type { Db } from "../db/client.ts";
import type { Logger } from "./types.ts";

/** Where the analysis of stored versions lives; loaded only when present (it is optional to crawling). */
const ANALYZE_MODULE = new URL("../pipeline/analyze.ts", import.meta.url).href;

/**
 * The step run after a crawl stored something: the analysis of pending versions, when
 * pipeline/analyze.ts exists; undefined otherwise (versions stay pending for a later `analyze`).
 */
export async function loadAfterStore(log: Logger): Promise<((db: Db) => Promise<unknown>) | undefined> {
  let mod: { analyzePendingVersions?: (db: Db, opts: Record<string, unknown>) => Promise<unknown> };
  try {
    mod = await import(ANALYZE_MODULE);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (code !== "ERR_MODULE_NOT_FOUND")
      log.warn(
        `crawl: the analysis step could not be loaded; stored versions stay pending: ${(e as Error)?.message ?? e}`,
      );
    return undefined;
  }
  const analyze = mod.analyzePendingVersions;
  if (typeof analyze !== "function") return undefined;
  return (db) => analyze(db, { log });
}
