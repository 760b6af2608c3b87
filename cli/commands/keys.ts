import { newApiKey } from "../../api/auth/tokens.ts";
import { insertApiKey, listApiKeys, revokeApiKey } from "../../db/queries/auth.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { COMMON_OPTIONS, configFrom, parseCommand, UsageError, writeLine, type Command, type Io } from "../args.ts";
import { withDb } from "../context.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function nameArg(positionals: string[], verb: string): string {
  const name = positionals[1];
  if (!name || positionals.length > 2) throw new UsageError(`keys ${verb} needs exactly one NAME`);
  if (!NAME.test(name))
    throw new UsageError(`"${name}" is not a valid key name: use letters, digits, ".", "_" or "-" (up to 64)`);
  return name;
}

const fmt = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, "Z") : "-");

/**
 * `keys create NAME` prints the key once (only its sha256 is stored); `keys list` shows names,
 * prefixes and use; `keys revoke NAME` refuses the key from then on.
 */
export const keysCommand: Command = {
  name: "keys",
  summary: "create, list and revoke API keys for the write routes",
  usage: "ssc-monitor keys create NAME | keys list | keys revoke NAME   [--data DIR]",
  async run(argv: string[], io: Io) {
    const { values, positionals } = parseCommand(argv, COMMON_OPTIONS, true);
    const verb = positionals[0];
    if (verb !== "create" && verb !== "list" && verb !== "revoke")
      throw new UsageError("expected create, list or revoke");
    const name = verb === "list" ? undefined : nameArg(positionals, verb);
    return withDb(configFrom(values), async ({ db }) => {
      if (verb === "create") {
        const created = newApiKey();
        const row = await insertApiKey(db, { name: name!, keyHash: created.keyHash, prefix: created.prefix });
        if (!row) throw new ConflictError(`A key named "${name}" already exists; pick another name or revoke it first`);
        writeLine(io.stdout, created.key);
        writeLine(
          io.stderr,
          `Created API key "${name}". It is shown only this once: store it now. Send it as "Authorization: Bearer ` +
            `<key>".`,
        );
        return 0;
      }
      if (verb === "revoke") {
        if (!(await revokeApiKey(db, name!, new Date()))) throw new NotFoundError(`No active key named "${name}"`);
        writeLine(io.stdout, `revoked ${name}`);
        return 0;
      }
      const rows = await listApiKeys(db);
      if (rows.length === 0) writeLine(io.stdout, "no API keys (create one with: ssc-monitor keys create NAME)");
      for (const k of rows) {
        const state = k.revokedAt ? `revoked ${fmt(k.revokedAt)}` : "active";
        writeLine(
          io.stdout,
          `${k.name}\t${k.prefix}…\t${state}\tcreated ${fmt(k.createdAt)}\tlast used ${fmt(k.lastUsedAt)}`,
        );
      }
      return 0;
    });
  },
};
