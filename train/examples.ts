/**
 * Labelled candidates for the confidence model and its calibration table: every quantity the
 * analyzer finds in a relevant passage of the devset passages and of the real documents, with its
 * features and whether it matches a labelled fact. Read from the shared folder at training (and
 * bench) time only; the product never needs it.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeDocument, analyzeText, type Candidate } from "../analysis/index.ts";
import { extractText } from "../crawlers/extract/index.ts";

export interface Example {
  set: "devset" | "realdocs";
  /** Passage id or document file: folds for cross-validation keep a group together. */
  group: string;
  features: string[];
  kept: boolean;
  correct: boolean;
  confidence: number;
}

interface GoldFact {
  kind: string;
  value?: number;
  currency?: string;
  count?: number;
  grade?: string | null;
}

/** Where the devset and the real documents are (`SSC_SHARED_DIR`, default /work/shared). */
export function sharedDir(): string {
  return process.env.SSC_SHARED_DIR ?? "/work/shared";
}

export function hasSharedData(dir = sharedDir()): boolean {
  return existsSync(join(dir, "devset/passages.jsonl")) && existsSync(join(dir, "realdocs/gold.jsonl"));
}

const gradeKey = (g: unknown) =>
  g == null
    ? null
    : String(g)
        .replace(/[\s\-–()]/g, "")
        .toUpperCase();

/** The scorers' matching rule: funding on currency and value within 0.5 %, staffing on count and grade. */
function matches(g: GoldFact, c: Candidate): boolean {
  const f = c.fact;
  if (g.kind !== f.kind) return false;
  if (f.kind === "funding")
    return f.currency === g.currency && Math.abs(f.value - (g.value ?? 0)) <= Math.max(0.005 * (g.value ?? 0), 0.5);
  return f.count === g.count && gradeKey(f.grade) === gradeKey(g.grade);
}

/** Each gold fact labels one candidate as right: kept candidates first, then dropped ones. */
function label(set: Example["set"], group: string, gold: GoldFact[], candidates: Candidate[]): Example[] {
  // Quantities of passages judged not SSTC are examples too: features they share with kept facts
  // ("no anchor in the sentence", "another organisation named") learn how often such quantities are wrong.
  const inScope = candidates;
  const correct = new Set<Candidate>();
  for (const g of gold) {
    const hit =
      inScope.find((c) => c.kept && !correct.has(c) && matches(g, c)) ??
      inScope.find((c) => !correct.has(c) && matches(g, c));
    if (hit) correct.add(hit);
  }
  return inScope.map((c) => ({
    set,
    group,
    features: c.features,
    kept: c.kept,
    correct: correct.has(c),
    confidence: c.fact.confidence,
  }));
}

/** Devset passages, analysed one by one as `analyze --jsonl` does. */
export async function devsetExamples(dir = sharedDir()): Promise<Example[]> {
  const lines = (await readFile(join(dir, "devset/passages.jsonl"), "utf8")).split("\n").filter((l) => l.trim());
  const out: Example[] = [];
  for (const line of lines) {
    const g = JSON.parse(line) as { id: string; text: string; lang?: string; facts: GoldFact[] };
    const r = analyzeText(g.text, { lang: g.lang, explain: true });
    out.push(...label("devset", g.id, g.facts, r.candidates ?? []));
  }
  return out;
}

/** The real documents, read with the crawl's own text extraction (cached in the temp folder). */
export async function realdocsExamples(dir = sharedDir()): Promise<Example[]> {
  const lines = (await readFile(join(dir, "realdocs/gold.jsonl"), "utf8")).split("\n").filter((l) => l.trim());
  const out: Example[] = [];
  for (const line of lines) {
    const g = JSON.parse(line) as { file: string; facts: GoldFact[] };
    const text = await pagesOf(join(dir, "realdocs", g.file));
    if (!text) continue;
    const doc = analyzeDocument({
      pages: text.pages,
      ...(text.language ? { lang: text.language } : {}),
      explain: true,
    });
    out.push(...label("realdocs", g.file, g.facts, doc.candidates ?? []));
  }
  return out;
}

async function pagesOf(file: string): Promise<{ pages: string[]; language: string | null } | null> {
  const info = await stat(file);
  const key = createHash("sha256").update(`${file}|${info.size}|${info.mtimeMs}`).digest("hex").slice(0, 16);
  const cacheDir = join(tmpdir(), "ssc-monitor-train-cache");
  const cached = join(cacheDir, `${key}.json`);
  if (existsSync(cached)) return JSON.parse(await readFile(cached, "utf8"));
  try {
    const bytes = new Uint8Array(await readFile(file));
    const t = await extractText({ bytes, mediaType: "application/pdf", charset: null });
    const out = { pages: t.pages, language: t.language };
    await mkdir(cacheDir, { recursive: true });
    await writeFile(cached, JSON.stringify(out));
    return out;
  } catch {
    // An image-only scan or a broken file has no text: nothing to learn from it.
    return null;
  }
}

export interface CalibrationRow {
  bin: string;
  facts: number;
  correct: number;
  share: number | null;
}

export const BINS: Array<[number, number]> = [
  [0, 0.5],
  [0.5, 0.7],
  [0.7, 0.8],
  [0.8, 0.9],
  [0.9, 0.95],
  [0.95, 1.0001],
];

/**
 * Facts per confidence bin and the share of them that are right; the last line is "≥ 0.9".
 * @example calibration([{confidence: 0.95, correct: true}]).at(-1)
 *   // => {bin: ">=0.90", facts: 1, correct: 1, share: 1}
 */
export function calibration(items: Array<{ confidence: number; correct: boolean }>): CalibrationRow[] {
  const row = (bin: string, xs: typeof items): CalibrationRow => {
    const correct = xs.filter((x) => x.correct).length;
    return {
      bin,
      facts: xs.length,
      correct,
      share: xs.length ? Math.round((correct / xs.length) * 1000) / 1000 : null,
    };
  };
  const rows = BINS.map(([lo, hi]) =>
    row(
      `${lo.toFixed(2)}-${Math.min(hi, 1).toFixed(2)}`,
      items.filter((x) => x.confidence >= lo && x.confidence < hi),
    ),
  );
  rows.push(
    row(
      ">=0.90",
      items.filter((x) => x.confidence >= 0.9),
    ),
  );
  return rows;
}
