import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server on 127.0.0.1 and a free port, for tests of anything that fetches
 * (crawlers, sources, the crawl run). Nothing is mocked: requests go through sockets, so
 * timeouts, redirects, chunked bodies and dropped connections behave as they do in production.
 *
 * @example
 *   const server = await startServer((req, res) => {
 *     if (req.url === "/robots.txt") return void res.writeHead(404).end();
 *     res.writeHead(200, { "content-type": "text/html" }).end("<html><body>hello</body></html>");
 *   });
 *   try {
 *     await fetcher.fetch({ url: `${server.url}/page` });
 *     expect(server.requests.map((r) => r.url)).toEqual(["/robots.txt", "/page"]);
 *   } finally {
 *     await server.close();
 *   }
 *
 * The handler may be async; if it throws, the server answers 500 (and the test sees it).
 * A handler that never answers simulates a hung server: close() still ends, because it destroys
 * open connections.
 */

export interface RecordedRequest {
  method: string;
  /** Path and query as received ("/docs/a.pdf?x=1"). */
  url: string;
  headers: IncomingHttpHeaders;
  /** When the request arrived (Date.now()), for spacing checks. */
  atMs: number;
}

/** May return anything (e.g. `res.end()`); a returned promise is awaited, a rejection answers 500. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface TestServer {
  /** "http://127.0.0.1:<port>", without a trailing slash. */
  url: string;
  port: number;
  /** Every request received, in arrival order. */
  requests: RecordedRequest[];
  /** Stops the server and drops open connections (hung responses included). */
  close(): Promise<void>;
}

/** `host` is another loopback address (127.0.0.2) when a test needs two distinct internal hosts. */
export async function startServer(handler: Handler, options: { host?: string } = {}): Promise<TestServer> {
  const host = options.host ?? "127.0.0.1";
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, atMs: Date.now() });
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(`test handler failed: ${String(error)}`);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
