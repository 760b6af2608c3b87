import { randomBytes, createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UnavailableError } from "../errors.ts";

/**
 * The one-owner lock of a PGlite data directory. PGlite is one process's database: two processes
 * on one directory damage it. Every process that opens the directory takes this lock first (an
 * exclusive create of `ssc-monitor.lock` inside it); the owner records its pid and, when it is
 * `start`, the local socket through which the others reach the same database.
 */

export const LOCK_FILE = "ssc-monitor.lock";

export interface LockInfo {
  pid: number;
  /** What holds it: "start" (serves the socket) or the command name. */
  holder: string;
  /** Set by `start`: where it serves the database over the PostgreSQL wire protocol. */
  socket?: string;
  /** "starting" until `start` listens on the socket, then "serving". */
  state: "open" | "starting" | "serving";
  token: string;
  since: string;
}

export interface DirLock {
  info: LockInfo;
  /** Rewrites the lock in place (atomically), e.g. once the socket listens. */
  update(patch: Partial<Pick<LockInfo, "state" | "socket">>): void;
  release(): void;
}

/** The lock file of a data directory, or null when absent or unreadable (a half-written one counts as absent). */
export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), "utf8")) as LockInfo;
    return Number.isInteger(info.pid) && info.pid > 0 ? info : null;
  } catch {
    return null;
  }
}

/** A pid is alive when signal 0 reaches it (EPERM: alive, someone else's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Where `start` serves the data directory: a socket inside it when the path fits a Unix socket
 * address (Node silently truncates longer paths, which would put the socket somewhere else),
 * else a short name in the temp directory derived from the directory's path.
 */
export function socketPathFor(dataDir: string): string {
  const abs = resolve(dataDir);
  const digest = createHash("sha256").update(abs).digest("hex").slice(0, 16);
  if (process.platform === "win32") return `\\\\.\\pipe\\ssc-monitor-${digest}`;
  const inside = join(abs, ".s.PGSQL.5432");
  return Buffer.byteLength(inside) <= 100 ? inside : join(tmpdir(), `ssc-monitor-${digest}.sock`);
}

function writeNew(file: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(file, "wx", 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(info));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Moves a dead owner's lock away; if another process replaced it meanwhile, puts that one back. */
function removeStale(file: string, stale: LockInfo): void {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else moved it first
  }
  let moved: LockInfo | null = null;
  try {
    moved = JSON.parse(readFileSync(aside, "utf8")) as LockInfo;
  } catch {}
  if (moved && moved.token !== stale.token) {
    try {
      renameSync(aside, file);
      return;
    } catch {}
  }
  try {
    unlinkSync(aside);
  } catch {}
}

/** Who holds the directory, in words, for the refusal messages. */
export function describeHolder(info: LockInfo): string {
  return info.holder === "start"
    ? `ssc-monitor start (pid ${info.pid})`
    : `another ssc-monitor command${info.holder ? ` ("${info.holder}")` : ""} (pid ${info.pid})`;
}

/**
 * Takes the directory's lock or returns the live owner's lock info. A lock whose pid is gone is
 * stale (a crash or a kill) and is taken over.
 */
export function tryLock(dataDir: string, holder: string): DirLock | LockInfo {
  const file = join(dataDir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    holder,
    state: holder === "start" ? "starting" : "open",
    token: `${process.pid}-${randomBytes(8).toString("hex")}`,
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (writeNew(file, info)) return heldLock(file, info);
    const current = readLock(dataDir);
    if (current && pidAlive(current.pid)) return current;
    if (current) removeStale(file, current);
    else if (attempt === 0)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50); // being written
    else removeStale(file, { token: "" } as LockInfo); // unreadable and still there: a torn write by a dead owner
  }
  throw new UnavailableError(`Cannot take the lock ${file}: it keeps changing; is another process starting?`);
}

function heldLock(file: string, info: LockInfo): DirLock {
  let released = false;
  const onExit = () => release();
  function release(): void {
    if (released) return;
    released = true;
    process.off("exit", onExit);
    try {
      const current = JSON.parse(readFileSync(file, "utf8")) as LockInfo;
      if (current.token === info.token) unlinkSync(file);
    } catch {}
  }
  // A command that ends without closing its database still frees the directory.
  process.on("exit", onExit);
  return {
    info,
    update(patch) {
      Object.assign(info, patch);
      const next = `${file}.${info.token}`;
      writeFileSync(next, JSON.stringify(info), { mode: 0o600 });
      renameSync(next, file);
    },
    release,
  };
}
