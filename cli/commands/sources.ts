import type { RunCounts } from "../../db/queries/crawl.ts";
import { listSourceStatus, type SourceDefinition, type SourceStatus } from "../../db/queries/sources.ts";
import type { SourceRow } from "../../db/schema/sources.ts";
import { loadCatalog } from "../../crawlers/catalog.ts";
import { sourceDefinition } from "../../crawlers/source-row.ts";
import { COMMON_OPTIONS, configFrom, parseCommand, writeLine, type Command } from "../args.ts";
import { withDb } from "../context.ts";

interface SourceLine {
  id: string;
  kind: string;
  organization: string | null;
  enabled: boolean;
  schedule: string | null;
  origin: string;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  status: string;
  lastRun: (Omit<RunCounts, "bytes"> & { status: string; durationMs: number | null }) | null;
  lastError: string | null;
}

function toLine(s: SourceStatus, origin: string): SourceLine {
  const run = s.lastRun;
  return {
    id: s.source.id,
    kind: s.source.kind,
    organization: s.source.organizationId,
    enabled: s.source.enabled,
    schedule: s.source.schedule,
    origin,
    lastRunAt: s.source.lastRunAt?.toISOString() ?? null,
    lastSuccessAt: s.source.lastSuccessAt?.toISOString() ?? null,
    status:
      s.source.status === "running" && !(s.source.leaseUntil && s.source.leaseUntil.getTime() > Date.now())
        ? "running (stale: its process stopped; the next run resumes)"
        : s.source.status,
    lastRun: run
      ? {
          status: run.status,
          fetched: run.fetched,
          new: run.new,
          changed: run.changed,
          unchanged: run.unchanged,
          failed: run.failed,
          skipped: run.skipped,
          durationMs: run.durationMs,
        }
      : null,
    lastError: s.source.lastError,
  };
}

/** A catalog source the database has not stored yet, shaped like a row that never ran. */
const unstoredRow = (d: SourceDefinition): SourceRow => ({
  ...d,
  status: "never-run",
  lastRunAt: null,
  lastSuccessAt: null,
  lastError: null,
  leaseOwner: null,
  leaseUntil: null,
  updatedAt: new Date(0),
});

function table(lines: SourceLine[]): string {
  const head = ["ID", "KIND", "ORG", "ENABLED", "SCHEDULE", "LAST RUN", "STATUS", "LAST ERROR"];
  const rows = lines.map((l) => [
    l.id,
    l.kind,
    l.organization ?? "-",
    l.enabled ? "yes" : "no",
    l.schedule ?? "-",
    l.lastRunAt?.replace(/\.\d+Z$/, "Z") ?? "never",
    l.status,
    (l.lastError ?? "").slice(0, 100),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows]
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

export const sourcesCommand: Command = {
  name: "sources",
  summary: "list the sources with their last run and status",
  usage: "ssc-monitor sources [--json] [--sources FILE] [--data DIR]",
  async run(argv, io) {
    const { values } = parseCommand(argv, { ...COMMON_OPTIONS, json: { type: "boolean" } });
    const config = configFrom(values);
    const catalog = await loadCatalog({ config });
    // Read only. The rows are the running service's catalog (stored by `start` and its crawls);
    // a one-off --sources file is shown next to them, never written over them, or this listing
    // would change what the service shows as enabled and scheduled.
    const lines = await withDb(config, async ({ db }) => {
      const statuses = await listSourceStatus(db);
      const stored = new Set(statuses.map((s) => s.source.id));
      const unstored = catalog.entries
        .filter((e) => !stored.has(e.source.id))
        .map((e) => toLine({ source: unstoredRow(sourceDefinition(e.source, e.settings)), lastRun: null }, e.origin));
      const listed = statuses.map((s) => toLine(s, catalog.get(s.source.id)?.origin ?? "not in the catalog any more"));
      return [...listed, ...unstored].sort((a, b) => a.id.localeCompare(b.id));
    });
    writeLine(io.stdout, values.json ? JSON.stringify(lines, null, 2) : table(lines));
    return 0;
  },
};
