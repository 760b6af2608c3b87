import { createLogger, type LogLevel } from "../../crawlers/log.ts";
import { createDb } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { QUEUES, type QueueName } from "../../jobs/queues.ts";
import { DEFAULT_LEASE_SECONDS, startJobWorker } from "../../jobs/worker.ts";
import { COMMON_OPTIONS, UsageError, configFrom, parseCommand, writeLine, type Command } from "../args.ts";

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number of at least 1`);
  return n;
}

function queuesOf(value: string | undefined): QueueName[] {
  if (!value) return [...QUEUES];
  const names = value.split(",").map((q) => q.trim());
  const unknown = names.filter((q) => !(QUEUES as readonly string[]).includes(q));
  if (unknown.length) throw new UsageError(`unknown queue ${unknown.join(", ")}; queues: ${QUEUES.join(", ")}`);
  return names as QueueName[];
}

const SYNOPSIS =
  `ssc-monitor worker [--queues ${QUEUES.join(",")}] [--concurrency N] [--lease SECONDS] ` +
  "[--data DIR] [--sources FILE]";

export const workerCommand: Command = {
  name: "worker",
  summary: "run pipeline jobs (discovery, fetch, analysis, detection, delivery) from the queue",
  usage: `${SYNOPSIS}

Runs jobs until SIGTERM or Ctrl-C, on any machine that reaches the database (DATABASE_URL). Running
jobs get 30 s to finish on SIGTERM, the rest are handed back; a worker killed outright has its jobs
retried by another worker once their lease (--lease, default ${DEFAULT_LEASE_SECONDS} s) runs out.`,
  async run(argv, io) {
    const { values } = parseCommand(argv, {
      ...COMMON_OPTIONS,
      queues: { type: "string" },
      concurrency: { type: "string" },
      lease: { type: "string" },
    });
    const queues = queuesOf(values.queues);
    const concurrency = positiveInt("concurrency", values.concurrency, 2);
    const leaseSeconds = positiveInt("lease", values.lease, DEFAULT_LEASE_SECONDS);
    const config = configFrom(values);
    const log = createLogger(config.logLevel as LogLevel, io.stderr);
    const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrate(handle);
      const worker = await startJobWorker({ handle, config, log, queues, concurrency, leaseSeconds });
      writeLine(io.stderr, `ssc-monitor worker: ${queues.join(", ")} × ${concurrency} on ${handle.location}`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      writeLine(io.stderr, "ssc-monitor worker: stopping; running jobs finish or are handed back");
      await worker.stop();
    } finally {
      await handle.close();
    }
    return 0;
  },
};
