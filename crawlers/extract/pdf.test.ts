import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makePdf } from "../../test/fixtures/make-pdf.ts";
import { flateBombPdf } from "../../test/hostile/hostile-pdfs.ts";
import { ExtractError } from "../errors.ts";
import { extractPdfPages, readPdf } from "./pdf.ts";

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../test/fixtures/extract/${name}`, import.meta.url)));

async function extractFailure(bytes: Uint8Array): Promise<ExtractError> {
  const error = await extractPdfPages(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExtractError);
  return error as ExtractError;
}

describe("extractPdfPages", () => {
  it("returns one string per page, in order, accents and dashes intact", async () => {
    const pdf = makePdf(["Programme budget 2024-2025\nSection 9: $3.5 million", "", "Café – 2024 (annex) \\ end"], {
      title: "A/78/6 (Sect. 9)",
    });
    const pages = await extractPdfPages(pdf);
    expect(pages).toEqual(["Programme budget 2024-2025\nSection 9: $3.5 million", "", "Café – 2024 (annex) \\ end"]);
    expect((await readPdf(pdf)).title).toBe("A/78/6 (Sect. 9)");
  });

  it("reads a PDF printed by a browser (compressed streams, embedded fonts)", async () => {
    const { pages, title } = await readPdf(fixture("chromium-two-pages.pdf"));
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain("3,5 millions de dollars");
    expect(pages[1]).toContain("deux postes P-3");
    expect(title).toBe("Rapport Sud-Sud");
  });

  it("leaves the caller's bytes usable (pdf.js would otherwise take the buffer)", async () => {
    const pdf = new Uint8Array(makePdf(["x"]));
    await extractPdfPages(pdf);
    expect(pdf.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
  });

  it("reports a malformed PDF with its reason", async () => {
    const truncated = makePdf(["Budget", "Annex"]).subarray(0, 200);
    const error = await extractFailure(truncated);
    expect(error.reason).toBe("malformed-pdf");
    expect(error.message).toMatch(/^malformed PDF: /);
    expect((await extractFailure(Buffer.from("%PDF-1.7\nthis is not a pdf at all\n"))).reason).toBe("malformed-pdf");
    expect((await extractFailure(Buffer.from("<!DOCTYPE html><html><body>Not found</body></html>"))).reason).toBe(
      "malformed-pdf",
    );
    expect((await extractFailure(new Uint8Array(0))).message).toBe("malformed PDF: the file is empty");
  });

  it("reports a password-protected PDF as encrypted", async () => {
    const error = await extractFailure(makePdf(["confidential"], { encrypted: true }));
    expect(error.reason).toBe("encrypted-pdf");
    expect(error.message).toMatch(/^encrypted PDF/);
  });

  it("abandons a parse that takes longer than timeoutMs, and keeps working afterwards", async () => {
    const long = makePdf(
      Array.from({ length: 60 }, (_, i) => `Page ${i + 1}\n${"South-South cooperation budget. ".repeat(20)}`),
    );
    const error = await extractPdfPages(long, { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractError);
    expect((error as ExtractError).reason).toBe("timeout");
    expect(await extractPdfPages(makePdf(["a", "b"]))).toEqual(["a", "b"]);
  });

  it("survives many bad files in a row without leaking parsers", async () => {
    const bad = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EOF");
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => extractPdfPages(bad)));
    expect(results.every((r) => r.status === "rejected" && r.reason instanceof ExtractError)).toBe(true);
    expect(await extractPdfPages(makePdf(["still fine"]))).toEqual(["still fine"]);
  });
});

describe("hostile PDFs", () => {
  it("stops a compression bomb at the memory limit by killing the reader, and reads the next PDF", async () => {
    const bomb = flateBombPdf(2 * 1024 * 1024 * 1024);
    const error = await extractPdfPages(bomb, { maxMemoryMb: 128, timeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtractError);
    expect((error as ExtractError).reason).toBe("too-large");
    expect((error as ExtractError).message).toMatch(/needs too much memory .* grew by more than 128 MB/);
    expect(await extractPdfPages(makePdf(["after the bomb"]))).toEqual(["after the bomb"]);
  });

  it("refuses a document that gives more text than maxTextChars", async () => {
    const page = (c: string) => Array.from({ length: 10 }, () => c.repeat(50)).join("\n");
    const error = await extractPdfPages(makePdf([page("a"), page("b")]), { maxTextChars: 600 }).catch(
      (e: unknown) => e,
    );
    expect((error as ExtractError).message).toMatch(/^PDF gives too much text \(\d+ characters, over 600\)/);
  });

  it("lets a process that read a PDF exit (the idle reader holds nothing open)", () => {
    const dir = mkdtempSync(join(tmpdir(), "ssc-pdf-exit-"));
    const script = join(dir, "read.mts");
    writeFileSync(
      script,
      `import { readPdf } from ${JSON.stringify(new URL("./pdf.ts", import.meta.url).href)};
      import { makePdf } from ${JSON.stringify(new URL("../../test/fixtures/make-pdf.ts", import.meta.url).href)};
      console.log((await readPdf(makePdf(["done"]))).pages[0]);`,
    );
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 30_000 });
      expect(run.stdout.trim()).toBe("done");
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
