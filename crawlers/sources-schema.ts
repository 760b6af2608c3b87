import { validate as isCron } from "node-cron";
import { z } from "zod";
import { ORGANIZATIONS } from "../db/organizations-registry.ts";

/**
 * The shapes of a sources file's entries (zod), with reasons a maintainer can act on:
 * `"every day" is not a cron expression`, `"unosc" is not an organization id`, ...
 */

const ORGANIZATION_IDS = new Set(ORGANIZATIONS.map((o) => o.id));

const cron = z.string({ error: 'is required (a cron expression such as "0 3 * * 1")' }).superRefine((v, ctx) => {
  if (!isCron(v))
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(v)} is not a cron expression (e.g. "0 3 * * 1": 03:00 every Monday)`,
    });
});

const organization = z.string({ error: 'is required (an organization id such as "unossc")' }).superRefine((v, ctx) => {
  if (!ORGANIZATION_IDS.has(v))
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(v)} is not an organization id (known: ${[...ORGANIZATION_IDS].join(", ")})`,
    });
});

const regex = z.string().superRefine((v, ctx) => {
  try {
    new RegExp(v);
  } catch (e) {
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(v)} is not a valid regular expression (${(e as Error).message})`,
    });
  }
});
const regexList = (what: string) =>
  z.array(regex, { error: `must be a list of regular expressions matched against the URL (${what})` });

const httpUrl = z.string().superRefine((v, ctx) => {
  if (!URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol))
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(v)} is not an http(s) URL` });
});

const positiveInt = (what: string) =>
  z
    .number({ error: `must be a whole number (${what})` })
    .int(`must be a whole number (${what})`)
    .min(1, `must be at least 1 (${what})`);
const stringOrList = z.union([z.string(), z.array(z.string())], { error: "must be a string or a list of strings" });

export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
const id = z
  .string({ error: "is required" })
  .regex(ID_PATTERN, "must be lower-case letters, digits, '.', '_' or '-' (it names the source in URLs and commands)");

/** Keys of a site entry; all but the optional ones are required for a new site. */
export const siteShape = {
  id,
  organization,
  kind: z.literal("site", {
    error: 'must be "site" for a new source (other kinds are built in; give a built-in id to override one)',
  }),
  startUrls: z.array(httpUrl, { error: "must be a list of http(s) URLs" }).min(1, "must list at least one URL"),
  include: regexList("links to collect"),
  exclude: regexList("links to ignore; [] for none"),
  follow: regexList("pages read for links only").optional(),
  maxDepth: z
    .number({ error: "must be a whole number from 0 to 10" })
    .int("must be a whole number from 0 to 10")
    .min(0, "must be a whole number from 0 to 10")
    .max(10, "must be a whole number from 0 to 10"),
  schedule: cron,
  engine: z.enum(["cheerio", "playwright"], { error: 'must be "cheerio" or "playwright"' }),
  allowedHosts: z.array(z.string().min(1)).optional(),
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  maxDocuments: positiveInt("documents per run").optional(),
  maxPages: positiveInt("listing pages per run").optional(),
};

export const siteEntry = z.strictObject(siteShape);
/** A user's entry for a site that sources.yaml already defines: any subset of its keys. */
export const siteOverride = z.strictObject(siteShape).partial().required({ id: true });

/** What may be overridden on a built-in source; other keys pass through to the source's settings. */
export const builtinOverride = z.looseObject({
  id,
  kind: z.string().optional(),
  organization: organization.optional(),
  baseUrl: httpUrl.optional(),
  files: z.union([httpUrl, z.array(httpUrl)], { error: "must be a URL or a list of URLs" }).optional(),
  listingUrls: z.union([httpUrl, z.array(httpUrl)], { error: "must be a URL or a list of URLs" }).optional(),
  symbols: stringOrList.optional(),
  query: stringOrList.optional(),
  apiKey: z.string({ error: "must be a string" }).min(1, "must not be empty").optional(),
  schedule: cron.optional(),
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  allowedHosts: z.array(z.string().min(1), { error: "must be a list of host names" }).optional(),
});

export type SiteEntry = z.infer<typeof siteEntry>;
