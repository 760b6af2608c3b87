import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../db/client.ts";

/**
 * The served PGlite has one backend for `start` and every socket client: each session must keep
 * it whole (its statement batch, its transaction) and leave nothing behind when it goes away.
 */

const dir = mkdtempSync(join(tmpdir(), "ssc-gate-"));
let owner: DbHandle;
let socket = "";
const clients: postgres.Sql[] = [];
const client = (max: number) => {
  const c = postgres({ path: socket, max, prepare: false, onnotice: () => {}, user: "postgres", database: "postgres" });
  clients.push(c);
  return c;
};
const rowsOf = (r: unknown) =>
  (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;

beforeAll(async () => {
  owner = await createDb({ dataDir: join(dir, "data"), serve: true });
  socket = await owner.serve!();
  await owner.db.execute(sql`create table probe (id int primary key, who text not null)`);
}, 120_000);
afterAll(async () => {
  for (const c of clients) await c.end({ timeout: 1 }).catch(() => {});
  await owner?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("PGlite served on a socket", () => {
  it("keeps concurrent clients' statements apart (each gets its own parameters and rows)", async () => {
    const a = client(4);
    const b = client(4);
    const results = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        (i % 2 ? a : b)`insert into probe values (${i}, ${`c${i}`}) returning id, who`.then((r) => r[0]),
      ),
    );
    expect(results).toEqual(Array.from({ length: 120 }, (_, i) => ({ id: i, who: `c${i}` })));
    const local = await Promise.all(
      [0, 1, 2].map((i) => owner.db.execute(sql`select who from probe where id = ${i}`).then(rowsOf)),
    );
    expect(local.map((r) => r[0]?.who)).toEqual(["c0", "c1", "c2"]);
  });

  it("a client's open transaction is its own: start's queries wait for it and never join it", async () => {
    const c = client(1);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const tx = c
      .begin(async (t) => {
        await t`insert into probe values (1000, 'client tx')`;
        await held;
        throw new Error("roll back");
      })
      .catch((e: Error) => e.message);
    await new Promise((r) => setTimeout(r, 200));
    let localDone = false;
    const local = owner.db.execute(sql`insert into probe values (1001, 'start')`).then(() => (localDone = true));
    await new Promise((r) => setTimeout(r, 200));
    expect(localDone).toBe(false);
    release();
    expect(await tx).toBe("roll back");
    await local;
    const rows = rowsOf(await owner.db.execute(sql`select id from probe where id >= 1000 order by id`));
    expect(rows).toEqual([{ id: 1001 }]);
  });

  it("a client that goes away mid-transaction leaves nothing behind and blocks no one", async () => {
    const c = postgres({ path: socket, max: 1, prepare: false, onnotice: () => {}, user: "postgres" });
    const tx = c
      .begin(async (t) => {
        await t`insert into probe values (2000, 'gone')`;
        await new Promise((r) => setTimeout(r, 60_000));
      })
      .catch(() => "ended");
    await new Promise((r) => setTimeout(r, 200));
    await c.end({ timeout: 0 });
    expect(await tx).toBe("ended");
    await owner.db.execute(sql`insert into probe values (2001, 'after')`);
    const rows = rowsOf(await owner.db.execute(sql`select id from probe where id >= 2000 order by id`));
    expect(rows).toEqual([{ id: 2001 }]);
    expect((await client(1)`select count(*)::int as n from probe where id = 2000`)[0]).toEqual({ n: 0 });
  });
});
