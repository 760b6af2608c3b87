import type { Anchor } from "./vocabulary.ts";

/** A passage is SSTC-relevant when the weights of its SSTC terms and unit names add up to this. */
export const RELEVANCE_THRESHOLD = 1;

/**
 * Relevance of a passage from its anchors: the sum of term and unit weights, capped at 1.
 * Anaphors ("the Fund") and non-SSTC subjects never make a passage relevant.
 * @example scoreRelevance([{start: 0, end: 11, kind: "term", weight: 1}]) // => {score: 1, relevant: true}
 */
export function scoreRelevance(anchors: Anchor[]): { score: number; relevant: boolean } {
  let sum = 0;
  for (const a of anchors) if (a.kind === "term" || a.kind === "unit") sum += a.weight;
  return { score: Math.min(1, Math.round(sum * 100) / 100), relevant: sum >= RELEVANCE_THRESHOLD - 1e-9 };
}
