import { spawn } from "node:child_process";
import { join } from "node:path";

/** The command line users run: bin/ssc-monitor.js. */
export const BIN = join(import.meta.dirname, "..", "bin", "ssc-monitor.js");

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real command line in its own process, as a user would, in `cwd` with a clean
 * environment: PATH, HOME and `env`. With `untilOutput`, the process is sent SIGTERM once its
 * output matches (for `start`, which runs until stopped).
 * @example const r = await runBin(["migrate", "--help"], { cwd: scratch }) // r.code === 0
 */
export function runBin(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; untilOutput?: RegExp },
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      if (options.untilOutput?.test(stdout)) child.kill("SIGTERM");
    });
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
