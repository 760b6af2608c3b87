import { detectAlerts } from "../alerts/detect.ts";
import { runOutbox, type OutboxConfig, type OutboxOptions, type OutboxResult } from "../alerts/outbox.ts";
import type { ChangeThresholds } from "../analysis/changes.ts";
import type { Db } from "../db/client.ts";
import { analyzePendingVersions, type AnalyzeOptions, type AnalyzeSummary } from "./analyze.ts";

/**
 * What follows every crawl, in order: analysis of the versions waiting for it, change detection
 * on the versions this step analysed, and one pass of the alert outbox. It runs after every crawl
 * (not only one that stored something), so versions a crashed process left pending or claimed are
 * picked up by the next crawl of any source. Each part is safe to run in several processes at
 * once: analysis claims versions, detection skips known fingerprints, the outbox claims rows.
 */

export interface AfterCrawlOptions {
  config: OutboxConfig;
  log?: { warn(msg: string, data?: Record<string, unknown>): void };
  /** Passed to the analysis (tests give a slow or failing analyzer, a short lease). */
  analysis?: Omit<AnalyzeOptions, "onVersion" | "log">;
  thresholds?: Partial<ChangeThresholds>;
  outbox?: Omit<OutboxOptions, "now">;
  /** The clock for alerts' creation time; default the system clock. */
  now?: () => Date;
}

export interface AfterCrawlSummary {
  analysis: AnalyzeSummary;
  alerts: number;
  deliveries: OutboxResult;
}

export type AfterCrawl = (db: Db) => Promise<AfterCrawlSummary>;

/**
 * The step a composition root hands to the crawl service.
 * @example const afterCrawl = createAfterCrawl({ config, log }); await afterCrawl(db)
 *   // { analysis: {...}, alerts: 1, ... }
 */
export function createAfterCrawl(options: AfterCrawlOptions): AfterCrawl {
  const now = options.now ?? (() => new Date());
  return async function afterCrawl(db: Db): Promise<AfterCrawlSummary> {
    const analysed: number[] = [];
    const analysis = await analyzePendingVersions(db, {
      ...options.analysis,
      ...(options.log ? { log: options.log } : {}),
      onVersion: (v) => {
        if (v.ok) analysed.push(v.versionId);
      },
    });
    const detected = analysed.length
      ? await detectAlerts(db, { versionIds: analysed, now: now(), thresholds: options.thresholds })
      : undefined;
    const deliveries = await runOutbox(db, options.config, options.outbox);
    return { analysis, alerts: detected?.alerts.length ?? 0, deliveries };
  };
}
