import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { markSourceFinished, upsertSources } from "../db/queries/sources.ts";
import { ORGANIZATIONS } from "../db/organizations-registry.ts";
import { organizations } from "../db/schema/organizations.ts";
import { sources } from "../db/schema/sources.ts";
import { seedOrganizations } from "../db/seed.ts";
import { describeEachDb } from "./db-harness.ts";

/** The upserts that refresh rows from code (db/queries/upsert.ts fromExcluded): what they take, what they keep. */
describeEachDb("upserts from the catalog and the registry", (t) => {
  it("refreshes a source's definition and keeps its status and last error", async () => {
    const definition = {
      id: "upsert-src",
      kind: "site",
      organizationId: "undp",
      enabled: true,
      schedule: "0 4 * * 2",
      config: { a: 1 },
    };
    await upsertSources(t().db, [definition]);
    await markSourceFinished(t().db, { sourceId: "upsert-src", ok: false, error: "HTTP 503" });
    await upsertSources(t().db, [
      { ...definition, kind: "api", organizationId: "fao", enabled: false, schedule: null, config: { b: 2 } },
    ]);
    const [row] = await t().db.select().from(sources).where(eq(sources.id, "upsert-src"));
    expect(row).toMatchObject({
      kind: "api",
      organizationId: "fao",
      enabled: false,
      schedule: null,
      config: { b: 2 },
      status: "failed",
      lastError: "HTTP 503",
    });
  });

  it("puts an edited organization back as the registry has it, and seeding twice adds nothing", async () => {
    const undp = ORGANIZATIONS.find((o) => o.id === "undp")!;
    await t()
      .db.update(organizations)
      .set({ name: "edited", acronym: "X", homepage: null })
      .where(eq(organizations.id, "undp"));
    await seedOrganizations(t().db);
    await seedOrganizations(t().db);
    const [row] = await t().db.select().from(organizations).where(eq(organizations.id, "undp"));
    expect(row).toMatchObject({ name: undp.name, acronym: undp.acronym, homepage: undp.homepage ?? null });
    expect(await t().db.$count(organizations)).toBe(ORGANIZATIONS.length);
  });
});
