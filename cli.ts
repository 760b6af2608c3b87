import { ConfigError } from "./config.ts";
import { DomainError } from "./errors.ts";
import { VERSION } from "./version.ts";
import { UsageError, writeLine, type Command, type Io } from "./cli/args.ts";
import { migrateCommand } from "./cli/commands/migrate.ts";
import { startCommand } from "./cli/commands/start.ts";

interface Entry {
  name: string;
  summary: string;
  load: () => Promise<Command>;
}

const eager = (command: Command): Entry => ({
  name: command.name,
  summary: command.summary,
  load: async () => command,
});
/** Commands whose modules load heavy dependencies are imported only when run. */
const lazy = (name: string, summary: string, load: () => Promise<Command>): Entry => ({ name, summary, load });

const COMMANDS: Entry[] = [
  eager(startCommand),
  eager(migrateCommand),
  lazy(
    "crawl",
    "run crawls now and print one JSON summary per source",
    async () => (await import("./cli/commands/crawl.ts")).crawlCommand,
  ),
  lazy(
    "worker",
    "run pipeline jobs (discovery, fetch, analysis, detection, delivery) from the queue",
    async () => (await import("./cli/commands/worker.ts")).workerCommand,
  ),
  lazy(
    "jobs",
    "show the job queues: queued, retrying, running, done, failed and dead jobs",
    async () => (await import("./cli/commands/jobs.ts")).jobsCommand,
  ),
  lazy(
    "sources",
    "list the sources with their last run and status",
    async () => (await import("./cli/commands/sources.ts")).sourcesCommand,
  ),
  lazy(
    "overview",
    "export the annual overview (json, csv, md, html, xlsx, pdf)",
    async () => (await import("./cli/commands/overview.ts")).overviewCommand,
  ),
  lazy(
    "reanalyze",
    "re-run the analyzer over stored documents, keeping every analyst review",
    async () => (await import("./cli/commands/reanalyze.ts")).reanalyzeCommand,
  ),
  lazy(
    "keys",
    "create, list and revoke API keys for the write routes",
    async () => (await import("./cli/commands/keys.ts")).keysCommand,
  ),
  lazy(
    "users",
    "add analyst accounts, set passwords, list them",
    async () => (await import("./cli/commands/users.ts")).usersCommand,
  ),
  lazy(
    "audit",
    "read the audit log: sign-ins and failed attempts, key use, reviews",
    async () => (await import("./cli/commands/audit.ts")).auditCommand,
  ),
  lazy(
    "alerts",
    "list alerts; manage subscriptions; acknowledge; detect; deliver",
    async () => (await import("./cli/commands/alerts.ts")).alertsCommand,
  ),
  lazy(
    "analyze",
    "analyse local files (.pdf, .html, .txt) or JSON lines on stdin (--jsonl)",
    async () => (await import("./cli/commands/analyze.ts")).analyzeCommand,
  ),
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `ssc-monitor ${VERSION}: support to South-South and triangular cooperation, with evidence`,
    "",
    "Usage: ssc-monitor <command> [options]   (ssc-monitor <command> --help for its options)",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join("\n");
}

/** Runs one command line; returns the exit code. Errors become one clear line, never a stack trace. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    writeLine(io.stdout, usage());
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    writeLine(io.stdout, VERSION);
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    writeLine(io.stderr, `ssc-monitor: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    const command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      writeLine(io.stdout, `${command.usage}\n\n${entry.summary}`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      writeLine(io.stderr, `ssc-monitor ${name}: ${e.message}\nRun "ssc-monitor ${name} --help" for usage.`);
      return 2;
    }
    if (e instanceof ConfigError) {
      writeLine(io.stderr, `ssc-monitor: ${e.message}`);
      return 2;
    }
    if (e instanceof DomainError) {
      writeLine(io.stderr, `ssc-monitor ${name}: ${e.message}`);
      return 1;
    }
    writeLine(io.stderr, `ssc-monitor ${name}: unexpected error: ${(e as Error)?.stack ?? e}`);
    return 1;
  }
}

const isEntry = process.argv[1] && /(?:cli\.ts|ssc-monitor(?:\.js)?)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2), process).then((code) => {
    process.exitCode = code;
  });
}
