export { analyzeDocument, analyzeText } from "./document.ts";
export type { DocumentAnalysis } from "./document.ts";
export { detectLanguage } from "./language.ts";
export { canonicalGrade } from "./grades.ts";
export { matchSubject, unitById } from "./vocabulary.ts";
export { ANALYZER_VERSION, factFingerprint } from "./fingerprint.ts";
export { MIN_CONFIDENCE } from "./facts.ts";
export type { Fact, FundingFact, FundingBasis, StaffingFact, Passage, UnitMention } from "./types.ts";
