import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { makePdf } from "../../test/fixtures/make-pdf.ts";
import { failure, fixture, noRobots, pagePaths, useFetchKit } from "../../test/fixtures/fetch/kit.ts";
import { parseContentType } from "./content.ts";

const { serve, fetcher } = useFetchKit();

/** A server answering `path` with (status, headers, body) and 404 elsewhere. */
async function serveOne(path: string, status: number, headers: Record<string, string>, body: Buffer | string) {
  return serve((req, res: ServerResponse) => {
    if (req.url !== path) return noRobots(res);
    res.writeHead(status, headers).end(body);
  });
}

describe("content checks", () => {
  it("returns a PDF with its media type and sha256, sniffed when the header is generic", async () => {
    const pdf = makePdf(["Programme budget 2024"]);
    const server = await serveOne("/doc.pdf", 200, { "content-type": "application/octet-stream" }, pdf);
    const result = await fetcher().fetch({ url: `${server.url}/doc.pdf`, expect: "pdf" });
    expect(result.mediaType).toBe("application/pdf");
    expect(result.charset).toBeNull();
    expect(result.sha256).toBe(createHash("sha256").update(pdf).digest("hex"));
    expect(Buffer.from(result.body).equals(pdf)).toBe(true);
  });

  it("refuses an empty body where a PDF was expected (ODS answers unknown symbols so)", async () => {
    const server = await serveOne(
      "/api/symbol/access?l=E&s=A%2F99%2F999&t=pdf",
      200,
      { "content-type": "application/pdf" },
      "",
    );
    const error = await failure(
      fetcher().fetch({ url: `${server.url}/api/symbol/access?s=A%2F99%2F999&l=E&t=pdf`, expect: "pdf" }),
    );
    expect(error).toMatchObject({ kind: "permanent", reason: "empty-body", status: 200 });
  });

  it("refuses an HTML error page served as a PDF", async () => {
    const server = await serveOne(
      "/report.pdf",
      200,
      { "content-type": "application/pdf" },
      fixture("error-page.html"),
    );
    const error = await failure(fetcher().fetch({ url: `${server.url}/report.pdf`, expect: "pdf" }));
    expect(error).toMatchObject({ kind: "permanent", reason: "bad-content" });
    expect(error.message).toMatch(/HTML page/);
  });

  it("refuses the same error page where any document was expected, since the header claimed a PDF", async () => {
    const server = await serveOne(
      "/report.pdf",
      200,
      { "content-type": "application/pdf" },
      fixture("error-page.html"),
    );
    const error = await failure(fetcher().fetch({ url: `${server.url}/report.pdf`, expect: "document" }));
    expect(error.reason).toBe("bad-content");
  });

  it("refuses an empty 200 even when nothing in particular was expected", async () => {
    const server = await serveOne("/empty", 200, { "content-type": "text/html" }, "");
    expect((await failure(fetcher().fetch({ url: `${server.url}/empty` }))).reason).toBe("empty-body");
  });

  it("refuses JSON that does not parse", async () => {
    const server = await serveOne("/api", 200, { "content-type": "application/json" }, '{"rows": [1, 2');
    expect((await failure(fetcher().fetch({ url: `${server.url}/api`, expect: "json" }))).reason).toBe("bad-content");
  });

  it("refuses a PDF where an HTML page was expected", async () => {
    const server = await serveOne("/page", 200, { "content-type": "text/html" }, makePdf(["x"]));
    expect((await failure(fetcher().fetch({ url: `${server.url}/page`, expect: "html" }))).reason).toBe("bad-content");
  });
});

describe("character sets", () => {
  it("decodes a windows-1252 page declared in a meta tag", async () => {
    const server = await serveOne("/fr", 200, { "content-type": "text/html" }, fixture("cafe-windows-1252.html"));
    const result = await fetcher().fetch({ url: `${server.url}/fr`, expect: "html" });
    expect(result.charset).toBe("windows-1252");
    expect(result.text()).toContain("Le café – 2024 : « budget » de l’unité Sud-Sud, 3,5 millions €.");
  });

  it("sniffs windows-1252 when nothing declares a character set", async () => {
    const server = await serveOne("/x", 200, { "content-type": "text/html" }, fixture("undeclared-windows-1252.html"));
    const result = await fetcher().fetch({ url: `${server.url}/x`, expect: "html" });
    expect(result.charset).toBe("windows-1252");
    expect(result.text()).toContain("Le café – 2024, sans déclaration.");
  });

  it("reads ISO-8859-1 from the header as windows-1252, as browsers do", async () => {
    const server = await serveOne(
      "/x",
      200,
      { "content-type": "text/html; charset=ISO-8859-1" },
      fixture("undeclared-windows-1252.html"),
    );
    const result = await fetcher().fetch({ url: `${server.url}/x` });
    expect(result.charset).toBe("iso-8859-1");
    expect(result.text()).toContain("café – 2024");
  });

  it("decodes UTF-8 with a BOM and drops the BOM", async () => {
    const server = await serveOne("/es", 200, { "content-type": "text/html" }, fixture("utf8-bom.html"));
    const result = await fetcher().fetch({ url: `${server.url}/es`, expect: "html" });
    expect(result.charset).toBe("utf-8");
    expect(result.text().startsWith("<!DOCTYPE html>")).toBe(true);
    expect(result.text()).toContain("Año 2024");
  });
});

describe("conditional requests", () => {
  it("sends the stored validators back and reports a 304 as not modified, with an empty body", async () => {
    const etag = '"v1-abc"';
    const lastModified = "Tue, 05 Mar 2024 10:00:00 GMT";
    const pdf = makePdf(["DP/CF/SSC/7"]);
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      if (req.headers["if-none-match"] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { "content-type": "application/pdf", etag, "last-modified": lastModified }).end(pdf);
    });
    const f = fetcher();
    const first = await f.fetch({ url: `${server.url}/ssc7.pdf`, expect: "pdf" });
    expect(first).toMatchObject({ notModified: false, etag, lastModified });
    const second = await f.fetch({
      url: `${server.url}/ssc7.pdf`,
      expect: "pdf",
      etag: first.etag,
      lastModified: first.lastModified,
    });
    expect(second).toMatchObject({ status: 304, notModified: true, etag, lastModified });
    expect(second.body.byteLength).toBe(0);
    const [, again] = server.requests.filter((r) => r.url === "/ssc7.pdf");
    expect(again!.headers["if-modified-since"]).toBe(lastModified);
    expect(f.stats()).toMatchObject({ notModified: 1, bytes: pdf.length });
  });
});

describe("streams", () => {
  it("hands over a large body in chunks, all of it", async () => {
    const part = "<iati-activity><title>South-South</title></iati-activity>\n".repeat(2000);
    const server = await serve((req, res) => {
      if (req.url === "/robots.txt") return noRobots(res);
      res.writeHead(200, { "content-type": "application/xml" });
      for (let i = 0; i < 5; i++) res.write(part);
      res.end("</iati-activities>");
    });
    const f = fetcher();
    const { status, mediaType, body } = await f.stream({ url: `${server.url}/iati.xml`, expect: "xml" });
    expect({ status, mediaType }).toEqual({ status: 200, mediaType: "application/xml" });
    let bytes = 0;
    let chunks = 0;
    for await (const chunk of body) {
      bytes += chunk.byteLength;
      chunks += 1;
    }
    expect(bytes).toBe(part.length * 5 + "</iati-activities>".length);
    expect(chunks).toBeGreaterThan(1);
  });

  it("refuses a stream that starts with an HTML page where XML was expected, and frees the host", async () => {
    const server = await serveOne("/iati.xml", 200, { "content-type": "application/xml" }, fixture("error-page.html"));
    const f = fetcher({ perHostConcurrency: 1, timeoutMs: 60_000 });
    expect((await failure(f.stream({ url: `${server.url}/iati.xml`, expect: "xml" }))).reason).toBe("bad-content");
    // With one slot per host, the next request only starts if the refused stream released its slot.
    const stuck = new Promise((_, reject) =>
      setTimeout(() => reject(new Error("the host's slot is still held")), 2000).unref(),
    );
    await Promise.race([failure(f.fetch({ url: `${server.url}/iati.xml`, expect: "xml" })), stuck]);
    expect(pagePaths(server)).toEqual(["/iati.xml", "/iati.xml"]);
  });
});

describe("parseContentType", () => {
  it("reads the media type and charset as the spec writes them: quoted, spaced, any case", () => {
    expect(parseContentType('Text/HTML ; charset="UTF-8"')).toEqual({ mediaType: "text/html", charset: "utf-8" });
    expect(parseContentType("application/pdf; name=report.pdf")).toEqual({
      mediaType: "application/pdf",
      charset: null,
    });
    expect(parseContentType("text/plain; charset=")).toEqual({ mediaType: "text/plain", charset: null });
  });

  it("reads a header that is no media type as saying nothing, so the bytes decide", () => {
    expect(parseContentType("pdf")).toEqual({ mediaType: "", charset: null });
    expect(parseContentType(null)).toEqual({ mediaType: "", charset: null });
  });

  it("sniffs a page served with a header that is no media type, instead of keeping the junk", async () => {
    const page = "<!doctype html><html><body><p>South-South cooperation</p></body></html>";
    const server = await serveOne("/page", 200, { "content-type": "html" }, page);
    const result = await fetcher().fetch({ url: `${server.url}/page`, expect: "html" });
    expect(result.mediaType).toBe("text/html");
  });
});
