import { deflateBomb } from "./bombs.ts";

/**
 * Hostile PDFs, built in memory from a few kilobytes: each one is small to write and hostile only
 * when a reader follows it (decompresses, recurses, trusts its cross-reference table). Nothing
 * here is written to disk or committed.
 */

type Part = string | Buffer;

interface PdfObject {
  /** The dictionary (or any object) text, e.g. "<< /Type /Catalog /Pages 2 0 R >>". */
  dict: string;
  /** A stream's bytes, written between `stream` and `endstream` after `dict`. */
  stream?: Buffer;
}

const latin1 = (s: string) => Buffer.from(s, "latin1");

/**
 * Serialises objects 1..n with a correct xref table, or a deliberately broken one.
 * `xref: "garbage"` writes offsets that point nowhere and a startxref past the end with a /Prev
 * that points back at itself, the shape of a damaged or crafted file.
 */
export function buildPdf(
  objects: PdfObject[],
  options: { root?: number; xref?: "exact" | "garbage"; trailer?: string } = {},
): Buffer {
  const parts: Buffer[] = [latin1("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")];
  let length = parts[0].byteLength;
  const push = (p: Part) => {
    const b = typeof p === "string" ? latin1(p) : p;
    parts.push(b);
    length += b.byteLength;
  };
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(length);
    push(`${i + 1} 0 obj\n${o.dict}\n`);
    if (o.stream) {
      push("stream\n");
      push(o.stream);
      push("\nendstream\n");
    }
    push("endobj\n");
  });
  const xrefAt = length;
  const broken = options.xref === "garbage";
  push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const offset of offsets) push(`${String(broken ? offset * 7 + 13 : offset).padStart(10, "0")} 00000 n \n`);
  const prev = broken ? ` /Prev ${xrefAt}` : "";
  push(`trailer\n<< /Size ${objects.length + 1} /Root ${options.root ?? 1} 0 R${prev}${options.trailer ?? ""} >>\n`);
  push(`startxref\n${broken ? xrefAt + 999_999 : xrefAt}\n%%EOF\n`);
  return Buffer.concat(parts);
}

/** Catalog, page tree, one page with `content` (and Helvetica as F1): objects 1-4, the content 5. */
export function onePage(content: PdfObject, extraCatalog = "", extraPage = "", more: PdfObject[] = []): PdfObject[] {
  return [
    { dict: `<< /Type /Catalog /Pages 2 0 R${extraCatalog} >>` },
    { dict: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>" },
    {
      dict:
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 ` +
        `0 R${extraPage} >>`,
    },
    { dict: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>" },
    content,
    ...more,
  ];
}

const textOps = (text: string) => `BT /F1 11 Tf 56 786 Td (${text}) Tj ET`;
const plain = (ops: string): PdfObject => ({
  dict: `<< /Length ${Buffer.byteLength(ops, "latin1")} >>`,
  stream: latin1(ops),
});

/** Arrays nested `depth` deep in the page's content stream and in the page dictionary. */
export function deeplyNestedPdf(depth: number): Buffer {
  const nest = "[".repeat(depth) + "]".repeat(depth);
  const ops = `${textOps("Nested South-South report")}\n${nest} pop\n`;
  return buildPdf(onePage(plain(ops), "", ` /Nest ${nest}`));
}

/** One uncompressed content stream of `bytes` bytes of text operators, with a /Length that lies. */
export function hugeStreamPdf(bytes: number): Buffer {
  const unit = "BT /F1 11 Tf 56 786 Td (South-South cooperation) Tj ET\n";
  const stream = Buffer.alloc(bytes, unit, "latin1");
  return buildPdf(onePage({ dict: "<< /Length 99999999999999 >>", stream }));
}

/** A page whose content stream is a FlateDecode bomb of `decodedBytes` spaces. */
export function flateBombPdf(decodedBytes: number): Buffer {
  const stream = deflateBomb(decodedBytes);
  return buildPdf(onePage({ dict: `<< /Length ${stream.byteLength} /Filter /FlateDecode >>`, stream }));
}

/** Readable text plus JavaScript that would call `beaconUrl` when opened (OpenAction and a name tree). */
export function javascriptPdf(beaconUrl: string, text: string): Buffer {
  const js = `app.launchURL("${beaconUrl}", true); this.submitForm("${beaconUrl}");`;
  return buildPdf(
    onePage(
      plain(textOps(text)),
      " /OpenAction 6 0 R /Names << /JavaScript << /Names [(boot) 6 0 R] >> >>",
      " /AA << /O 6 0 R >>",
      [{ dict: `<< /Type /Action /S /JavaScript /JS (${js}) >>` }],
    ),
  );
}

/** Readable objects behind an xref table whose offsets, startxref and /Prev are all wrong. */
export function brokenXrefPdf(text: string): Buffer {
  return buildPdf(onePage(plain(textOps(text))), { xref: "garbage" });
}
