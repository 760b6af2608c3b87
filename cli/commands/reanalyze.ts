import { reanalyzeVersions } from "../../pipeline/analyze.ts";
import { COMMON_OPTIONS, configFrom, parseCommand, writeLine, type Command } from "../args.ts";
import { withDb } from "../context.ts";

export const reanalyzeCommand: Command = {
  name: "reanalyze",
  summary: "re-run the analyzer over stored documents, keeping every analyst review",
  usage: `ssc-monitor reanalyze [--all] [--data DIR]

Re-analyses the stored versions analysed by an older analyzer (with --all: every version with
text). Confirmed and corrected facts stay as the analyst left them, rejected ones stay rejected,
automatic facts no longer found are marked superseded, new facts are added. Prints one JSON summary.`,
  async run(argv, io) {
    const { values } = parseCommand(argv, { ...COMMON_OPTIONS, all: { type: "boolean" } });
    const config = configFrom(values);
    const summary = await withDb(config, (handle) => reanalyzeVersions(handle.db, { all: values.all ?? false }));
    writeLine(io.stdout, JSON.stringify(summary));
    return 0;
  },
};
