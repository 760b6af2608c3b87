import {
  ANALYZER_VERSION,
  factFingerprint,
  type DocumentAnalysis,
  type Fact,
  type UnitMention,
} from "../analysis/index.ts";
import { periodColumns } from "../analysis/periods.ts";
import type { FactInput, PassageInput } from "../db/queries/version-analysis.ts";
import { contributorsBefore } from "./contributors.ts";

/**
 * Turns the analyzer's output into rows: passages as they are, facts with a period (the fact's own,
 * else the document's, which also picks the rate their USD is derived with) split into years,
 * and each SSTC unit named, once per page, as a "unit" fact (alerts watch units disappear).
 */
export function toRows(
  analysis: DocumentAnalysis,
  documentPeriod: string | null,
): { passages: PassageInput[]; facts: FactInput[] } {
  const passages = analysis.passages.map((p) => ({
    pageNo: p.page,
    start: p.start,
    end: p.end,
    text: p.text,
    language: analysis.lang,
    relevant: p.relevant,
    score: p.score,
  }));
  const facts = [
    ...analysis.facts.map((f) => factRow(f, documentPeriod, analysis)),
    ...unitRows(analysis.units, documentPeriod),
  ];
  return { passages, facts };
}

function factRow(f: Fact, documentPeriod: string | null, analysis: DocumentAnalysis): FactInput {
  const period = f.period ?? documentPeriod ?? null;
  const common = {
    fingerprint: factFingerprint(f),
    subject: f.subject,
    ...periodColumns(period),
    quote: f.quote,
    start: f.start,
    end: f.end,
    page: f.page,
    confidence: f.confidence,
    passageIndex: f.passageIndex,
  };
  if (f.kind === "staffing") {
    return {
      ...common,
      kind: "staffing",
      count: f.count,
      grade: f.grade,
      evidence: extras({ subjectId: f.subjectId }),
    };
  }
  const passage = analysis.passages[f.passageIndex];
  const gives = f.basis === "contribution" || f.basis === "pledge";
  const found = gives && passage ? contributorsBefore(passage.text, f.start - passage.start) : [];
  const contributors = found.length ? found : undefined;
  return {
    ...common,
    kind: "funding",
    value: f.value,
    currency: f.currency,
    basis: f.basis,
    evidence: extras({ subjectId: f.subjectId, valueMax: f.valueMax, perYear: f.perYear, contributors }),
  };
}

function unitRows(units: UnitMention[], documentPeriod: string | null): FactInput[] {
  const seen = new Set<string>();
  const rows: FactInput[] = [];
  const period = periodColumns(documentPeriod);
  for (const u of units) {
    const key = `${u.id}|${u.page}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({
      kind: "unit",
      fingerprint: `unit|${u.id}|${u.page}|${u.start}`,
      subject: u.name,
      ...period,
      quote: u.quote,
      start: u.start,
      end: u.end,
      page: u.page,
      confidence: 0.9,
      passageIndex: u.passageIndex,
      evidence: { source: "text", subjectId: u.id, org: u.org },
    });
  }
  return rows;
}

/** Analyzer extras kept with the fact. */
function extras(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { source: "text", analyzer: ANALYZER_VERSION };
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}
