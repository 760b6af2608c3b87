import { asc, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { organizations, type Organization } from "../schema/organizations.ts";

/**
 * All organizations of the registry, by acronym.
 * @example (await listOrganizations(db)).map((o) => o.acronym) // ["ADB", "AfDB", ...]
 */
export async function listOrganizations(db: Db): Promise<Organization[]> {
  return db.select().from(organizations).orderBy(asc(organizations.acronym));
}

/** One organization by id, or undefined. @example await getOrganization(db, "undp") */
export async function getOrganization(db: Db, id: string): Promise<Organization | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id));
  return row;
}
