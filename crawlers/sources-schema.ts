import { z } from "zod";
import { ORGANIZATIONS } from "../db/organizations-registry.ts";
import { siteShape, sourceId } from "./sources/site-settings.ts";

/**
 * The shapes of a sources file's entries (zod), with reasons a maintainer can act on:
 * `"every day" is not a cron expression`, `"unosc" is not an organization id`, ...
 */

const ORGANIZATION_IDS = new Set(ORGANIZATIONS.map((o) => o.id));

const organization = z.string({ error: 'is required (an organization id such as "unossc")' }).superRefine((v, ctx) => {
  if (!ORGANIZATION_IDS.has(v))
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(v)} is not an organization id (known: ${[...ORGANIZATION_IDS].join(", ")})`,
    });
});

export const siteEntry = z.strictObject({ ...siteShape, organization });
/** A user's entry for a site that sources.yaml already defines: any subset of its keys. */
export const siteOverride = siteEntry.partial().required({ id: true });

/**
 * What the catalog checks on an entry for a built-in source, beside the source's own settings
 * schema (which refuses unknown keys and bad values): its id and organization.
 */
export const builtinOverride = z.looseObject({
  id: sourceId,
  kind: z.string().optional(),
  organization: organization.optional(),
});

export type SiteEntry = z.infer<typeof siteEntry>;
