import { afterEach, describe, expect, it } from "vitest";
import { FetchError } from "../errors.ts";
import { startServer, type TestServer } from "../../test/http-server.ts";
import { discoverAll, documents, fixture, problems, testFetcher } from "../../test/fixtures/sources/context.ts";
import { findSymbols, splitEdition } from "./symbols.ts";
import { listingSymbols, unOds } from "./un-ods.ts";

let server: TestServer | undefined;
afterEach(async () => server?.close());

describe("findSymbols", () => {
  it("finds UN symbols in running text, with editions and fascicles, and nothing that is not one", () => {
    const text =
      "See DP/CF/SSC/7 (2022-2025) and A/78/290/Add.1, the budget A/78/6 (Sect. 9), SSC/19/3. UNDP/2020 and A/RES " +
      "are not symbols; DP/2013/41/Corr.1 is.";
    expect(findSymbols(text)).toEqual([
      "DP/CF/SSC/7",
      "A/78/290/Add.1",
      "A/78/6 (Sect. 9)",
      "SSC/19/3",
      "DP/2013/41/Corr.1",
    ]);
  });

  it("splits the edition off: editions share the document's identity", () => {
    expect(splitEdition("DP/CF/SSC/7/Corr.1")).toEqual({ symbol: "DP/CF/SSC/7", edition: "Corr.1" });
    expect(splitEdition("A/78/290/Rev.1/Add.2")).toEqual({ symbol: "A/78/290", edition: "Rev.1/Add.2" });
    expect(splitEdition("SSC/21/1")).toEqual({ symbol: "SSC/21/1", edition: null });
  });

  it("reads symbols from a listing page's text and links, not from its scripts", () => {
    const symbols = listingSymbols(fixture("un-ods/hlc-session-documents.html"), "https://www.unsouthsouth.org/hlc/");
    expect(symbols).toEqual(["SSC/21/1", "A/78/290", "SSC/19/3", "SSC/21/2", "DP/CF/SSC/7/Corr.1"]);
  });
});

describe("un-ods discover", () => {
  it(
    "yields symbols from settings, patterns and listing " + "pages once each, percent-encoded, skipping known absences",
    async () => {
      let listingHits = 0;
      server = await startServer((req, res) => {
        if (req.url === "/hlc/" && ++listingHits === 1) return void res.writeHead(429, { "retry-after": "0" }).end();
        if (req.url === "/hlc/")
          return void res
            .writeHead(200, { "content-type": "text/html; charset=UTF-8" })
            .end(fixture("un-ods/hlc-session-documents.html"));
        res.writeHead(404).end();
      });
      const base = server.url;
      const absent = `${base}/api/symbol/access?s=DP%2FCF%2FSSC%2F8&l=E&t=pdf`;
      const run = await discoverAll(
        unOds,
        { baseUrl: base, symbols: ["A/78/290"], patterns: ["DP/CF/SSC/{7..8}"], listingUrls: [`${base}/hlc/`] },
        [absent],
      );
      const refs = documents(run.items);
      expect(refs.map((r) => r.key)).toEqual([
        "un:A/78/290",
        "un:DP/CF/SSC/7",
        "un:SSC/21/1",
        "un:SSC/19/3",
        "un:SSC/21/2",
        "un:DP/CF/SSC/7",
      ]);
      expect(refs[1]).toMatchObject({
        url: `${base}/api/symbol/access?s=DP%2FCF%2FSSC%2F7&l=E&t=pdf`,
        symbol: "DP/CF/SSC/7",
        type: "strategic-framework",
        organizationId: "unossc",
        expect: "pdf",
        language: "en",
      });
      expect(refs[5]).toMatchObject({
        symbol: "DP/CF/SSC/7",
        edition: "Corr.1",
        url: `${base}/api/symbol/access?s=DP%2FCF%2FSSC%2F7%2FCorr.1&l=E&t=pdf`,
        meta: { foundOn: `${base}/hlc/` },
      });
      expect(problems(run.items)).toEqual([
        {
          kind: "problem",
          url: absent,
          outcome: "skipped",
          message: "DP/CF/SSC/8: not in ODS on an earlier run (empty answer)",
        },
      ]);
    },
  );

  it(
    "the empty 200 of an unpublished symbol fails as " + "empty-body for the run to record; a published one is a PDF",
    async () => {
      server = await startServer((req, res) => {
        const symbol = new URL(req.url ?? "/", "http://x").searchParams.get("s");
        if (symbol === "DP/CF/SSC/7")
          return void res.writeHead(200, { "content-type": "application/pdf" }).end(fixture("un-ods/tiny.pdf"));
        res.writeHead(200, { "content-type": "application/pdf", "content-length": "0" }).end();
      });
      const run = await discoverAll(unOds, {
        baseUrl: server.url,
        symbols: ["DP/CF/SSC/7", "DP/CF/SSC/9"],
        patterns: [],
        listingUrls: [],
      });
      expect(documents(run.items).map((d) => d.symbol)).toEqual(["DP/CF/SSC/7", "DP/CF/SSC/9"]);
      const [published, unpublished] = documents(run.items);
      const fetcher = testFetcher();
      try {
        await expect(fetcher.fetch({ url: published.url, expect: published.expect })).resolves.toMatchObject({
          status: 200,
          mediaType: "application/pdf",
        });
        const error = await fetcher
          .fetch({ url: unpublished.url, expect: unpublished.expect })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(FetchError);
        expect(error).toMatchObject({ reason: "empty-body", kind: "permanent" });
      } finally {
        fetcher.close();
      }
    },
  );
});
