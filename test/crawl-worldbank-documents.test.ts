import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { worldbankDocuments } from "../crawlers/sources/worldbank-documents.ts";
import { documents } from "../db/schema/index.ts";
import { describeEachDb } from "./db-harness.ts";
import { crawl } from "./fixtures/site/crawl-kit.ts";
import { makePdf } from "./fixtures/make-pdf.ts";
import { startServer, type TestServer } from "./http-server.ts";

/**
 * A publisher mirror over plain http whose search API sends at most 3 entries a page, whatever
 * `rows` asks for: the crawl must still fetch and store every document it lists.
 */

const TOTAL = 7;
const CAP = 3;
let server: TestServer | undefined;
afterEach(async () => server?.close());

async function mirror(): Promise<TestServer> {
  const s = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const pdf = /^\/pdf\/(\d+)\.pdf$/.exec(url.pathname);
    if (pdf)
      return void res
        .writeHead(200, { "content-type": "application/pdf" })
        .end(makePdf([`South-South knowledge exchange note ${pdf[1]}.`, "Annex"], { title: `Note ${pdf[1]}` }));
    if (url.pathname !== "/api/v2/wds") return void res.writeHead(404).end();
    const os = Number(url.searchParams.get("os"));
    const docs: Record<string, unknown> = { facets: {} };
    for (let i = os; i < Math.min(TOTAL, os + CAP); i++)
      docs[`D${500 + i}`] = {
        id: String(500 + i),
        display_title: `South-South knowledge exchange note ${i}`,
        docty: "Brief",
        lang: "English",
        pdfurl: `${s.url}/pdf/${500 + i}.pdf`,
      };
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ rows: CAP, os, total: String(TOTAL), documents: docs }));
  });
  return s;
}

describeEachDb("crawl of worldbank-documents against an http mirror with a capped page size", (t) => {
  it("fetches and stores every document the search lists", async () => {
    server = await mirror();
    const settings = worldbankDocuments.settings.parse({
      id: "worldbank-documents",
      baseUrl: server.url,
      query: ['"South-South"'],
    });
    const summary = await crawl(t().db, worldbankDocuments, settings);
    expect(summary).toMatchObject({ status: "succeeded", fetched: TOTAL, new: TOTAL, failed: 0 });
    const stored = await t()
      .db.select({ url: documents.url })
      .from(documents)
      .where(eq(documents.sourceId, "worldbank-documents"));
    expect(stored.map((d) => d.url).sort()).toEqual(
      Array.from({ length: TOTAL }, (_, i) => `${server!.url}/pdf/${500 + i}.pdf`).sort(),
    );
    const pdfs = server.requests.filter((r) => r.url.startsWith("/pdf/"));
    expect(pdfs).toHaveLength(TOTAL);
  });
});
