import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import { makePdf } from "../test/fixtures/make-pdf.ts";

/**
 * The demo's local mirror of publisher sites, on 127.0.0.1 and a free port: listing pages from
 * demo/site/<publisher>/index.html, PDFs generated from demo/site/docs/<name>.txt, and the World
 * Bank Projects API answering with demo/site/worldbank/projects.json. It answers
 * conditional requests with 304, so a second crawl shows what "polite" means.
 */
export interface Mirror {
  url: string;
  /** Requests seen, as "METHOD path status". */
  log: string[];
  close(): Promise<void>;
}

const PAGE_BREAK = /^--- page ---$/m;
const STARTED = new Date();

function pdfOf(file: string): Buffer {
  const text = readFileSync(file, "utf8");
  const title = text.split("\n", 1)[0];
  return makePdf(
    text.split(PAGE_BREAK).map((p) => p.trim()),
    { title },
  );
}

/** The World Bank Projects API (v2) as the built-in source calls it: projects whose text has the `qterm`. */
function searchProjects(root: string, url: string): string {
  const term = (new URL(url, "http://mirror").searchParams.get("qterm") ?? "").replace(/"/g, "").toLowerCase();
  const all = JSON.parse(readFileSync(join(root, "worldbank", "projects.json"), "utf8")) as {
    projects: Record<string, unknown>;
  };
  const hits = Object.entries(all.projects).filter(
    ([key, p]) => key !== "facets" && JSON.stringify(p).toLowerCase().includes(term),
  );
  return JSON.stringify({ ...all, total: String(hits.length), projects: { ...Object.fromEntries(hits), facets: {} } });
}

function send(req: IncomingMessage, res: ServerResponse, body: Buffer, type: string): number {
  const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, { etag }).end();
    return 304;
  }
  res
    .writeHead(200, {
      "content-type": type,
      "content-length": body.length,
      etag,
      "last-modified": STARTED.toUTCString(),
    })
    .end(req.method === "HEAD" ? undefined : body);
  return 200;
}

function answer(root: string, req: IncomingMessage, res: ServerResponse): number {
  const path = decodeURIComponent(new URL(req.url ?? "/", "http://mirror").pathname);
  if (path === "/robots.txt") return send(req, res, Buffer.from("User-agent: *\nAllow: /\n"), "text/plain");
  if (path === "/api/v2/projects")
    return send(req, res, Buffer.from(searchProjects(root, req.url ?? "")), "application/json");
  const pdf = /^\/docs\/([a-z0-9-]+)\.pdf$/.exec(path);
  if (pdf && existsSync(join(root, "docs", `${pdf[1]}.txt`)))
    return send(req, res, pdfOf(join(root, "docs", `${pdf[1]}.txt`)), "application/pdf");
  const file = normalize(join(root, path.endsWith("/") ? `${path}index.html` : path));
  if (file.startsWith(root) && file.endsWith(".html") && existsSync(file) && statSync(file).isFile())
    return send(req, res, readFileSync(file), "text/html; charset=utf-8");
  res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  return 404;
}

/** @example const mirror = await startMirror("demo/site"); console.log(mirror.url); await mirror.close(); */
export async function startMirror(siteDir: string): Promise<Mirror> {
  const root = normalize(siteDir);
  const log: string[] = [];
  const server = createServer((req, res) => {
    const status = answer(root, req, res);
    log.push(`${req.method} ${req.url} ${status}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
