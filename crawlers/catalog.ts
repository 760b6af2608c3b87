import { fileURLToPath } from "node:url";
import type { Config } from "../config.ts";
import {
  loadSourcesFile,
  settingsProblems,
  SourcesFileError,
  type KnownSources,
  type SourcesFile,
} from "./sources-file.ts";
import type { SiteEntry } from "./sources-schema.ts";
import { BUILTIN_SOURCES } from "./sources/registry.ts";
import { createSiteSource } from "./sources/site.ts";
import { type SiteSettings, siteSettings } from "./sources/site-settings.ts";
import type { Source, SourceSettings } from "./types.ts";

/**
 * Every source the service knows, with its effective settings: the built-in adapters (from
 * crawlers/sources/registry.ts), the sites of the shipped sources.yaml, and the user's sources
 * file (--sources / SSC_SOURCES), which adds sites and overrides any built-in or shipped one
 * (base URLs, files, symbols, apiKey, query, schedule, enabled, ...).
 */

export interface CatalogEntry {
  source: Source;
  settings: SourceSettings;
  /** Where it is defined: "built-in" or the file that defines it. */
  origin: string;
}

export interface Catalog {
  entries: CatalogEntry[];
  get(id: string): CatalogEntry | undefined;
}

export interface CatalogOptions {
  config: Pick<Config, "sourcesFile" | "iatiApiKey">;
  /** The shipped sources file; null leaves it out (tests). Default: sources.yaml at the repository root. */
  bundledFile?: string | null;
  /** Built-in sources; default: BUILTIN_SOURCES of crawlers/sources/registry.ts. */
  builtins?: Source[];
}

export const BUNDLED_SOURCES_FILE = fileURLToPath(new URL("../sources.yaml", import.meta.url));

/**
 * A built-in source's settings: what the configuration gives, then the shipped file's and the
 * user's entries, read by the source's own schema (defaults, hosts and `enabled` decided there).
 * Each entry was checked alone when its file was read; together they are checked again.
 */
function builtinSettings(
  source: Source,
  overrides: Array<Record<string, unknown> | undefined>,
  config: CatalogOptions["config"],
): SourceSettings {
  const written = Object.assign({ id: source.id }, source.fromConfig?.(config), ...overrides);
  const parsed = source.settings.safeParse(written);
  if (!parsed.success) {
    const file = config.sourcesFile ?? BUNDLED_SOURCES_FILE;
    throw new SourcesFileError(
      file,
      settingsProblems(`source ${source.id} (files and configuration together)`, parsed.error),
    );
  }
  return parsed.data;
}

function siteEntrySettings(entry: SiteEntry, override?: Record<string, unknown>): SiteSettings {
  return siteSettings.parse({ ...entry, ...(override ?? {}) });
}

function build(
  builtins: Source[],
  bundled: SourcesFile | null,
  user: SourcesFile | null,
  config: CatalogOptions["config"],
): CatalogEntry[] {
  const entries: CatalogEntry[] = builtins.map((source) => ({
    source,
    settings: builtinSettings(source, [bundled?.overrides.get(source.id), user?.overrides.get(source.id)], config),
    origin: "built-in",
  }));
  for (const [file, sites, overrides] of [
    [bundled?.file, bundled?.sites ?? [], user?.overrides],
    [user?.file, user?.sites ?? [], undefined],
  ] as const) {
    for (const site of sites) {
      const settings = siteEntrySettings(site, overrides?.get(site.id));
      entries.push({ source: createSiteSource(settings), settings, origin: file ?? "sources file" });
    }
  }
  return entries;
}

/**
 * Loads the catalog; a bad sources file throws SourcesFileError naming each key and reason.
 * @example const catalog = await loadCatalog({ config }); catalog.get("jiu-reports")?.settings.schedule
 */
export async function loadCatalog(options: CatalogOptions): Promise<Catalog> {
  const builtins = options.builtins ?? BUILTIN_SOURCES;
  const known: KnownSources = { builtins: new Map(builtins.map((s) => [s.id, s])), sites: new Map() };
  const bundledPath = options.bundledFile === undefined ? BUNDLED_SOURCES_FILE : options.bundledFile;
  // A missing or broken shipped file is an error, not a catalog without its sites.
  const bundled = bundledPath ? loadSourcesFile(bundledPath, known) : null;
  for (const site of bundled?.sites ?? []) known.sites.set(site.id, site);
  const user = options.config.sourcesFile ? loadSourcesFile(options.config.sourcesFile, known) : null;
  const entries = build(builtins, bundled, user, options.config);
  const byId = new Map(entries.map((e) => [e.source.id, e]));
  return { entries, get: (id) => byId.get(id) };
}
