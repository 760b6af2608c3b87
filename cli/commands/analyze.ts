import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import { analyzeDocument, analyzeText, ANALYZER_VERSION, type Fact } from "../../analysis/index.ts";
import { toUsd } from "../../analysis/currency.ts";
import { parsePeriod } from "../../analysis/periods.ts";

interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `usage: ssc-monitor analyze --jsonl            read {"id","text"[,"lang"]} lines on stdin,
                                            write {"id","relevant","facts"} lines on stdout
       ssc-monitor analyze [--lang L] FILE...  analyse .txt, .html or .pdf files, print JSON facts
options:
  --jsonl        stream mode (stdin to stdout)
  --lang L       force the language (en, fr, es, pt) instead of detecting it
  --units        also print the SSTC units and funds named (FILE mode)
  --help         this text
`;

interface Options {
  jsonl: boolean;
  units: boolean;
  lang?: string;
  files: string[];
}

function parseArgs(argv: string[]): Options | string {
  const opts: Options = { jsonl: false, units: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--jsonl") opts.jsonl = true;
    else if (a === "--units") opts.units = true;
    else if (a === "--lang") {
      opts.lang = argv[++i];
      if (!opts.lang) return "--lang needs a value";
    } else if (a.startsWith("--lang=")) opts.lang = a.slice(7);
    else if (a.startsWith("-")) return `unknown option: ${a}`;
    else opts.files.push(a);
  }
  if (!opts.jsonl && opts.files.length === 0) return "give --jsonl or at least one FILE";
  return opts;
}

/**
 * `ssc-monitor analyze`: see USAGE. Returns the exit code (0 ok, 1 a file failed, 2 bad usage).
 * @example await analyzeCommand(["--jsonl"], process) // streams stdin to stdout
 */
export async function analyzeCommand(argv: string[], io: Io): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout.write(USAGE);
    return 0;
  }
  const opts = parseArgs(argv);
  if (typeof opts === "string") {
    io.stderr.write(`analyze: ${opts}\n${USAGE}`);
    return 2;
  }
  return opts.jsonl ? streamJsonl(io, opts.lang) : analyzeFiles(opts, io);
}

async function streamJsonl(io: Io, lang?: string): Promise<number> {
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    io.stdout.write(JSON.stringify(analyzeLine(line, n, lang)) + "\n");
  }
  return 0;
}

/**
 * Fills `usd` for amounts in other currencies from the shipped yearly rate table (the rate of the
 * period's first year), and says which rate was used; amounts without a known rate keep usd null.
 */
function withUsd(fact: Fact): Fact {
  if (fact.kind !== "funding" || fact.usd != null || !fact.currency || fact.value == null) return fact;
  const conversion = toUsd(fact.value, fact.currency, parsePeriod(fact.period)?.start ?? null);
  return conversion ? ({ ...fact, usd: conversion.usd, usdRate: conversion.label } as Fact) : fact;
}

function analyzeLine(line: string, n: number, lang?: string): object {
  let input: { id?: unknown; text?: unknown; lang?: unknown };
  try {
    input = JSON.parse(line);
  } catch {
    return { id: `line ${n}`, error: "not JSON" };
  }
  const id = input && typeof input === "object" && input.id !== undefined ? input.id : `line ${n}`;
  if (!input || typeof input !== "object" || typeof input.text !== "string") return { id, error: "no text" };
  try {
    const r = analyzeText(input.text, { lang: typeof input.lang === "string" ? input.lang : lang });
    return { id, relevant: r.relevant, facts: r.facts.map(withUsd) };
  } catch (err) {
    return { id, error: `analysis failed: ${(err as Error).message}` };
  }
}

async function analyzeFiles(opts: Options, io: Io): Promise<number> {
  let code = 0;
  for (const file of opts.files) {
    try {
      const pages = await readPages(file);
      const doc = analyzeDocument({ pages, lang: opts.lang });
      const out = {
        file,
        lang: doc.lang,
        analyzer: ANALYZER_VERSION,
        pages: pages.length,
        passages: doc.passages.length,
        relevantPassages: doc.passages.filter((p) => p.relevant).length,
        facts: doc.facts.map(withUsd),
        ...(opts.units ? { units: doc.units } : {}),
      };
      io.stdout.write(JSON.stringify(out, null, 2) + "\n");
    } catch (err) {
      io.stderr.write(`analyze: ${file}: ${(err as Error).message}\n`);
      code = 1;
    }
  }
  return code;
}

async function readPages(file: string): Promise<string[]> {
  const ext = extname(file).toLowerCase();
  if (ext === ".pdf") return pdfPages(new Uint8Array(await readFile(file)));
  const text = await readFile(file, "utf8");
  if (ext === ".html" || ext === ".htm") return [await htmlMainText(text)];
  if (ext === ".txt" || ext === ".text" || ext === "") return text.split("\f");
  throw new Error(`unsupported file type ${ext} (use .txt, .html or .pdf)`);
}

async function htmlMainText(html: string): Promise<string> {
  const { load } = await import("cheerio");
  const $ = load(html);
  $("script, style, noscript, nav, footer, aside, form, iframe, svg, template").remove();
  // The site's banner goes; an article's own header (its title) stays.
  $("header")
    .filter((_, el) => $(el).closest("main, article").length === 0)
    .remove();
  const root = $("main").first().length
    ? $("main").first()
    : $("article").first().length
      ? $("article").first()
      : $("body");
  // Blocks become paragraphs, table rows lines of one passage; the source's own line breaks
  // and indentation mean nothing in HTML, so markers (private-use characters) carry the layout.
  root.find("p, div, li, h1, h2, h3, h4, h5, h6, table, section, header, blockquote, ul, ol").each((_, el) => {
    $(el).append("\uE000");
  });
  root.find("tr, caption, br").each((_, el) => {
    $(el).append("\uE001");
  });
  root.find("td, th").each((_, el) => {
    $(el).append(" ");
  });
  return root
    .text()
    .replace(/\s+/g, " ")
    .replace(/ ?\uE001 ?/g, "\n")
    .replace(/ ?\uE000[\s\uE000]*/g, "\n\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

type PdfExtractor = (bytes: Uint8Array) => Promise<string[]>;

async function pdfPages(bytes: Uint8Array): Promise<string[]> {
  const shared = new URL("../../crawlers/extract/pdf.ts", import.meta.url);
  if (existsSync(shared)) {
    const mod = (await import(shared.href)) as { extractPdfPages?: PdfExtractor };
    if (mod.extractPdfPages) return mod.extractPdfPages(bytes);
  }
  const { PDFParse } = await import("pdf-parse");
  const parser = new PDFParse({ data: bytes });
  try {
    const result = await parser.getText();
    return result.pages.map((p: { text: string }) => p.text);
  } finally {
    await parser.destroy();
  }
}
