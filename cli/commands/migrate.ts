import { createDb } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { COMMON_OPTIONS, configFrom, parseCommand, writeLine, type Command } from "../args.ts";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "apply the database migrations and seed the organization registry",
  usage:
    "ssc-monitor migrate [--data DIR]\n\nUses DATABASE_URL when set (PostgreSQL), else PGlite in --data / " +
    "SSC_DATA_DIR (default ./data).",
  async run(argv, io) {
    const { values } = parseCommand(argv, COMMON_OPTIONS);
    const config = configFrom(values);
    const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      await migrate(handle);
    } finally {
      await handle.close();
    }
    writeLine(io.stdout, `migrated ${handle.kind} database at ${handle.location}`);
    return 0;
  },
};
