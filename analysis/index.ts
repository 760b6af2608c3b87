export { analyzeDocument, analyzeText } from "./document.ts";
export type { DocumentAnalysis } from "./document.ts";
export { detectLanguage } from "./language.ts";
export { canonicalGrade } from "./grades.ts";
export { matchSubject, unitById } from "./vocabulary.ts";
export { ANALYZER_VERSION, factFingerprint } from "./fingerprint.ts";
export { MIN_CONFIDENCE } from "./facts.ts";
export { scoreConfidence } from "./confidence.ts";
export type { Candidate, Fact, FundingFact, FundingBasis, StaffingFact, Passage, UnitMention } from "./types.ts";
