/**
 * `npm run bench -- pglite-socket`: what the CLI beside a running `start` pays to reach PGlite
 * through the socket, against `start`'s own in-process queries. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { createDb } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { apiKeys } from "../db/schema/index.ts";

const N = Number(process.env.BENCH_QUERIES ?? 500);
const dir = mkdtempSync(join(tmpdir(), "ssc-bench-socket-"));

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return Math.round(performance.now() - t);
}

try {
  const owner = await createDb({ dataDir: join(dir, "data"), serve: true });
  await migrate(owner);
  await owner.serve!();
  const local = await timed(async () => {
    for (let i = 0; i < N; i++) await owner.db.execute(sql`select ${i}::int as i`);
  });
  let client!: Awaited<ReturnType<typeof createDb>>;
  const connectMs = await timed(async () => {
    client = await createDb({ dataDir: join(dir, "data") });
  });
  const sequential = await timed(async () => {
    for (let i = 0; i < N; i++) await client.db.execute(sql`select ${i}::int as i`);
  });
  const concurrent = await timed(() =>
    Promise.all(Array.from({ length: N }, (_, i) => client.db.execute(sql`select ${i}::int as i`))),
  );
  const inserts = await timed(async () => {
    for (let i = 0; i < 100; i++)
      await client.db.insert(apiKeys).values({ name: `bench-${i}`, keyHash: `h${i}`, prefix: "ssc_" });
  });
  const mixed = await timed(() =>
    Promise.all(
      Array.from({ length: N }, (_, i) => (i % 2 ? client : owner).db.execute(sql`select count(*) from api_keys`)),
    ),
  );
  await client.close();
  await owner.close();
  console.log(
    JSON.stringify({
      bench: "pglite-socket",
      queries: N,
      inProcessMsPerQuery: +(local / N).toFixed(3),
      socketConnectMs: connectMs,
      socketSequentialMsPerQuery: +(sequential / N).toFixed(3),
      socketConcurrentMsPerQuery: +(concurrent / N).toFixed(3),
      socketInsertMsPerRow: +(inserts / 100).toFixed(3),
      mixedOwnerAndSocketMsPerQuery: +(mixed / N).toFixed(3),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
