import type { Logger } from "./types.ts";

const LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LEVELS)[number];

/**
 * A logger writing one line per message to `stream` (stderr for the CLI, so stdout keeps only
 * the JSON summaries): time, level, message and its data as JSON.
 * @example createLogger("warn", process.stderr).warn("crawl: robots.txt unavailable", { host })
 */
export function createLogger(level: LogLevel, stream: NodeJS.WritableStream): Logger {
  const min = LEVELS.indexOf(level);
  const write = (at: LogLevel) => (msg: string, data?: Record<string, unknown>) => {
    if (LEVELS.indexOf(at) < min) return;
    stream.write(
      `${new Date().toISOString()} ${at} ${msg}${data && Object.keys(data).length ? ` ${JSON.stringify(data)}` : ""}\n`,
    );
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
