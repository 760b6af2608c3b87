import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ConfigError } from "../config.ts";
import type { Source } from "./types.ts";
import { builtinOverride, siteEntry, siteOverride, type SiteEntry } from "./sources-schema.ts";

/**
 * A sources file (YAML or JSON): `sources:` (or a bare list) of entries. An entry whose id is a
 * built-in source overrides its settings; one whose id is a site already defined (the shipped
 * sources.yaml) overrides that site's keys; any other entry is a new site with every required
 * key. The whole file is checked at start and every problem is named by key and reason.
 */

/** Thrown when a sources file cannot be read or has bad entries; the CLI prints it and exits 2. */
export class SourcesFileError extends ConfigError {
  constructor(file: string, problems: string[]) {
    super(problems.map((p) => `${basename(file)}: ${p}`));
    this.message =
      `Invalid sources file ${file} (nothing was crawled; fix these and run again):\n` +
      `${problems.map((p) => `  - ${p}`).join("\n")}`;
    this.name = "SourcesFileError";
  }
}

export interface SourcesFile {
  file: string;
  /** New sites, complete. */
  sites: SiteEntry[];
  /** Overrides by id (built-in sources or already defined sites), as written. */
  overrides: Map<string, Record<string, unknown>>;
}

export interface KnownSources {
  /** Built-in sources by id: their kind and settings schema. */
  builtins: Map<string, Pick<Source, "kind" | "settings">>;
  /** Sites defined before this file (the shipped sources.yaml), by id. */
  sites: Map<string, SiteEntry>;
}

/** Parses the text by extension: .json as JSON, anything else as YAML (YAML also reads JSON). */
export function parseSourcesText(text: string, file: string): unknown[] {
  let doc: unknown;
  try {
    doc = file.toLowerCase().endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new SourcesFileError(file, [
      `not valid ${file.toLowerCase().endsWith(".json") ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`,
    ]);
  }
  if (doc === null || doc === undefined) return [];
  const list = Array.isArray(doc) ? doc : (doc as { sources?: unknown }).sources;
  if (!Array.isArray(list))
    throw new SourcesFileError(file, [
      'sources: must be a list of sources (the file holds "sources:" followed by entries)',
    ]);
  return list;
}

/**
 * A zod error as problems, each with its path under `prefix`.
 * @example settingsProblems("sources[2]", error) // ["sources[2].rows: must be a whole number of at least 1 (...)"]
 */
export function settingsProblems(prefix: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`
        : issue.message;
    return `${prefix}${path}: ${message}`;
  });
}

function checkEntry(entry: unknown, at: string, known: KnownSources, out: SourcesFile, problems: string[]): void {
  const id = (entry as { id?: unknown })?.id;
  const builtin = typeof id === "string" ? known.builtins.get(id) : undefined;
  const base = typeof id === "string" ? (known.sites.get(id) ?? out.sites.find((s) => s.id === id)) : undefined;
  if (builtin !== undefined) {
    const kind = (entry as { kind?: unknown }).kind;
    if (kind !== undefined && kind !== builtin.kind) {
      return void problems.push(
        `${at}.kind: "${id}" is a built-in source of kind "${builtin.kind}"; leave kind out to override it, or ` +
          `choose another id for a new site`,
      );
    }
    // The catalog's checks (organization) and the source's own (its keys, their values, exactly).
    const common = builtinOverride.safeParse(entry);
    const own = builtin.settings.safeParse(entry);
    if (!common.success) problems.push(...settingsProblems(at, common.error));
    if (!own.success) problems.push(...settingsProblems(at, own.error));
    // Kept as written: the catalog layers the files' entries, then the schema fills the defaults once.
    if (common.success && own.success) out.overrides.set(id as string, entry as Record<string, unknown>);
    return;
  }
  if (base && known.sites.has(base.id)) {
    const parsed = siteOverride.safeParse(entry);
    if (!parsed.success) return void problems.push(...settingsProblems(at, parsed.error));
    const merged = siteEntry.safeParse({ ...base, ...parsed.data });
    if (!merged.success) return void problems.push(...settingsProblems(at, merged.error));
    return void out.overrides.set(base.id, parsed.data);
  }
  const parsed = siteEntry.safeParse(entry);
  if (!parsed.success) return void problems.push(...settingsProblems(at, parsed.error));
  out.sites.push(parsed.data);
}

/**
 * Validates entries against the known sources; throws SourcesFileError listing every problem.
 * @example validateSources([{ id: "un-ods", symbols: ["A/78/290"] }], "my.yaml", known).overrides.get("un-ods")
 */
export function validateSources(entries: unknown[], file: string, known: KnownSources): SourcesFile {
  const out: SourcesFile = { file, sites: [], overrides: new Map() };
  const problems: string[] = [];
  const firstAt = new Map<string, number>();
  for (const [i, entry] of entries.entries()) {
    const at = `sources[${i}]`;
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      problems.push(`${at}: must be a mapping of keys (id, organization, kind, ...)`);
      continue;
    }
    const id = (entry as { id?: unknown }).id;
    if (typeof id === "string" && firstAt.has(id)) {
      problems.push(`${at}.id: "${id}" is defined twice (also sources[${firstAt.get(id)}]); ids must be unique`);
      continue;
    }
    if (typeof id === "string") firstAt.set(id, i);
    checkEntry(entry, at, known, out, problems);
  }
  if (problems.length) throw new SourcesFileError(file, problems);
  return out;
}

/** Reads, parses and validates a sources file. */
export function loadSourcesFile(file: string, known: KnownSources): SourcesFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new SourcesFileError(file, [
      `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check --sources / SSC_SOURCES`,
    ]);
  }
  return validateSources(parseSourcesText(text, file), file, known);
}
