import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

export interface ServedApp {
  /** "http://127.0.0.1:<port>", without a trailing slash. */
  base: string;
  close(): Promise<void>;
}

/**
 * Serves `app` on 127.0.0.1 and a free port, for what needs a real socket (a browser, a raw
 * request); resolves once it listens.
 * @example const served = await serveApp(makeApp(db)); await fetch(`${served.base}/health`); await served.close();
 */
export function serveApp(app: { fetch: Parameters<typeof serve>[0]["fetch"] }): Promise<ServedApp> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({
        base: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((closed) => server.close(() => closed())),
      }),
    );
  });
}
