import type { Candidate, DocumentAnalysis } from "../../analysis/index.ts";
import { NOT_RELEVANT } from "../../analysis/document.ts";

/**
 * `analyze --explain FILE`: one line per quantity, the analyst's and the developer's view of a
 * decision. KEPT lines say what the fact is, its subject, the cue that found it, the scope that
 * attributed it and its confidence; DROP lines say why the quantity is not SSTC support.
 */
export function formatExplanation(file: string, doc: DocumentAnalysis, all: boolean): string {
  const candidates = doc.candidates ?? [];
  const shown = candidates.filter((c) => all || c.reason !== NOT_RELEVANT);
  const hidden = candidates.length - shown.length;
  const relevant = doc.passages.filter((p) => p.relevant).length;
  const lines = [
    `${file}: ${doc.lang}, ${doc.passages.length} passages (${relevant} about SSTC), ${doc.facts.length} facts`,
  ];
  for (const c of shown) lines.push(c.kept ? kept(c) : dropped(c));
  if (hidden) lines.push(`(${hidden} more quantities in passages not about SSTC: --explain-all lists them)`);
  return `${lines.join("\n")}\n\n`;
}

function what(c: Candidate): string {
  const f = c.fact;
  const quote = JSON.stringify(f.quote.replace(/\s+/g, " "));
  const value = f.kind === "funding" ? `${f.value} ${f.currency}` : `${f.count} ${f.grade ?? "posts/people"}`;
  return `p.${f.page} ${quote} = ${value}`;
}

function kept(c: Candidate): string {
  const anchor = c.features.find((f) => f.startsWith("anchor:"))?.slice(7) ?? "none";
  const where = [
    c.features.find((f) => f.startsWith("dist:"))?.slice(5),
    c.features.find((f) => f.startsWith("dir:"))?.slice(4),
  ]
    .filter(Boolean)
    .join(", ");
  const subject = c.fact.subject ?? "(the passage's SSTC subject)";
  return (
    `KEPT ${what(c)} | subject: ${subject} | cue: ${c.cue} |` +
    ` scope: ${c.scope} (anchor: ${anchor}${where ? `, ${where}` : ""}) |` +
    ` confidence ${c.fact.confidence.toFixed(2)}`
  );
}

function dropped(c: Candidate): string {
  return `DROP ${what(c)} | ${c.reason} | cue: ${c.cue}`;
}
