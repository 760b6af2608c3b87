import type PgBoss from "pg-boss";
import type { DocumentRef } from "../crawlers/types.ts";

/**
 * The job queues of the pipeline, in the order data flows through them, and how each behaves.
 * Every job carries a singleton key: with the "short" policy pg-boss keeps at most one queued job
 * per key (a source's discovery, a URL's fetch, a version's analysis or detection, the outbox
 * pass), while the database claims (source lease, version claim, delivery claim) keep two running
 * copies from doing the work twice.
 */

export const QUEUES = ["discover", "fetch", "analyze", "detect", "deliver"] as const;
export type QueueName = (typeof QUEUES)[number];

export interface DiscoverJob {
  sourceId: string;
}
export interface FetchJob {
  runId: number;
  sourceId: string;
  organizationId: string | null;
  ref: DocumentRef;
}
export interface VersionJob {
  versionId: number;
}
export type DeliverJob = Record<string, never>;

export interface JobData {
  discover: DiscoverJob;
  fetch: FetchJob;
  analyze: VersionJob;
  detect: VersionJob;
  deliver: DeliverJob;
}

/** Where a job that failed its last retry goes: kept there, visible in `jobs` and /health. */
export const deadQueue = (queue: QueueName) => `${queue}-dead`;

/** How long a job may stay active before pg-boss fails it and retries it elsewhere (its lease), by queue. */
export function leaseSecondsOf(queue: QueueName, leaseSeconds: number): number {
  // A discovery walks a whole publisher: give it more; its source lease (renewed) keeps it single.
  return queue === "discover" ? Math.max(leaseSeconds, 30 * 60) : leaseSeconds;
}

/** A job's lease, and the first retry's delay (doubled each retry by pg-boss's back-off). */
export interface QueueTimings {
  leaseSeconds: number;
  retryDelaySeconds?: number;
}

export function queueOptions(queue: QueueName, timings: QueueTimings): PgBoss.Queue {
  const { leaseSeconds } = timings;
  return {
    name: queue,
    policy: "short",
    retryLimit: 3,
    retryDelay: timings.retryDelaySeconds ?? 5,
    retryBackoff: true,
    expireInSeconds: leaseSecondsOf(queue, leaseSeconds),
    deadLetter: deadQueue(queue),
  };
}

/** The job's singleton key: what must not be queued twice. */
export function singletonKeyOf<Q extends QueueName>(queue: Q, data: JobData[Q]): string {
  switch (queue) {
    case "discover":
      return (data as DiscoverJob).sourceId;
    case "fetch":
      return (data as FetchJob).ref.url;
    case "analyze":
    case "detect":
      return String((data as VersionJob).versionId);
    default:
      return "outbox";
  }
}

/** PostgreSQL's "deadlock detected" and "could not serialize": the statement may simply be run again. */
const RACE_CODES = new Set(["40P01", "40001"]);

/**
 * Creates the queues and their dead-letter queues (idempotent). Workers starting together on a
 * fresh database race here: pg-boss creates a queue's table partition, and PostgreSQL picks all
 * but one of the racing workers as deadlock victims; a victim tries again a moment later instead
 * of exiting at start.
 */
export async function createQueues(boss: PgBoss, timings: QueueTimings): Promise<void> {
  const once = async (name: string, options?: PgBoss.Queue) => {
    if (await boss.getQueue(name)) return options && boss.updateQueue(name, options);
    try {
      await boss.createQueue(name, options);
    } catch (error) {
      if (!(await boss.getQueue(name))) throw error; // another worker created it first: fine
    }
  };
  const ensure = async (name: string, options?: PgBoss.Queue) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(name, options);
      } catch (error) {
        if (attempt >= 8 || !RACE_CODES.has((error as { code?: string })?.code ?? "")) throw error;
        await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 80));
      }
    }
  };
  for (const queue of QUEUES) {
    await ensure(deadQueue(queue));
    await ensure(queue, queueOptions(queue, timings));
  }
}

export type SendJob = <Q extends QueueName>(queue: Q, data: JobData[Q]) => Promise<string | null>;

/** Sends a job that starts no earlier than `startAfter`. */
export function createLaterSender(boss: PgBoss) {
  return <Q extends QueueName>(queue: Q, data: JobData[Q], startAfter: Date) =>
    boss.sendAfter(queue, data as object, { singletonKey: singletonKeyOf(queue, data) }, startAfter);
}

/**
 * @example const send = createSender(boss); await send("discover", { sourceId: "jiu-reports" })
 */
export function createSender(boss: PgBoss): SendJob {
  return (queue, data) => boss.send(queue, data as object, { singletonKey: singletonKeyOf(queue, data) });
}
