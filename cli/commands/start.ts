import { createServer } from "node:net";
import { serve } from "@hono/node-server";
import { createApp } from "../../api/app.ts";
import { createBackgroundCrawls } from "../../api/crawl-starter.ts";
import { createLogger, type LogLevel } from "../../crawlers/log.ts";
import { startScheduler } from "../../crawlers/schedule.ts";
import { createDb } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { UnavailableError } from "../../errors.ts";
import { startJobWorker } from "../../jobs/worker.ts";
import { COMMON_OPTIONS, configFrom, parseCommand, writeLine, type Command } from "../args.ts";

/** Fails early with a clear message when the port is taken, before opening the database. */
async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (e: NodeJS.ErrnoException) =>
      reject(
        new UnavailableError(
          e.code === "EADDRINUSE"
            ? `Port ${port} is already in use: stop the other program or set PORT`
            : `Cannot listen on ${host}:${port}: ${e.message}`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export const startCommand: Command = {
  name: "start",
  summary: "migrate, schedule the enabled sources, and serve the API and pages",
  usage: "ssc-monitor start [--data DIR] [--sources FILE] [--port N] [--no-schedule]",
  async run(argv, io) {
    const { values } = parseCommand(argv, {
      ...COMMON_OPTIONS,
      port: { type: "string" },
      "no-schedule": { type: "boolean" },
    });
    if (values.port) process.env.PORT = values.port;
    const config = configFrom(values);
    await assertPortFree(config.port, config.host);
    const handle = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, serve: true });
    let socket: string | undefined;
    try {
      await migrate(handle);
      // PGlite: from here on, the commands run beside `start` share its database through this socket.
      socket = await handle.serve?.();
    } catch (e) {
      await handle.close();
      throw e;
    }
    const stops: Array<() => Promise<void> | void> = [];
    const log = createLogger(config.logLevel as LogLevel, process.stderr);
    // One in-process job worker (more can run anywhere with `ssc-monitor worker`); its sweep, the
    // first at start-up, queues the analysis of whatever a crashed process left behind.
    const worker = await startJobWorker({ handle, config, log });
    if (!values["no-schedule"]) {
      const enqueue = (entry: { source: { id: string } }) => worker.send("discover", { sourceId: entry.source.id });
      stops.push(await startScheduler({ db: handle.db, config, log, enqueue }));
    }
    stops.push(() => worker.stop());
    // A crawl started from the pages is a discovery job too, like a scheduled one.
    const crawls = createBackgroundCrawls({ enqueue: (sourceId) => worker.send("discover", { sourceId }) });
    stops.push(() => crawls.idle());
    const app = createApp({ db: handle.db, config, crawls, log });
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
      writeLine(
        io.stdout,
        `ssc-monitor listening on http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${info.port} ` +
          `(${handle.kind}: ${handle.location}${socket ? `, shared with other commands on ${socket}` : ""})`,
      );
    });
    await new Promise<void>((resolve) => {
      const shutdown = () => resolve();
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    });
    writeLine(io.stdout, "shutting down");
    for (const stop of stops) await stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await handle.close();
    return 0;
  },
};
