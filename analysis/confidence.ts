import model from "./confidence-model.json" with { type: "json" };

/**
 * Confidence of a fact: a logistic regression over the features the rules saw (cue, scope, anchor
 * kind, distance and direction to it, non-SSTC subjects in the sentence, subject kind, language),
 * fitted by `npm run train` on the labelled passages and documents and shipped as
 * `confidence-model.json`. The value is the estimated probability that the fact is right.
 */
interface Model {
  bias: number;
  weights: Record<string, number>;
}

const { bias, weights } = model as unknown as Model;

/**
 * Probability (two decimals) that a candidate with these features is a right fact.
 * @example scoreConfidence(["kind:funding", "anchor:unit", "dist:adjacent"]) // => 0.97 (with the shipped model)
 */
export function scoreConfidence(features: string[]): number {
  let z = bias;
  for (const f of features) z += weights[f] ?? 0;
  return Math.round((1 / (1 + Math.exp(-z))) * 100) / 100;
}
