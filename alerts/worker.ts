import type { Db } from "../db/client.ts";
import type { ChangeThresholds } from "../analysis/changes.ts";
import { detectAlerts } from "./detect.ts";
import { runOutbox, type OutboxConfig, type OutboxOptions, type OutboxResult } from "./outbox.ts";

export interface AlertWorkerOptions {
  db: Db;
  config: OutboxConfig;
  /** Pause between passes (default one minute). */
  intervalMs?: number;
  /**
   * The first pass detects alerts on versions analysed within this window (default 7 days), so a
   * worker that was down for less than that misses nothing. Later passes look back to the start of
   * the previous pass minus `overlapMs` (default 10 minutes: analyses committed while a pass ran).
   * Detection is idempotent, so overlaps cost time, never duplicates.
   */
  lookbackMs?: number;
  overlapMs?: number;
  /**
   * Runs first in each pass, from the first one at start-up: the analysis of versions left pending
   * or claimed by a process that died (the composition root passes it; none by default).
   */
  analyze?: (db: Db) => Promise<unknown>;
  /** False when the analysis pipeline calls `detectAlerts` itself. */
  detect?: boolean;
  thresholds?: Partial<ChangeThresholds>;
  outbox?: Omit<OutboxOptions, "now">;
  /** Told after each completed pass what it did (logging, metrics, tests). */
  onPass?: (pass: { alerts: number; outbox: OutboxResult }) => void;
  /** Where a failed pass is reported; the next pass runs anyway. */
  onError?: (error: unknown) => void;
}

/**
 * Runs detection and the outbox now and then every `intervalMs`, one pass at a time. Several
 * workers (processes or machines) may share one PostgreSQL server: claims keep them apart.
 * Returns `stop`, which waits for a running pass to finish.
 * @example const stop = startAlertWorker({ db, config }); ...; await stop();
 */
export function startAlertWorker(options: AlertWorkerOptions): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 60_000;
  const lookbackMs = options.lookbackMs ?? 7 * 24 * 60 * 60_000;
  const onError =
    options.onError ?? ((e: unknown) => console.error("alert worker: pass failed, next pass in", intervalMs, "ms:", e));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastPassMs: number | undefined;

  async function pass(): Promise<void> {
    const now = new Date();
    const since = new Date(
      lastPassMs === undefined ? now.getTime() - lookbackMs : lastPassMs - (options.overlapMs ?? 10 * 60_000),
    );
    try {
      await options.analyze?.(options.db);
      const detected =
        options.detect !== false
          ? await detectAlerts(options.db, { since, now, thresholds: options.thresholds })
          : undefined;
      lastPassMs = now.getTime();
      const outbox = await runOutbox(options.db, options.config, options.outbox);
      options.onPass?.({ alerts: detected?.alerts.length ?? 0, outbox });
    } catch (e) {
      onError(e);
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(function alertWorkerPass() {
      running = pass().finally(() => schedule(intervalMs));
    }, delayMs);
  }

  schedule(0);
  return async function stopAlertWorker() {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
