import { parseArgs, type ParseArgsConfig } from "node:util";
import { loadConfig, type Config } from "../config.ts";

/** A bad command line: the CLI prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: Io): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options every command that touches storage or sources understands. */
export const COMMON_OPTIONS = {
  data: { type: "string" },
  sources: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies Options;

/**
 * node:util parseArgs in strict mode, with its errors turned into one-line UsageErrors.
 * @example parseCommand(["--year", "2024"], { year: { type: "string" } }).values.year // "2024"
 */
export function parseCommand<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError(message);
  }
}

/** The configuration with `--data` / `--sources` flags over the environment. */
export function configFrom(
  values: { data?: string; sources?: string },
  flags: Partial<Record<keyof Config, string>> = {},
): Config {
  return loadConfig(process.env, {
    ...flags,
    ...(values.data ? { dataDir: values.data } : {}),
    ...(values.sources ? { sourcesFile: values.sources } : {}),
  });
}

export function writeLine(stream: NodeJS.WritableStream, line: string): void {
  stream.write(line.endsWith("\n") ? line : `${line}\n`);
}
