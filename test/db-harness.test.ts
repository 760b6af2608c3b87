import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { migrate } from "../db/migrate.ts";
import { organizations } from "../db/schema/index.ts";
import { describeEachDb } from "./db-harness.ts";

describeEachDb("storage foundation", (t) => {
  it("seeds the organization registry, with UNDP's IATI identifier", async () => {
    const [undp] = await t().db.select().from(organizations).where(eq(organizations.id, "undp"));
    expect(undp?.iatiId).toBe("XM-DAC-41114");
    const rows = await t().db.select().from(organizations);
    expect(rows.map((r) => r.id)).toEqual(
      expect.arrayContaining(["unossc", "worldbank", "afdb", "isdb", "ndb", "eclac", "jiu"]),
    );
  });

  it("migrates and seeds again without duplicating anything", async () => {
    const before = await t().db.select().from(organizations);
    await migrate(t().handle);
    const after = await t().db.select().from(organizations);
    expect(after.length).toBe(before.length);
  });
});
