import { afterEach, expect, it } from "vitest";
import { openBoss } from "../jobs/boss.ts";
import { QUEUES, deadQueue } from "../jobs/queues.ts";
import { createTestDatabase, type TestDatabase } from "./db-harness.ts";

let test: TestDatabase | undefined;
afterEach(async () => {
  await test?.drop();
  test = undefined;
});

// Workers started together on a fresh database all race to create the queues; PostgreSQL once
// picked one of them as a deadlock victim and that worker exited at start (so a "second worker"
// silently did nothing).
it("starts several workers together on a fresh database, every one of them", { timeout: 120_000 }, async () => {
  for (let round = 0; round < 3; round++) {
    test = await createTestDatabase("postgres");
    const { handle, url } = test;
    const started = await Promise.allSettled(
      Array.from({ length: 4 }, () => openBoss(handle, { databaseUrl: url, leaseSeconds: 60, supervise: false })),
    );
    const failures = started.flatMap((s) => (s.status === "rejected" ? [String(s.reason)] : []));
    for (const s of started) if (s.status === "fulfilled") await s.value.stop({ graceful: false, close: true });
    expect(failures).toEqual([]);
    const boss = await openBoss(handle, { databaseUrl: url, leaseSeconds: 60, supervise: false });
    const names = (await boss.getQueues()).map((q) => q.name).sort();
    await boss.stop({ graceful: false, close: true });
    expect(names).toEqual([...QUEUES.flatMap((q) => [q, deadQueue(q)])].sort());
    await test.drop();
    test = undefined;
  }
});
