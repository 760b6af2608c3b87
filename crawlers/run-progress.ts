import type { CrawlProgress } from "./run.ts";
import type { Logger } from "./types.ts";

/**
 * A crawl's progress on a terminal: one line per running source (documents seen, fetched,
 * failed), redrawn at most every `intervalMs`. On anything but a terminal (a pipe, a file, CI) it
 * writes nothing, so logs and the JSON summaries stay clean for programs that read them.
 */

export interface ProgressReporter {
  update(progress: CrawlProgress): void;
  /** The source ended: its line goes away and `print` (its JSON summary) is written in its place. */
  done(source: string, print?: () => void): void;
  /** Wraps a logger so its lines do not tear the progress lines. */
  wrap(log: Logger): Logger;
  close(): void;
}

type Tty = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const NONE: ProgressReporter = { update() {}, done: (_source, print) => print?.(), wrap: (log) => log, close() {} };

/**
 * @example const progress = createProgressReporter(process.stderr); runCrawl({ ..., onProgress: progress.update })
 */
export function createProgressReporter(stream: Tty, options: { intervalMs?: number } = {}): ProgressReporter {
  if (!stream.isTTY) return NONE;
  const intervalMs = options.intervalMs ?? 200;
  const lines = new Map<string, CrawlProgress>();
  let drawn = 0;
  let lastDraw = 0;
  const clear = () => {
    if (drawn) stream.write(`\x1b[${drawn}F\x1b[J`);
    drawn = 0;
  };
  const draw = () => {
    clear();
    const width = Math.max(20, (stream.columns ?? 100) - 1);
    for (const p of lines.values()) {
      const line =
        `${p.source}: ${p.seen} seen, ${p.fetched} fetched (${p.new} new, ${p.changed} changed, ` +
        `${p.unchanged} unchanged), ${p.failed} failed`;
      stream.write(`${line.slice(0, width)}\n`);
    }
    drawn = lines.size;
    lastDraw = Date.now();
  };
  return {
    update(progress) {
      lines.set(progress.source, progress);
      if (Date.now() - lastDraw >= intervalMs) draw();
    },
    done(source, print) {
      lines.delete(source);
      clear();
      print?.();
      draw();
    },
    wrap(log) {
      const around =
        (write: Logger["info"]) =>
        (msg: string, data?: Record<string, unknown>): void => {
          clear();
          write(msg, data);
          draw();
        };
      return { debug: around(log.debug), info: around(log.info), warn: around(log.warn), error: around(log.error) };
    },
    close() {
      lines.clear();
      clear();
    },
  };
}
