import type { ServerResponse } from "node:http";
import { makePdf } from "../fixtures/make-pdf.ts";
import { startServer, type TestServer } from "../http-server.ts";
import { gzipBomb, zipBomb } from "./bombs.ts";
import { brokenXrefPdf, deeplyNestedPdf, flateBombPdf, hugeStreamPdf, javascriptPdf } from "./hostile-pdfs.ts";
import { startBadTlsServer, type TlsServer } from "./tls.ts";

/**
 * A publisher site that serves what a crawler of the public web meets on a bad day, next to
 * ordinary documents: every hostile answer is built from a few kilobytes (or generated while it
 * is sent) and is hostile only to a reader that trusts it. The drills (and bench/hostile.ts)
 * crawl its listing and its IATI files and check that each one ends as a recorded failure.
 */

const GB = 1024 * 1024 * 1024;
const MB = 1024 * 1024;

export interface Drill {
  /** The path on the site (or the full URL for the https servers). */
  path: string;
  what: string;
}

/** Hostile documents linked from /list, each between two good ones. */
export const PDF_DRILLS = {
  nested: { path: "/docs/nested.pdf", what: "PDF with arrays nested 100,000 deep (page dictionary and content)" },
  hugeStream: { path: "/docs/huge-stream.pdf", what: "PDF with one 20 MB content stream and a /Length that lies" },
  flateBomb: { path: "/docs/flate-bomb.pdf", what: "PDF whose 2 MB FlateDecode stream inflates to 2 GB" },
  javascript: { path: "/docs/javascript.pdf", what: "PDF with JavaScript actions calling a URL when opened" },
  brokenXref: { path: "/docs/broken-xref.pdf", what: "PDF whose xref offsets, startxref and /Prev are all wrong" },
  gzipBomb: { path: "/docs/gzip-bomb.pdf", what: "Content-Encoding: gzip, 10 MB inflating to 10 GB" },
  gzFile: { path: "/docs/compressed.pdf", what: ".gz file (application/gzip) inflating to 1 GB, linked as a PDF" },
  zipBomb: { path: "/docs/archive.pdf", what: "zip archive whose one entry inflates to 1 GB, linked as a PDF" },
  endless: { path: "/docs/endless.pdf", what: "10 GB response without Content-Length" },
  drip: { path: "/docs/drip.pdf", what: "slow drip: one byte every 200 ms, forever" },
} satisfies Record<string, Drill>;

export const GOOD_PDFS = ["/docs/good-1.pdf", "/docs/good-2.pdf", "/docs/good-3.pdf"];

/** IATI activity files; the source reads them in this order. */
export const IATI_DRILLS = {
  xxe: { path: "/iati/xxe.xml", what: "external entities: file:///etc/passwd and a remote DTD" },
  laughs: { path: "/iati/billion-laughs.xml", what: "billion laughs (10^9 'lol's if expanded)" },
  gzipBomb: { path: "/iati/bomb.xml", what: "Content-Encoding: gzip, 10 MB inflating to 10 GB" },
  gzFile: { path: "/iati/activities.xml.gz", what: ".gz file (application/gzip) inflating to 1 GB" },
  zipBomb: { path: "/iati/activities.zip", what: "zip archive whose one entry inflates to 1 GB" },
  hugeDoctype: { path: "/iati/huge-doctype.xml", what: "a DOCTYPE of 200 MB, streamed" },
  deep: { path: "/iati/deep.xml", what: "an activity nested 200,000 deep, then an ordinary one" },
  good: { path: "/iati/good.xml", what: "an ordinary file" },
} satisfies Record<string, Drill>;

export interface HostileSite {
  url: string;
  server: TestServer;
  selfSigned: TlsServer;
  expired: TlsServer;
  /** URLs of the two https documents (self-signed and expired certificates). */
  tlsUrls: { selfSigned: string; expired: string };
  /** Requests for paths only a reader running a document's scripts or DTD would make. */
  beaconHits(): string[];
  /** Bytes written for /docs/endless.pdf before the client hung up. */
  endlessBytesSent(): number;
  iatiFiles(): string[];
  close(): Promise<void>;
}

const activity = (id: string, title: string) =>
  `<iati-activity default-currency="USD" version="2.03"><iati-identifier>${id}</iati-identifier>` +
  `<reporting-org ref="XM-DAC-41114" type="40"><narrative>UNDP</narrative></reporting-org>` +
  `<title><narrative>${title}</narrative></title><collaboration-type code="8"/>` +
  `<budget><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/><value ` +
  `value-date="2024-01-01">250000</value></budget></iati-activity>`;

const goodPdf = (n: string) =>
  makePdf([`Report ${n}\nThe South-South unit had two P-3 posts and US$ 1.2 million in 2024.`], {
    title: `Report ${n}`,
  });

/** Writes `chunk` until `total` bytes are out or the client goes away, with backpressure. */
function pump(res: ServerResponse, chunk: Buffer, total: number, sent: { bytes: number }): void {
  const next = () => {
    while (sent.bytes < total && !res.destroyed) {
      sent.bytes += chunk.byteLength;
      if (!res.write(chunk)) return void res.once("drain", next);
    }
    if (!res.destroyed) res.end();
  };
  next();
}

function drip(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/pdf" });
  res.write("%PDF-1.7\n");
  const timer = setInterval(() => res.write(" "), 200);
  res.on("close", () => clearInterval(timer));
}

function streamed(res: ServerResponse, type: string, head: string, body: Buffer, tail: string, repeat: number): void {
  res.writeHead(200, { "content-type": type });
  res.write(head);
  let i = 0;
  const next = () => {
    while (i < repeat && !res.destroyed) {
      i++;
      if (!res.write(body)) return void res.once("drain", next);
    }
    if (!res.destroyed) res.end(tail);
  };
  next();
}

/** Builds every answer once (about 30 MB in all, most of it the 10 GB gzip bombs' 10 MB each). */
function buildBodies(beaconBase: string) {
  const lol = ['<!ENTITY lol "lol">'];
  for (let i = 2; i <= 10; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 2 ? "" : i - 1};`.repeat(10)}">`);
  const deepInner = "<a>".repeat(200_000) + "</a>".repeat(200_000);
  return {
    pdf: {
      [PDF_DRILLS.nested.path]: deeplyNestedPdf(100_000),
      [PDF_DRILLS.hugeStream.path]: hugeStreamPdf(20 * MB),
      [PDF_DRILLS.flateBomb.path]: flateBombPdf(2 * GB),
      [PDF_DRILLS.javascript.path]: javascriptPdf(
        `${beaconBase}/beacon/pdf-javascript`,
        "South-South report with scripts",
      ),
      [PDF_DRILLS.brokenXref.path]: brokenXrefPdf("South-South report with a broken xref"),
      ...Object.fromEntries(GOOD_PDFS.map((p, i) => [p, goodPdf(`good ${i + 1}`)])),
    } as Record<string, Buffer>,
    gzipPdf: gzipBomb(10 * GB, "%PDF-1.7\n"),
    gzipXml: gzipBomb(10 * GB, '<?xml version="1.0"?>\n<iati-activities version="2.03">\n'),
    gzFile: gzipBomb(1 * GB),
    zipFile: zipBomb("activities.xml", 1 * GB),
    xml: {
      [IATI_DRILLS.xxe.path]:
        `<?xml version="1.0"?>\n<!DOCTYPE iati-activities [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n` +
        `<!ENTITY % remote SYSTEM "${beaconBase}/beacon/iati-dtd"> %remote;\n]>\n` +
        `<iati-activities version="2.03">${activity("XXE-1", "South-South &xxe; exchange")}</iati-activities>`,
      [IATI_DRILLS.laughs.path]:
        `<?xml version="1.0"?>\n<!DOCTYPE lolz [${lol.join("")}]>\n` +
        `<iati-activities version="2.03">${activity("LOL-1", "South-South &lol10; exchange")}</iati-activities>`,
      [IATI_DRILLS.deep.path]:
        `<iati-activities version="2.03"><iati-activity><iati-identifier>DEEP-1</iati-identifier>${deepInner}` +
        `</iati-activity>` +
        `${activity("AFTER-DEEP-1", "South-South exchange after a deep one")}</iati-activities>`,
      [IATI_DRILLS.good.path]:
        `<iati-activities version="2.03">${activity("GOOD-1", "South-South exchange of practices")}</iati-activities>`,
    } as Record<string, string>,
  };
}

export async function startHostileSite(): Promise<HostileSite> {
  const hits: string[] = [];
  const endless = { bytes: 0 };
  let bodies: ReturnType<typeof buildBodies> | null = null;
  const server = await startServer((req, res) => {
    const path = req.url ?? "/";
    const b = bodies!;
    if (path.startsWith("/beacon/")) {
      hits.push(path);
      return void res.writeHead(204).end();
    }
    if (path === "/robots.txt") return void res.writeHead(404).end();
    if (path === "/list") {
      const links = [
        GOOD_PDFS[0],
        ...Object.values(PDF_DRILLS).map((d) => d.path),
        GOOD_PDFS[1],
        site.tlsUrls.selfSigned,
        site.tlsUrls.expired,
        GOOD_PDFS[2],
      ];
      const items = links.map((href) => `<li><a href="${href}">${href}</a></li>`).join("");
      return void res
        .writeHead(200, { "content-type": "text/html" })
        .end(`<html><body><ul>${items}</ul></body></html>`);
    }
    if (b.pdf[path]) return void res.writeHead(200, { "content-type": "application/pdf" }).end(b.pdf[path]);
    if (b.xml[path]) return void res.writeHead(200, { "content-type": "application/xml" }).end(b.xml[path]);
    switch (path) {
      case PDF_DRILLS.gzipBomb.path:
        return void res
          .writeHead(200, { "content-type": "application/pdf", "content-encoding": "gzip" })
          .end(b.gzipPdf);
      case IATI_DRILLS.gzipBomb.path:
        return void res
          .writeHead(200, { "content-type": "application/xml", "content-encoding": "gzip" })
          .end(b.gzipXml);
      case PDF_DRILLS.gzFile.path:
      case IATI_DRILLS.gzFile.path:
        return void res.writeHead(200, { "content-type": "application/gzip" }).end(b.gzFile);
      case PDF_DRILLS.zipBomb.path:
      case IATI_DRILLS.zipBomb.path:
        return void res.writeHead(200, { "content-type": "application/zip" }).end(b.zipFile);
      case PDF_DRILLS.endless.path: {
        res.writeHead(200, { "content-type": "application/pdf" }); // chunked: no Content-Length
        res.write("%PDF-1.7\n");
        return pump(res, Buffer.alloc(256 * 1024, 0x20), 10 * GB, endless);
      }
      case PDF_DRILLS.drip.path:
        return drip(res);
      case IATI_DRILLS.hugeDoctype.path:
        return streamed(
          res,
          "application/xml",
          '<?xml version="1.0"?>\n<!DOCTYPE iati-activities [<!ENTITY pad "',
          Buffer.alloc(MB, "a"),
          `">]><iati-activities>${activity("DOCTYPE-1", "South-South")}</iati-activities>`,
          200,
        );
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  bodies = buildBodies(server.url);
  const pdfBody = goodPdf("over TLS");
  const selfSigned = await startBadTlsServer("self-signed", pdfBody);
  const expired = await startBadTlsServer("expired", pdfBody);
  const site: HostileSite = {
    url: server.url,
    server,
    selfSigned,
    expired,
    tlsUrls: { selfSigned: `${selfSigned.url}/docs/self-signed.pdf`, expired: `${expired.url}/docs/expired.pdf` },
    beaconHits: () => [...hits],
    endlessBytesSent: () => endless.bytes,
    iatiFiles: () => Object.values(IATI_DRILLS).map((d) => `${server.url}${d.path}`),
    close: async () => {
      await Promise.all([server.close(), selfSigned.close(), expired.close()]);
    },
  };
  return site;
}
