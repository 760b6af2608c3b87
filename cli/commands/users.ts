import { createInterface } from "node:readline";
import { hashPassword } from "../../api/auth/password.ts";
import { insertUser, listUsers, setUserPassword } from "../../db/queries/auth.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { COMMON_OPTIONS, configFrom, parseCommand, UsageError, writeLine, type Command, type Io } from "../args.ts";
import { withDb } from "../context.ts";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const MIN_PASSWORD = 8;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** Asks on the terminal without echoing what is typed. */
function askHidden(io: Io, prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    const write = rl as unknown as { _writeToOutput: (s: string) => void };
    write._writeToOutput = (s: string) => {
      if (s.includes(prompt)) io.stderr.write(prompt);
    };
    rl.question(prompt, (answer) => {
      rl.close();
      io.stderr.write("\n");
      resolve(answer);
    });
  });
}

/** The password: the first line of stdin when piped or with --password-stdin, else asked twice on the terminal. */
async function readPassword(io: Io, fromStdin: boolean): Promise<string> {
  const tty = (io.stdin as { isTTY?: boolean }).isTTY === true;
  let password: string;
  if (fromStdin || !tty) {
    password = (await readAll(io.stdin)).split(/\r?\n/)[0] ?? "";
  } else {
    password = await askHidden(io, "Password: ");
    if ((await askHidden(io, "Again: ")) !== password) throw new UsageError("the two passwords differ");
  }
  if (password.length < MIN_PASSWORD)
    throw new UsageError(`the password must have at least ${MIN_PASSWORD} characters`);
  return password;
}

/** `users add NAME` / `users password NAME` (password from stdin or the terminal) and `users list`. */
export const usersCommand: Command = {
  name: "users",
  summary: "add analyst accounts (who may review facts in the pages), change passwords, list them",
  usage:
    "ssc-monitor users add NAME [--password-stdin] | users password NAME [--password-stdin] | users list   " +
    "[--data DIR]",
  async run(argv: string[], io: Io) {
    const { values, positionals } = parseCommand(
      argv,
      { ...COMMON_OPTIONS, "password-stdin": { type: "boolean" } },
      true,
    );
    const [verb, name, ...extra] = positionals;
    if (verb !== "add" && verb !== "list" && verb !== "password")
      throw new UsageError("expected add, password or list");
    if (verb !== "list" && (!name || extra.length > 0)) throw new UsageError(`users ${verb} needs exactly one NAME`);
    if (name && !NAME.test(name))
      throw new UsageError(`"${name}" is not a valid user name: letters, digits, ".", "_", "@" or "-" (up to 64)`);
    const config = configFrom(values);
    const hash = verb === "list" ? "" : await hashPassword(await readPassword(io, values["password-stdin"] === true));
    return withDb(config, async ({ db }) => {
      if (verb === "add") {
        if (!(await insertUser(db, name!, hash)))
          throw new ConflictError(
            `A user named "${name}" already exists (change the password with: ssc-monitor users password ${name})`,
          );
        writeLine(io.stdout, `added ${name}`);
      } else if (verb === "password") {
        if (!(await setUserPassword(db, name!, hash))) throw new NotFoundError(`No user named "${name}"`);
        writeLine(io.stdout, `password changed for ${name}; their sessions were ended`);
      } else {
        const rows = await listUsers(db);
        if (rows.length === 0) writeLine(io.stdout, "no users (add one with: ssc-monitor users add NAME)");
        for (const u of rows) writeLine(io.stdout, `${u.name}\tcreated ${u.createdAt.toISOString().slice(0, 10)}`);
      }
      return 0;
    });
  },
};
