import { sql } from "drizzle-orm";
import type { Db } from "./client.ts";
import { organizations } from "./schema/organizations.ts";
import { ORGANIZATIONS } from "./organizations-registry.ts";

/**
 * Upserts the organization registry: running it twice changes nothing, and an edited entry
 * in the registry updates its row.
 */
export async function seedOrganizations(db: Db): Promise<void> {
  await db
    .insert(organizations)
    .values(ORGANIZATIONS)
    .onConflictDoUpdate({
      target: organizations.id,
      set: {
        name: sql`excluded.name`,
        acronym: sql`excluded.acronym`,
        kind: sql`excluded.kind`,
        homepage: sql`excluded.homepage`,
        iatiId: sql`excluded.iati_id`,
        parentId: sql`excluded.parent_id`,
      },
    });
}
