import { z } from "zod";
import type { SourceSettings } from "../types.ts";
import { cron, httpUrl, positiveInt } from "./settings.ts";

/**
 * The settings of a site source (a publisher's listing pages, crawled by crawlers/sources/site.ts):
 * every key but the optional ones is required for a new site. The sources file checks
 * `organization` against the organization registry on top of this (crawlers/sources-schema.ts).
 */

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

const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const sourceId = z
  .string({ error: "is required" })
  .regex(ID_PATTERN, "must be lower-case letters, digits, '.', '_' or '-' (it names the source in URLs and commands)");

/** Keys of a site entry. */
export const siteShape = {
  id: sourceId,
  organization: z.string({ error: 'is required (an organization id such as "unossc")' }),
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
  allowedHosts: z.array(z.string().min(1), { error: "must be a list of host names" }).optional(),
  enabled: z.boolean({ error: "must be true or false" }).optional(),
  maxDocuments: positiveInt("documents per run").optional(),
  maxPages: positiveInt("listing pages per run").optional(),
};

/**
 * Hosts a site may fetch: its allowedHosts, else the hosts (with port) of its start URLs.
 * @example siteAllowedHosts({ startUrls: ["http://127.0.0.1:9999/list"] }) // ["127.0.0.1:9999"]
 */
export function siteAllowedHosts(settings: { allowedHosts?: string[]; startUrls: string[] }): string[] {
  if (settings.allowedHosts?.length) return settings.allowedHosts;
  return [...new Set(settings.startUrls.filter((u) => URL.canParse(u)).map((u) => new URL(u).host.toLowerCase()))];
}

/** A complete site entry → its settings: enabled unless it says not, its hosts decided. */
export const siteSettings: z.ZodType<SiteSettings> = z
  .strictObject(siteShape)
  .transform((s) => ({ ...s, enabled: s.enabled ?? true, allowedHosts: siteAllowedHosts(s) }));

export interface SiteSettings extends SourceSettings {
  kind: "site";
  organization: string;
  startUrls: string[];
  include: string[];
  exclude: string[];
  /** Pages read for links but not stored (category pages); pagination needs no entry here. */
  follow?: string[];
  maxDepth: number;
  engine: "cheerio" | "playwright";
  maxDocuments?: number;
  /** Listing pages read per run, pagination included. Default 200. */
  maxPages?: number;
}
