import { getOrganization } from "../../db/queries/organizations.ts";
import type { Organization } from "../../db/schema/organizations.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";

/**
 * The organization a filter or path names, or a not_found that says where the ids are listed: a
 * typo in `?organization=` must not look like an organization with nothing to report.
 * @example await knownOrganization(db, "undp") // { id: "undp", acronym: "UNDP", ... }
 */
export async function knownOrganization(db: Db, id: string): Promise<Organization> {
  const org = await getOrganization(db, id.trim().toLowerCase());
  if (!org) throw new AppError("not_found", `There is no organization "${id}"; /api/organizations lists them`);
  return org;
}
