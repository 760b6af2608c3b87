import type { SourceDefinition } from "../db/queries/sources.ts";
import type { Source, SourceSettings } from "./types.ts";

/** Settings that are secrets: never copied into the database (the API shows source config). */
const SECRET_KEYS = new Set(["apiKey", "password", "token"]);

/**
 * The row that mirrors a source and its effective settings (secrets left out).
 * @example sourceDefinition(site, settings).organizationId // "jiu"
 */
export function sourceDefinition(source: Source, settings: SourceSettings): SourceDefinition {
  const config = Object.fromEntries(Object.entries(settings).filter(([key]) => !SECRET_KEYS.has(key)));
  return {
    id: source.id,
    kind: source.kind,
    organizationId: settings.organization ?? source.organizationId ?? null,
    enabled: settings.enabled,
    schedule: settings.schedule ?? null,
    config,
  };
}
