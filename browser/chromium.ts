import { randomBytes } from "node:crypto";
import { constants, createReadStream, createWriteStream, readFileSync } from "node:fs";
import { access, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir, userInfo } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress } from "node:zlib";
import type { Browser, LaunchOptions } from "playwright-core";
import { UnavailableError } from "../errors.ts";

/**
 * One way to find and start chromium, for the PDF export and the playwright crawl engine alike:
 * `CHROMIUM_PATH` when set, else a system chromium when present, else the binary shipped inside
 * the `@sparticuz/chromium` npm package (unpacked once into a cache folder, with its own fonts),
 * so that `npm ci` alone gives a working browser. Never `playwright install`: it downloads from
 * elsewhere.
 */
export interface ChromiumLaunch {
  executablePath: string;
  /** Where the binary came from, for messages and /health. */
  origin: "CHROMIUM_PATH" | "system" | "npm";
  /** Environment for the browser process (fontconfig for the npm build). */
  env?: Record<string, string>;
}

/** Flags for headless chromium on this kind of machine (STACK.md): no sandbox as root, no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

const SYSTEM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome-stable"];

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Picks the browser to launch; throws an UnavailableError whose message is one line that
 * says what to set or install.
 * @example await resolveChromium({ chromiumPath: undefined })
 *   // { executablePath: "/usr/bin/chromium", origin: "system" }
 */
export async function resolveChromium(options: { chromiumPath?: string } = {}): Promise<ChromiumLaunch> {
  if (options.chromiumPath) {
    if (await isExecutable(options.chromiumPath))
      return { executablePath: options.chromiumPath, origin: "CHROMIUM_PATH" };
    throw new UnavailableError(`CHROMIUM_PATH=${options.chromiumPath} is not an executable file`);
  }
  for (const path of SYSTEM_PATHS) {
    if (await isExecutable(path)) return { executablePath: path, origin: "system" };
  }
  return unpackNpmChromium();
}

let unpacking: Promise<ChromiumLaunch> | null = null;

/** The npm build, unpacked at most once per process (and once per machine: see `unpackTo`). */
function unpackNpmChromium(): Promise<ChromiumLaunch> {
  unpacking ??= unpackTo().catch((cause) => {
    unpacking = null;
    throw cause;
  });
  return unpacking;
}

function packageBin(): { bin: string; version: string } {
  const require = createRequire(import.meta.url);
  let root: string;
  try {
    root = dirname(dirname(require.resolve("@sparticuz/chromium"))); // …/build/index.js
  } catch (cause) {
    throw new UnavailableError(
      "no chromium found: install Debian's chromium, set CHROMIUM_PATH to a chromium binary, or run npm ci " +
        "(it brings @sparticuz/chromium)",
      { cause },
    );
  }
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  return { bin: join(root, "bin"), version };
}

/**
 * Unpacks the brotli-compressed binary and its fonts into a per-user cache folder. Each file is
 * written under a temporary name and renamed into place, so two processes unpacking at once
 * (test workers, a CLI beside the service) never launch a half-written binary.
 */
async function unpackTo(): Promise<ChromiumLaunch> {
  const { bin, version } = packageBin();
  const dir = join(tmpdir(), `ssc-monitor-chromium-${version}-${userInfo().uid}`);
  const executablePath = join(dir, "chromium");
  const fontsDir = join(dir, "fonts");
  const fontsConf = join(dir, "fonts.conf");
  if (!(await isExecutable(executablePath)) || !(await exists(fontsConf))) {
    await mkdir(dir, { recursive: true });
    await inflateFile(join(bin, "chromium.br"), executablePath, 0o755);
    await inflateTar(join(bin, "fonts.tar.br"), dir, "fonts");
    const conf =
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
      `  <dir>${fontsDir}</dir>\n  <dir>/usr/share/fonts</dir>\n  <cachedir>${join(dir, "fonts-cache")}</cachedir>\n` +
      `</fontconfig>\n`;
    await atomicWrite(fontsConf, conf);
  }
  return {
    executablePath,
    origin: "npm",
    env: { FONTCONFIG_PATH: dir, FONTCONFIG_FILE: fontsConf },
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

const tempName = (path: string) => `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;

async function atomicWrite(path: string, text: string): Promise<void> {
  const tmp = tempName(path);
  await writeFile(tmp, text);
  await rename(tmp, path);
}

async function inflateFile(source: string, target: string, mode: number): Promise<void> {
  const tmp = tempName(target);
  try {
    await pipeline(createReadStream(source), createBrotliDecompress(), createWriteStream(tmp, { mode }));
    await rename(tmp, target);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Extracts a .tar.br next to the others, then moves its top folder into place in one rename. */
async function inflateTar(source: string, dir: string, topFolder: string): Promise<void> {
  const target = join(dir, topFolder);
  if (await exists(target)) return;
  const staging = tempName(join(dir, `${topFolder}-staging`));
  const { extract } = (await import("tar-fs")) as unknown as {
    extract: (cwd: string) => NodeJS.WritableStream;
  };
  try {
    await pipeline(createReadStream(source), createBrotliDecompress(), extract(staging));
    await rename(join(staging, topFolder), target).catch(async (cause: NodeJS.ErrnoException) => {
      if (!(await exists(target))) throw cause; // another process won the race: keep its copy
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Launches the resolved chromium with `CHROMIUM_ARGS` (plus `extra`). A browser that cannot
 * start becomes one UnavailableError line naming the binary and the first line of the reason.
 * @example const browser = await launchChromium({ chromiumPath: config.chromiumPath });
 */
export async function launchChromium(
  options: { chromiumPath?: string; args?: string[] } = {},
  launchOptions: Omit<LaunchOptions, "executablePath" | "args" | "env"> = {},
): Promise<Browser> {
  const resolved = await resolveChromium(options);
  const { chromium } = await import("playwright-core");
  // The browser inherits the environment, plus the fontconfig of the npm build.
  const env = resolved.env ? { ...process.env, ...resolved.env } : undefined;
  try {
    return await chromium.launch({
      headless: true,
      ...launchOptions,
      executablePath: resolved.executablePath,
      args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
      env,
    });
  } catch (cause) {
    const reason = (cause as Error).message.split("\n").find((l) => l.trim()) ?? String(cause);
    throw new UnavailableError(
      `chromium (${resolved.origin}: ${resolved.executablePath}) did not start: ${reason.trim()}; ` +
        "set CHROMIUM_PATH to a working chromium binary",
      { cause },
    );
  }
}
