import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { FX } from "../analysis/currency.ts";
import { createDb, type DbHandle } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { rowsOf } from "../db/queries/documents.ts";
import { createTestDatabase } from "./db-harness.ts";

/**
 * Several processes started together on a fresh server database (`start` beside workers, a fleet
 * of workers) all migrate first. drizzle's migrator takes no lock: without one, all but one failed
 * creating the same tables. Each handle here is a pool of its own, as each process has.
 */
it("migrates a fresh server database from four processes at once, each one succeeding", {
  timeout: 120_000,
}, async () => {
  const fresh = await createTestDatabase("postgres", { migrated: false });
  const handles: DbHandle[] = [];
  try {
    for (let i = 0; i < 4; i++) handles.push(await createDb({ databaseUrl: fresh.url!, maxConnections: 2 }));
    const results = await Promise.allSettled(handles.map((h) => migrate(h)));
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok", "ok", "ok"]);
    const count = async (query: string) => Number(rowsOf<{ n: number }>(await fresh.db.execute(sql.raw(query)))[0].n);
    const journal = (await import("../db/migrations/meta/_journal.json", { with: { type: "json" } })).default;
    expect(await count("select count(*) as n from drizzle.__drizzle_migrations")).toBe(journal.entries.length);
    const rates = Object.values(FX.rates).reduce((n, r) => n + Object.keys(r).length, 0);
    expect(await count("select count(*) as n from fx_rates")).toBe(rates);
  } finally {
    await Promise.all(handles.map((h) => h.close()));
    await fresh.drop();
  }
});
