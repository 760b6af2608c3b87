import { describe, expect, it } from "vitest";
import { fixture, failure, html, noRobots, pagePaths, UA, useFetchKit } from "../../test/fixtures/fetch/kit.ts";

const { serve, fetcher } = useFetchKit();

describe("politeness", () => {
  it("sends the user agent on every request, robots.txt included, and reads robots.txt once per host", async () => {
    const server = await serve((req, res) => (req.url === "/robots.txt" ? noRobots(res) : html(res)));
    const f = fetcher();
    await Promise.all([
      f.fetch({ url: `${server.url}/a` }),
      f.fetch({ url: `${server.url}/b` }),
      f.fetch({ url: `${server.url}/c` }),
    ]);
    expect(server.requests.filter((r) => r.url === "/robots.txt")).toHaveLength(1);
    expect(server.requests).toHaveLength(4);
    for (const r of server.requests) expect(r.headers["user-agent"]).toBe(UA);
  });

  it("skips what robots.txt disallows without requesting it, and fetches what it allows", async () => {
    const server = await serve((req, res) =>
      req.url === "/robots.txt"
        ? res.writeHead(200, { "content-type": "text/plain" }).end(fixture("robots.txt"))
        : html(res),
    );
    const f = fetcher();
    const denied = await failure(f.fetch({ url: `${server.url}/private/budget.pdf` }));
    expect(denied).toMatchObject({ kind: "permanent", reason: "robots-disallowed" });
    const cgi = await failure(f.fetch({ url: `${server.url}/search.cgi` }));
    expect(cgi.reason).toBe("robots-disallowed");
    await f.fetch({ url: `${server.url}/private/reports/annual.html` });
    expect(pagePaths(server)).toEqual(["/private/reports/annual.html"]);
  });

  it("honours Crawl-delay between requests to the same host", async () => {
    const server = await serve((req, res) =>
      req.url === "/robots.txt"
        ? res.writeHead(200, { "content-type": "text/plain" }).end(fixture("robots.txt"))
        : html(res),
    );
    const f = fetcher();
    await Promise.all(["/p1", "/p2", "/p3"].map((p) => f.fetch({ url: server.url + p })));
    // The host sees each request at least the delay (0.2 s) after the previous one, however loaded the machine.
    const times = server.requests.map((r) => r.atMs);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(200);
  });

  it("keeps at most perHostConcurrency requests in flight on one host", async () => {
    let inFlight = 0;
    let most = 0;
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      inFlight += 1;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        html(res);
      }, 30);
    });
    const f = fetcher({ perHostConcurrency: 2 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => f.fetch({ url: `${server.url}/doc/${i}` })));
    expect(most).toBe(2);
    expect(pagePaths(server)).toHaveLength(6);
  });

  it("treats a robots.txt answering 5xx as a temporary disallow, without requesting the page", async () => {
    const server = await serve((req, res) => (req.url === "/robots.txt" ? res.writeHead(503).end() : html(res)));
    const error = await failure(fetcher({ retries: 1 }).fetch({ url: `${server.url}/a` }));
    expect(error).toMatchObject({ kind: "retryable", reason: "robots-unavailable" });
    expect(pagePaths(server)).toEqual([]);
  });

  it("refuses a host that is not allowed without any request", async () => {
    const server = await serve((_req, res) => html(res));
    const f = fetcher({ allowedHosts: ["www.un.org"] });
    const error = await failure(f.fetch({ url: `${server.url}/a` }));
    expect(error).toMatchObject({ kind: "permanent", reason: "host-not-allowed" });
    expect(server.requests).toHaveLength(0);
    expect(f.stats().requests).toBe(0);
  });

  it("fetches the normalised URL: tracking parameters and fragments are dropped, parameters sorted", async () => {
    const server = await serve((req, res) => (req.url === "/robots.txt" ? noRobots(res) : html(res)));
    const result = await fetcher().fetch({
      url: `${server.url}/list?utm_source=newsletter&page=2&lang=en&fbclid=abc#top`,
    });
    expect(pagePaths(server)).toEqual(["/list?lang=en&page=2"]);
    expect(result.url).toBe(`${server.url}/list?lang=en&page=2`);
  });
});

describe("retries", () => {
  it("waits for Retry-After after a 429, then succeeds", async () => {
    let calls = 0;
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      calls += 1;
      if (calls === 1) return res.writeHead(429, { "retry-after": "1" }).end("slow down");
      html(res);
    });
    const f = fetcher();
    const result = await f.fetch({ url: `${server.url}/busy` });
    expect(result.status).toBe(200);
    const [first, second] = server.requests.filter((r) => r.url === "/busy");
    expect(second!.atMs - first!.atMs).toBeGreaterThanOrEqual(950);
    expect(f.stats().retries).toBe(1);
  });

  it("gives up at once, as retryable, when Retry-After asks for longer than maxRetryAfterMs", async () => {
    const server = await serve((req, res) =>
      req.url === "/robots.txt" ? noRobots(res) : res.writeHead(429, { "retry-after": "3600" }).end(),
    );
    const error = await failure(fetcher({ maxRetryAfterMs: 5000 }).fetch({ url: `${server.url}/busy` }));
    expect(error).toMatchObject({ kind: "retryable", reason: "http-429", status: 429 });
    expect(error.message).toMatch(/3600 s/);
    expect(pagePaths(server)).toHaveLength(1);
  });

  it("retries a 500 and returns the answer that follows", async () => {
    let calls = 0;
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      calls += 1;
      if (calls === 1) return res.writeHead(500).end("oops");
      html(res);
    });
    const result = await fetcher().fetch({ url: `${server.url}/flaky`, expect: "html" });
    expect(result.status).toBe(200);
    expect(pagePaths(server)).toEqual(["/flaky", "/flaky"]);
  });

  it("stops after the configured retries on persistent 5xx, as retryable", async () => {
    const server = await serve((req, res) => (req.url === "/robots.txt" ? noRobots(res) : res.writeHead(502).end()));
    const error = await failure(fetcher({ retries: 2 }).fetch({ url: `${server.url}/down` }));
    expect(error).toMatchObject({ kind: "retryable", reason: "http-5xx", status: 502 });
    expect(pagePaths(server)).toHaveLength(3);
  });

  it("does not retry a 404: the document is recorded as not found", async () => {
    const server = await serve((req, res) => (req.url === "/robots.txt" ? noRobots(res) : res.writeHead(404).end()));
    const error = await failure(fetcher().fetch({ url: `${server.url}/gone.pdf` }));
    expect(error).toMatchObject({ kind: "permanent", reason: "not-found", status: 404 });
    expect(pagePaths(server)).toHaveLength(1);
  });

  it("fails as a retryable timeout when the server never answers", async () => {
    const server = await serve((req, res) => (req.url === "/robots.txt" ? noRobots(res) : undefined));
    const error = await failure(fetcher({ timeoutMs: 200, retries: 1 }).fetch({ url: `${server.url}/hang` }));
    expect(error).toMatchObject({ kind: "retryable", reason: "timeout" });
    expect(pagePaths(server)).toHaveLength(2);
  });

  it("gives up on a server that sends no headers within connectTimeoutMs, before the whole timeout", async () => {
    const server = await serve((req, res) => (req.url === "/robots.txt" ? noRobots(res) : undefined));
    const error = await failure(
      fetcher({ connectTimeoutMs: 100, timeoutMs: 20_000, retries: 0 }).fetch({ url: `${server.url}/hang` }),
    );
    expect(error).toMatchObject({ kind: "retryable", reason: "timeout" });
    expect(error.message).toMatch(/no response headers .* within 100 ms/);
  });

  it("times out a body that stops half-way", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      res.writeHead(200, { "content-type": "application/pdf" });
      res.write("%PDF-1.4\n");
    });
    const error = await failure(
      fetcher({ timeoutMs: 200, retries: 0 }).fetch({ url: `${server.url}/slow.pdf`, expect: "pdf" }),
    );
    expect(error).toMatchObject({ kind: "retryable", reason: "timeout" });
  });

  it("retries a refused connection and reports it as a network error", async () => {
    const server = await serve(() => undefined);
    const url = `${server.url}/x`;
    await server.close();
    const error = await failure(fetcher({ retries: 1, respectRobots: false }).fetch({ url }));
    expect(error).toMatchObject({ kind: "retryable", reason: "network" });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});
