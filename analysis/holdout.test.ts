import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeText } from "./document.ts";
import type { Fact } from "./types.ts";

// test/fixtures/analyzer/holdout.jsonl: passages written for this project in the style of UN-system
// and development-bank documents (budget fascicles, Executive Board documents, SSTC fund reports),
// in four languages, labelled by hand: {"id","org","lang","text","ssc_relevant","facts":[...]}.
// The floors guard against regressions; they sit a margin below the level the analyzer reaches.
const FACT_F1_FLOOR = 0.95;
const RELEVANCE_F1_FLOOR = 0.97;

interface GoldFact {
  kind: "funding" | "staffing";
  value?: number;
  currency?: string;
  count?: number;
  grade?: string | null;
  quote: string;
}
interface Gold {
  id: string;
  lang?: string;
  text: string;
  ssc_relevant: boolean;
  facts: GoldFact[];
}

const path = fileURLToPath(new URL("../test/fixtures/analyzer/holdout.jsonl", import.meta.url));
const gold: Gold[] = readFileSync(path, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Gold);

const grade = (g: string | null | undefined) => (g == null ? null : g.replace(/[\s\-–()]/g, "").toUpperCase());

/**
 * Same matching rules as the devset scorer: funding on currency and value within 0.5 %, staffing on count and grade.
 */
function same(g: GoldFact, p: Fact): boolean {
  if (g.kind !== p.kind) return false;
  if (p.kind === "funding")
    return p.currency.toUpperCase() === g.currency && Math.abs(p.value - g.value!) <= Math.max(0.005 * g.value!, 0.5);
  return p.count === g.count && grade(p.grade) === grade(g.grade);
}

const f1 = (tp: number, fp: number, fn: number) => (tp ? (2 * tp) / (2 * tp + fp + fn) : 0);

function score() {
  const facts = { tp: 0, fp: 0, fn: 0 };
  const rel = { tp: 0, fp: 0, fn: 0 };
  const misses: string[] = [];
  for (const g of gold) {
    const r = analyzeText(g.text, { lang: g.lang });
    if (r.relevant && g.ssc_relevant) rel.tp++;
    else if (r.relevant) rel.fp++;
    else if (g.ssc_relevant) rel.fn++;
    const used = new Set<number>();
    for (const gf of g.facts) {
      const i = r.facts.findIndex((pf, k) => !used.has(k) && same(gf, pf));
      if (i >= 0) {
        used.add(i);
        facts.tp++;
      } else {
        facts.fn++;
        misses.push(`${g.id} missed ${gf.quote}`);
      }
    }
    r.facts.forEach((pf, k) => {
      if (used.has(k)) return;
      facts.fp++;
      misses.push(`${g.id} extra ${pf.quote}`);
    });
  }
  return { factF1: f1(facts.tp, facts.fp, facts.fn), relevanceF1: f1(rel.tp, rel.fp, rel.fn), misses, n: gold.length };
}

describe("analyzer on the hand-labelled holdout passages", () => {
  const s = score();

  it("has a holdout set of a useful size, in the four languages, with negatives", () => {
    expect(s.n).toBeGreaterThanOrEqual(80);
    expect(new Set(gold.map((g) => g.lang))).toEqual(new Set(["en", "fr", "es", "pt"]));
    expect(gold.filter((g) => !g.ssc_relevant).length).toBeGreaterThanOrEqual(20);
  });

  it(`keeps fact F1 at or above ${FACT_F1_FLOOR}`, () => {
    expect(s.factF1, s.misses.join("\n")).toBeGreaterThanOrEqual(FACT_F1_FLOOR);
  });

  it(`keeps relevance F1 at or above ${RELEVANCE_F1_FLOOR}`, () => {
    expect(s.relevanceF1).toBeGreaterThanOrEqual(RELEVANCE_F1_FLOOR);
  });
});
