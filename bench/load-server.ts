/**
 * The server side of `bench/load.ts`: the real app (createApp + @hono/node-server, as `start`
 * serves it, without the scheduler) over DATABASE_URL, with one analyst whose password is hashed
 * at production cost. Prints {"port": N} once listening; the bench measures this process's RSS.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "../api/app.ts";
import { hashPassword } from "../api/auth/password.ts";
import { loadConfig } from "../config.ts";
import { createDb } from "../db/client.ts";
import { insertUser } from "../db/queries/auth.ts";

const config = loadConfig(process.env, { logLevel: "silent" });
const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await insertUser(handle.db, "amina", await hashPassword("correct horse battery staple"));
const app = createApp({ db: handle.db, config });
serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
});
process.on("SIGTERM", () => void handle.close().finally(() => process.exit(0)));
