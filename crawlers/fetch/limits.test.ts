import { describe, expect, it } from "vitest";
import { failure, html, noRobots, pagePaths, useFetchKit } from "../../test/fixtures/fetch/kit.ts";

const { serve, fetcher } = useFetchKit();

describe("redirects", () => {
  it("follows redirects and reports where the answer came from", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      if (req.url === "/old") return void res.writeHead(301, { location: "/moved?b=2&a=1" }).end();
      html(res);
    });
    const result = await fetcher().fetch({ url: `${server.url}/old` });
    expect(result.url).toBe(`${server.url}/old`);
    expect(result.finalUrl).toBe(`${server.url}/moved?b=2&a=1`);
    expect(pagePaths(server)).toEqual(["/old", "/moved?b=2&a=1"]);
  });

  it("stops a redirect loop as a permanent failure", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      res.writeHead(302, { location: req.url === "/a" ? "/b" : "/a" }).end();
    });
    const error = await failure(fetcher().fetch({ url: `${server.url}/a` }));
    expect(error).toMatchObject({ kind: "permanent", reason: "redirect-loop" });
    expect(pagePaths(server)).toEqual(["/a", "/b"]);
  });

  it("stops after maxRedirects hops", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      const n = Number(req.url?.split("/").pop());
      res.writeHead(307, { location: `/hop/${n + 1}` }).end();
    });
    const error = await failure(fetcher({ maxRedirects: 3 }).fetch({ url: `${server.url}/hop/0` }));
    expect(error).toMatchObject({ kind: "permanent", reason: "too-many-redirects" });
    expect(pagePaths(server)).toEqual(["/hop/0", "/hop/1", "/hop/2", "/hop/3"]);
  });

  it("checks each hop's host against the allowed hosts before requesting it", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      res.writeHead(302, { location: "http://tracker.example.com/file.pdf" }).end();
    });
    const error = await failure(fetcher({ allowedHosts: ["127.0.0.1"] }).fetch({ url: `${server.url}/doc` }));
    expect(error).toMatchObject({ kind: "permanent", reason: "host-not-allowed" });
    expect(error.message).toMatch(/tracker\.example\.com/);
  });
});

describe("size cap", () => {
  it("stops a body without Content-Length once it passes maxBytes", async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      res.writeHead(200, { "content-type": "application/octet-stream" });
      // An endless download: only the client stopping ends it.
      const pump = () => {
        while (res.write(chunk)) if (res.destroyed) return;
        res.once("drain", pump);
      };
      pump();
    });
    const f = fetcher();
    const error = await failure(f.fetch({ url: `${server.url}/huge.bin`, maxBytes: 200 * 1024 }));
    expect(error).toMatchObject({ kind: "permanent", reason: "too-large" });
    expect(f.stats().bytes).toBeLessThan(10 * 1024 * 1024);
  });

  it("refuses a declared Content-Length over the cap before reading the body", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      const body = Buffer.alloc(300 * 1024, 0x42);
      res.writeHead(200, { "content-type": "application/pdf", "content-length": String(body.length) }).end(body);
    });
    const f = fetcher({ maxBytes: 100 * 1024 });
    const error = await failure(f.fetch({ url: `${server.url}/big.pdf` }));
    expect(error).toMatchObject({ kind: "permanent", reason: "too-large" });
    expect(error.message).toMatch(/307200 bytes/);
    expect(f.stats().bytes).toBe(0);
  });

  it("applies the cap to streams while they are consumed", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      res.writeHead(200, { "content-type": "application/xml" });
      res.write("<?xml version='1.0'?><iati-activities>");
      const timer = setInterval(() => res.write(`<iati-activity>${"x".repeat(16 * 1024)}</iati-activity>`), 1);
      res.on("close", () => clearInterval(timer));
    });
    const { body } = await fetcher().stream({
      url: `${server.url}/activities.xml`,
      expect: "xml",
      maxBytes: 100 * 1024,
    });
    let received = 0;
    const error = await failure(
      (async () => {
        for await (const chunk of body) received += chunk.byteLength;
      })(),
    );
    expect(error).toMatchObject({ kind: "permanent", reason: "too-large" });
    expect(received).toBeLessThanOrEqual(100 * 1024);
  });
});

describe("closing", () => {
  it("aborts requests in flight when the fetcher is closed, as 'aborted'", async () => {
    const server = await serve((req, res) => (req.url === "/robots.txt" ? noRobots(res) : undefined));
    const f = fetcher();
    const pending = f.fetch({ url: `${server.url}/hang` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    f.close();
    const error = await failure(pending);
    expect(error).toMatchObject({ kind: "retryable", reason: "aborted" });
    expect(f.stats().retries).toBe(0);
  });

  it("aborts when the caller's signal is aborted", async () => {
    const server = await serve((req, res) => (req.url === "/robots.txt" ? noRobots(res) : undefined));
    const controller = new AbortController();
    const pending = fetcher({ signal: controller.signal }).fetch({ url: `${server.url}/hang` });
    setTimeout(() => controller.abort(), 30);
    expect((await failure(pending)).reason).toBe("aborted");
  });
});
