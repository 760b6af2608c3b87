import type { Db } from "./client.ts";
import { organizations } from "./schema/organizations.ts";
import { ORGANIZATIONS } from "./organizations-registry.ts";
import { fromExcluded } from "./queries/upsert.ts";

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
      set: fromExcluded(organizations, ["name", "acronym", "kind", "homepage", "iatiId", "parentId"]),
    });
}
