import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { createInterface } from "node:readline";
import { analyzeDocument, analyzeText, ANALYZER_VERSION, type Candidate, type Fact } from "../../analysis/index.ts";
import { factUsd } from "../../analysis/currency.ts";
import { NOT_RELEVANT } from "../../analysis/document.ts";
import { extractText } from "../../crawlers/extract/index.ts";
import { type Command, type Io, parseCommand, UsageError } from "../args.ts";
import { formatExplanation } from "./analyze-explain.ts";

const USAGE = `usage: ssc-monitor analyze --jsonl            read {"id","text"[,"lang"]} lines on stdin,
                                            write {"id","relevant","facts"} lines on stdout
       ssc-monitor analyze [--lang L] FILE...  analyse .txt, .html or .pdf files, print JSON facts
options:
  --jsonl        stream mode (stdin to stdout)
  --lang L       force the language (en, fr, es, pt) instead of detecting it
  --units        also print the SSTC units and funds named (FILE mode)
  --explain      say why each fact was kept (subject, cue, scope, confidence) and why each other
                 quantity of an SSTC passage was dropped (FILE mode: text; --jsonl: an "explain" field)
  --explain-all  as --explain, and list the quantities of passages not about SSTC too
  --help         this text
`;

interface Options {
  jsonl: boolean;
  units: boolean;
  explain: false | "relevant" | "all";
  lang?: string;
  files: string[];
}

/** The command line, read by the CLI's one parser (node:util parseArgs, strict). */
function optionsOf(argv: string[]): Options {
  const { values, positionals } = parseCommand(
    argv,
    {
      jsonl: { type: "boolean" },
      units: { type: "boolean" },
      explain: { type: "boolean" },
      "explain-all": { type: "boolean" },
      lang: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    true,
  );
  const jsonl = values.jsonl ?? false;
  if (!jsonl && positionals.length === 0) throw new UsageError("give --jsonl or at least one FILE");
  return {
    jsonl,
    units: values.units ?? false,
    explain: values["explain-all"] ? "all" : values.explain ? "relevant" : false,
    ...(values.lang ? { lang: values.lang } : {}),
    files: positionals,
  };
}

/**
 * `ssc-monitor analyze`: see USAGE. Exit code 0 ok, 1 a file failed; a bad command line is a
 * UsageError (exit 2, from the CLI).
 * @example await analyzeCommand.run(["--jsonl"], process) // streams stdin to stdout
 */
export const analyzeCommand: Command = {
  name: "analyze",
  summary: "analyse local files (.pdf, .html, .txt) or JSON lines on stdin (--jsonl)",
  usage: USAGE,
  async run(argv, io) {
    const opts = optionsOf(argv);
    return opts.jsonl ? streamJsonl(io, opts) : analyzeFiles(opts, io);
  },
};

async function streamJsonl(io: Io, opts: Options): Promise<number> {
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    io.stdout.write(`${JSON.stringify(analyzeLine(line, n, opts))}\n`);
  }
  return 0;
}

/** A fact as printed: funding amounts in other currencies with their USD value and the rate used. */
function withUsd(fact: Fact): Fact {
  if (fact.kind !== "funding") return fact;
  return { ...fact, ...factUsd(fact) } as Fact;
}

function analyzeLine(line: string, n: number, opts: Options): object {
  const lang = opts.lang;
  let input: { id?: unknown; text?: unknown; lang?: unknown };
  try {
    input = JSON.parse(line);
  } catch {
    return { id: `line ${n}`, error: "not JSON" };
  }
  const id = input && typeof input === "object" && input.id !== undefined ? input.id : `line ${n}`;
  if (!input || typeof input !== "object" || typeof input.text !== "string") return { id, error: "no text" };
  try {
    const explain = Boolean(opts.explain);
    const r = analyzeText(input.text, { lang: typeof input.lang === "string" ? input.lang : lang, explain });
    const out = { id, relevant: r.relevant, facts: r.facts.map(withUsd) };
    return r.candidates ? { ...out, explain: explained(r.candidates, opts.explain === "all") } : out;
  } catch (err) {
    return { id, error: `analysis failed: ${(err as Error).message}` };
  }
}

/** Candidates as JSON: what was kept and why, what was dropped and why. */
function explained(candidates: Candidate[], all: boolean) {
  return candidates
    .filter((c) => all || c.reason !== NOT_RELEVANT)
    .map((c) => ({
      kept: c.kept,
      quote: c.fact.quote,
      page: c.fact.page,
      ...(c.fact.kind === "funding"
        ? { value: c.fact.value, currency: c.fact.currency }
        : { count: c.fact.count, grade: c.fact.grade }),
      ...(c.kept ? { subject: c.fact.subject, confidence: c.fact.confidence } : { reason: c.reason }),
      cue: c.cue,
      scope: c.scope,
      features: c.features,
    }));
}

async function analyzeFiles(opts: Options, io: Io): Promise<number> {
  let code = 0;
  for (const file of opts.files) {
    try {
      const text = await readDocument(file);
      const lang = opts.lang ?? text.language ?? undefined;
      const doc = analyzeDocument({ pages: text.pages, lang, explain: Boolean(opts.explain) });
      if (opts.explain) {
        io.stdout.write(formatExplanation(file, doc, opts.explain === "all"));
        continue;
      }
      const out = {
        file,
        lang: doc.lang,
        analyzer: ANALYZER_VERSION,
        pages: text.pages.length,
        passages: doc.passages.length,
        relevantPassages: doc.passages.filter((p) => p.relevant).length,
        facts: doc.facts.map(withUsd),
        ...(opts.units ? { units: doc.units } : {}),
      };
      io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } catch (err) {
      io.stderr.write(`analyze: ${file}: ${(err as Error).message}\n`);
      code = 1;
    }
  }
  return code;
}

const MEDIA_TYPES: Record<string, string> = {
  ".pdf": "application/pdf",
  ".html": "text/html",
  ".htm": "text/html",
  ".xhtml": "application/xhtml+xml",
  ".txt": "text/plain",
  ".text": "text/plain",
  "": "text/plain",
};

/**
 * A local file read as a crawl reads a fetched body (crawlers/extract): PDF text per page, HTML
 * main text, plain text as it is, and the language detected the same way. A plain-text file may
 * carry its pages split by form feeds (as pdftotext writes them); they stay pages here.
 */
async function readDocument(file: string): Promise<{ pages: string[]; language: string | null }> {
  const ext = extname(file).toLowerCase();
  const mediaType = MEDIA_TYPES[ext];
  if (!mediaType) throw new Error(`unsupported file type ${ext} (use .txt, .html or .pdf)`);
  const bytes = new Uint8Array(await readFile(file));
  const text = await extractText({ bytes, mediaType, charset: mediaType === "text/plain" ? "utf-8" : null });
  const pages = mediaType === "text/plain" ? text.pages.flatMap((p) => p.split("\f")) : text.pages;
  return { pages, language: text.language };
}
