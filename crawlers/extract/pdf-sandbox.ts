import { Worker } from "node:worker_threads";

/**
 * Runs pdf.js in a worker thread that can be killed. pdf.js parses on the thread that calls it,
 * and a hostile PDF (a FlateDecode stream that inflates to gigabytes, one page of 40 MB of text
 * operators) keeps it busy in one synchronous stretch: no timer of that thread fires, and its
 * memory grows until the operating system kills the whole process. In a worker, the parent's
 * timer still fires and `terminate()` stops it mid-page, a V8 heap limit ends it with
 * ERR_WORKER_OUT_OF_MEMORY instead of a process abort, and the parent watches the process's
 * resident memory for what the heap limit does not count (pdf.js decodes into ArrayBuffers).
 *
 * One worker serves the whole process, one PDF at a time (the crawl's documents queue for it,
 * as they did on the main thread); a killed worker is replaced on the next PDF. It is unref'd
 * while idle so it never keeps a finished process alive.
 */

export interface SandboxLimits {
  timeoutMs: number;
  /** Growth of the process's resident memory allowed while one PDF is parsed. */
  maxMemoryMb: number;
  /** Characters of text a document may give (all pages); more is a failure, not a truncation. */
  maxTextChars: number;
}

export type SandboxOutcome =
  | { pages: string[]; title: string | null }
  | { error: { name: string; message: string } }
  | { limit: "timeout" | "memory" | "text"; detail: string };

interface Job {
  id: number;
  bytes: Uint8Array;
  limits: SandboxLimits;
  resolve(outcome: SandboxOutcome): void;
}

/** How often the parent samples resident memory while a PDF is parsed. */
const MEMORY_POLL_MS = 50;
const WORKER_URL = new URL("./pdf-worker.mjs", import.meta.url);

let worker: Worker | null = null;
/** The heap limit the running worker was started with. */
let workerHeapMb = 0;
let current: (Job & { stop(): void }) | null = null;
const waiting: Job[] = [];
let nextId = 1;

function heapLimitMb(limits: SandboxLimits): number {
  return Math.max(64, Math.min(limits.maxMemoryMb, 1024));
}

function spawn(limits: SandboxLimits): Worker {
  const w = new Worker(WORKER_URL, {
    resourceLimits: { maxOldGenerationSizeMb: heapLimitMb(limits), maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
  });
  workerHeapMb = heapLimitMb(limits);
  w.on("message", (message: { id: number } & Record<string, unknown>) => {
    if (!current || message.id !== current.id) return;
    const { id: _, ...rest } = message;
    if ("timeout" in rest) return finish({ limit: "timeout", detail: `${current.limits.timeoutMs} ms` });
    if ("tooMuchText" in rest)
      return finish({ limit: "text", detail: `${rest.tooMuchText} characters, over ${current.limits.maxTextChars}` });
    finish(rest as SandboxOutcome);
  });
  w.on("error", (error: Error & { code?: string }) => {
    if (w !== worker) return;
    worker = null;
    if (error.code === "ERR_WORKER_OUT_OF_MEMORY")
      return finish({ limit: "memory", detail: `its heap passed ${heapLimitMb(limits)} MB` });
    finish({ error: { name: error.name, message: error.message } });
  });
  w.on("exit", () => {
    if (w !== worker) return;
    worker = null;
    finish({ error: { name: "Error", message: "the PDF reader stopped unexpectedly" } });
  });
  return w;
}

/** Stops the worker now (it is stuck or over a limit); the next PDF gets a new one. */
function kill(): void {
  const w = worker;
  worker = null;
  void w?.terminate();
}

function finish(outcome: SandboxOutcome): void {
  const job = current;
  if (!job) return;
  current = null;
  job.stop();
  if ("limit" in outcome && outcome.limit !== "text") kill();
  job.resolve(outcome);
  startNext();
}

function startNext(): void {
  if (current) return;
  const job = waiting.shift();
  if (!job) {
    worker?.unref();
    return;
  }
  if (worker && workerHeapMb !== heapLimitMb(job.limits)) kill();
  worker ??= spawn(job.limits);
  worker.ref();
  const baseline = process.memoryUsage.rss();
  const timer = setTimeout(
    () => finish({ limit: "timeout", detail: `${job.limits.timeoutMs} ms` }),
    job.limits.timeoutMs,
  );
  const watch = setInterval(() => {
    const grown = process.memoryUsage.rss() - baseline;
    if (grown > job.limits.maxMemoryMb * 1024 * 1024)
      finish({ limit: "memory", detail: `the process grew by more than ${job.limits.maxMemoryMb} MB` });
  }, MEMORY_POLL_MS);
  current = {
    ...job,
    stop() {
      clearTimeout(timer);
      clearInterval(watch);
    },
  };
  // The worker gets its own copy, transferred: pdf.js detaches what it is given.
  const bytes = new Uint8Array(job.bytes);
  worker.postMessage({ id: job.id, bytes, timeoutMs: job.limits.timeoutMs, maxTextChars: job.limits.maxTextChars }, [
    bytes.buffer,
  ]);
}

/** Parses one PDF in the worker; never rejects (every ending is an outcome). */
export function parseInSandbox(bytes: Uint8Array, limits: SandboxLimits): Promise<SandboxOutcome> {
  return new Promise((resolve) => {
    waiting.push({ id: nextId++, bytes, limits, resolve });
    startNext();
  });
}
