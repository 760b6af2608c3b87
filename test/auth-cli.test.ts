import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCredentials } from "../api/auth/sessions.ts";
import { sha256Hex } from "../api/auth/tokens.ts";
import { main } from "../cli.ts";
import { UsageError, type Io } from "../cli/args.ts";
import { keysCommand } from "../cli/commands/keys.ts";
import { usersCommand } from "../cli/commands/users.ts";
import { createTestDatabase, type TestDatabase } from "./db-harness.ts";
import { apiKeys } from "../db/schema/api-keys.ts";
import { users } from "../db/schema/users.ts";
import { ConflictError, NotFoundError } from "../errors.ts";
import { makeApp, seedEvidence } from "./api-fixtures.ts";

/**
 * The commands open the database named by DATABASE_URL, as they do for a user: a fresh server database here (fast to
 * reopen).
 */
let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase("postgres");
  process.env.DATABASE_URL = test.url;
});
afterAll(async () => {
  delete process.env.DATABASE_URL;
  await test.drop();
});

/** Runs `go` with `stdin` as its input and returns its exit code and what it wrote. */
async function capture(
  stdin: string,
  go: (io: Io) => Promise<number>,
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough(),
    stderr = new PassThrough();
  let out = "",
    err = "";
  stdout.on("data", (d) => (out += d));
  stderr.on("data", (d) => (err += d));
  const code = await go({ stdin: Readable.from([stdin]), stdout, stderr });
  return { code, out, err };
}

const run = (command: typeof keysCommand, argv: string[], stdin = "") => capture(stdin, (io) => command.run(argv, io));

const withData = <T>(fn: (db: TestDatabase["db"]) => Promise<T>): Promise<T> => fn(test.db);

describe("ssc-monitor keys", () => {
  let key = "";

  it("create prints the key once and stores only its hash", async () => {
    const res = await run(keysCommand, ["create", "etl"]);
    expect(res.code).toBe(0);
    key = res.out.trim();
    expect(key).toMatch(/^ssc_/);
    expect(res.err).toMatch(/shown only this once/);
    const rows = await withData((db) => db.select().from(apiKeys));
    expect(rows).toEqual([expect.objectContaining({ name: "etl", keyHash: sha256Hex(key), revokedAt: null })]);
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it("refuses a second key with the same name and a bad name", async () => {
    await expect(run(keysCommand, ["create", "etl"])).rejects.toBeInstanceOf(ConflictError);
    await expect(run(keysCommand, ["create", "no spaces"])).rejects.toBeInstanceOf(UsageError);
    await expect(run(keysCommand, ["rotate", "etl"])).rejects.toBeInstanceOf(UsageError);
  });

  it("list shows the name and prefix, never the key", async () => {
    const res = await run(keysCommand, ["list"]);
    expect(res.out).toMatch(/^etl\tssc_\S+…\tactive\t/m);
    expect(res.out).not.toContain(key);
  });

  it("the key works on the API until it is revoked", async () => {
    const app = makeApp(test.db);
    const { fundingId } = await seedEvidence(test.db);
    const patch = async () =>
      (
        await app.request(`/api/facts/${fundingId}`, {
          method: "PATCH",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: '{"action":"confirm"}',
        })
      ).status;
    expect(await patch()).toBe(200);
    expect((await run(keysCommand, ["revoke", "etl"])).out).toContain("revoked etl");
    expect(await patch()).toBe(401);
    expect((await run(keysCommand, ["list"])).out).toMatch(/^etl\t.*\trevoked /m);
    await expect(run(keysCommand, ["revoke", "etl"])).rejects.toBeInstanceOf(NotFoundError);
    // The command line prints the refusal as one line and exits 1.
    expect(await capture("", (io) => main(["keys", "revoke", "etl"], io))).toEqual({
      code: 1,
      out: "",
      err: 'ssc-monitor keys: No active key named "etl"\n',
    });
  });
});

describe("ssc-monitor users", () => {
  it("add reads the password from stdin and stores a scrypt hash that signs in", async () => {
    const res = await run(usersCommand, ["add", "amina", "--password-stdin"], "a long passphrase\n");
    expect(res).toMatchObject({ code: 0, out: "added amina\n" });
    await withData(async (db) => {
      const [row] = await db.select().from(users);
      expect(row.passwordHash).toMatch(/^scrypt\$/);
      expect(await checkCredentials(db, "amina", "a long passphrase")).toMatchObject({ name: "amina" });
      expect(await checkCredentials(db, "amina", "a long passphrase\n")).toBeUndefined();
    });
  });

  it("refuses a short password, a taken name, and lists users without hashes", async () => {
    await expect(run(usersCommand, ["add", "bob"], "short\n")).rejects.toBeInstanceOf(UsageError);
    await expect(run(usersCommand, ["add", "amina"], "another passphrase\n")).rejects.toBeInstanceOf(ConflictError);
    const list = await run(usersCommand, ["list"]);
    expect(list.out).toMatch(/^amina\tcreated \d{4}-\d\d-\d\d$/m);
    expect(list.out).not.toMatch(/scrypt|bob/);
  });

  it("password changes the password", async () => {
    expect((await run(usersCommand, ["password", "amina"], "a new passphrase\n")).code).toBe(0);
    await withData(async (db) => {
      expect(await checkCredentials(db, "amina", "a new passphrase")).toBeTruthy();
      expect(await checkCredentials(db, "amina", "a long passphrase")).toBeUndefined();
    });
  });
});
