import { validate as isCron } from "node-cron";
import { z } from "zod";
import type { Source, SourceSettings } from "../types.ts";
import { toIsoDate } from "./values.ts";

/**
 * The pieces of a source's settings schema (zod) and `defineSource`, which gives a source its
 * defaults by parsing its own schema. A setting the schema refuses stops the command with its
 * path (`sources[2].rows: must be a whole number (page size)`): a typo in the sources file is
 * fixed, not crawled around.
 */

/**
 * A cron expression.
 * @example cron.parse("0 3 * * 1") // "0 3 * * 1"
 */
export const cron = z.string({ error: 'is required (a cron expression such as "0 3 * * 1")' }).superRefine((v, ctx) => {
  if (!isCron(v))
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(v)} is not a cron expression (e.g. "0 3 * * 1": 03:00 every Monday)`,
    });
});

/** An http(s) URL, as written. */
export const httpUrl = z.string({ error: "must be an http(s) URL" }).superRefine((v, ctx) => {
  if (!URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol))
    ctx.addIssue({ code: "custom", message: `${JSON.stringify(v)} is not an http(s) URL` });
});

/** A base URL without its trailing slashes, so that paths can be appended. */
export const baseUrl = httpUrl.transform((v) => v.replace(/\/+$/, ""));

/** One URL or a list of them, read as a list. */
export const urlList = z
  .union([httpUrl, z.array(httpUrl)], { error: "must be a URL or a list of URLs" })
  .transform((v) => (Array.isArray(v) ? v : [v]));

const nonBlank = z.string().refine((v) => v.trim() !== "", "must not be empty");

/** One string or a list of them, read as a list; `[]` means none (`patterns: []` turns the defaults off). */
export const stringList = z
  .union([nonBlank, z.array(nonBlank)], { error: "must be a string or a list of strings" })
  .transform((v) => (Array.isArray(v) ? v : [v]));

/**
 * A whole number from 1; above `max` (an API's page limit) it is read as `max`.
 * @example positiveInt("page size", 100).parse(500) // 100
 */
export function positiveInt(what: string, max = Number.MAX_SAFE_INTEGER) {
  const message = `must be a whole number of at least 1 (${what})`;
  return z
    .number({ error: message })
    .int(message)
    .min(1, message)
    .transform((n) => Math.min(n, max));
}

/** A date in ISO (2024-01-31) or US (1/31/2024) writing, read as ISO. */
export const isoDate = z.string({ error: "must be a date such as 2024-01-31" }).transform((v, ctx) => {
  const iso = toIsoDate(v);
  if (iso) return iso;
  ctx.addIssue({ code: "custom", message: `${JSON.stringify(v)} is not a date such as 2024-01-31` });
  return z.NEVER;
});

/** A trimmed string that is not empty. */
export const nonEmptyText = z.string({ error: "must be a string" }).trim().min(1, "must not be empty");

/** The host of a URL, lower-case, without its port; none for what is not a URL. */
export function hostsOf(urls: Array<string | undefined>): string[] {
  return urls.flatMap((u) => (u && URL.canParse(u) ? [new URL(u).hostname.toLowerCase()] : []));
}

/** Keys every built-in source reads; `organization` and `kind` are checked against the catalog too. */
function commonShape(schedule: string) {
  return {
    id: z.string(),
    kind: z.string().optional(),
    organization: z.string().optional(),
    enabled: z.boolean({ error: "must be true or false" }).optional(),
    schedule: cron.default(schedule),
    allowedHosts: z.array(z.string().min(1), { error: "must be a list of host names" }).optional(),
  };
}

type Common = z.output<z.ZodObject<ReturnType<typeof commonShape>>>;

export interface SettingsAbout<T> {
  kind: string;
  schedule: string;
  /**
   * The hosts the source fetches from with these settings, for the fetcher's `allowedHosts` when
   * the sources file sets none: its API's (from `baseUrl`, so a mirror or a test server works),
   * its configured files' and pages', and where its documents live.
   */
  hosts(settings: T): string[];
  /** Whether the source runs when nothing says `enabled`; default: it does. */
  enabledWhen?(settings: T): boolean;
}

/**
 * A source's settings schema: the common keys and `shape`, exact (an unknown key is refused),
 * with the defaults written in `shape`; the output has `kind`, `enabled` and `allowedHosts` decided.
 * @example settingsSchema({ kind: "x", schedule: "0 3 * * 1", hosts: () => [] }, { rows: positiveInt("page
 *   size").default(50) }).parse({ id: "x" }).rows // 50
 */
export function settingsSchema<Shape extends z.core.$ZodShape>(
  about: SettingsAbout<Common & z.output<z.ZodObject<Shape>>>,
  shape: Shape,
) {
  return z.strictObject({ ...commonShape(about.schedule), ...shape }).transform((s) => {
    const settings = s as Common & z.output<z.ZodObject<Shape>>;
    return {
      ...settings,
      kind: about.kind,
      enabled: settings.enabled ?? about.enabledWhen?.(settings) ?? true,
      allowedHosts: settings.allowedHosts?.length ? settings.allowedHosts : [...new Set(about.hosts(settings))],
    };
  });
}

/**
 * A built-in source whose defaults are its schema's answer for an entry with its id alone.
 * @example defineSource({ id: "x", kind: "x", description: "...", settings, discover }).defaults.schedule
 */
export function defineSource<S extends SourceSettings>(source: Omit<Source<S>, "defaults">): Source<S> {
  return { ...source, defaults: source.settings.parse({ id: source.id }) };
}

/**
 * Date window from the `fromDate`/`toDate` settings. The World Bank's WDS reads `strdate` alone as one calendar year,
 * so an end is always sent.
 */
export function dateWindow(settings: { fromDate?: string; toDate?: string }): Record<string, string> {
  const { fromDate: from, toDate: to } = settings;
  if (!from && !to) return {};
  return { strdate: from ?? "1900-01-01", enddate: to ?? new Date().toISOString().slice(0, 10) };
}
