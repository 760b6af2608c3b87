import { jobsStatus } from "../../jobs/status.ts";
import { COMMON_OPTIONS, configFrom, parseCommand, writeLine, type Command } from "../args.ts";
import { withDb } from "../context.ts";

const COLUMNS = ["queued", "retrying", "active", "completed", "failed", "dead"] as const;

export const jobsCommand: Command = {
  name: "jobs",
  summary: "show the job queues: queued, retrying, running, done, failed and dead jobs",
  usage:
    "ssc-monitor jobs [--json] [--data DIR]\n\nDead jobs failed every retry and wait in <queue>-dead for a person to " +
    "look at them.",
  async run(argv, io) {
    const { values } = parseCommand(argv, { ...COMMON_OPTIONS, json: { type: "boolean" } });
    const status = await withDb(configFrom(values), ({ db }) => jobsStatus(db));
    if (values.json) {
      writeLine(io.stdout, JSON.stringify(status));
      return 0;
    }
    if (!status.installed) {
      writeLine(io.stdout, "no job queue yet: it is created by `ssc-monitor start` or `ssc-monitor worker`");
      return 0;
    }
    const rows = [
      ["queue", ...COLUMNS],
      ...status.queues.map((q) => [q.queue, ...COLUMNS.map((c) => String(q[c]))]),
      ["total", ...COLUMNS.map((c) => String(status.totals[c]))],
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows) writeLine(io.stdout, row.map((cell, i) => cell.padStart(widths[i])).join("  "));
    return 0;
  },
};
