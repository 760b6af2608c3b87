/**
 * natural's BayesClassifier on the same feature tokens, for comparison only: its class scores,
 * normalised to sum to one, are what a Bayes "confidence" would be. Imported from its subpath
 * (a bare `import "natural"` loads dotenv and prints to stdout; see STACK.md).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface NaturalClassifier {
  addDocument(tokens: string[], label: string): void;
  train(): void;
  getClassifications(tokens: string[]): Array<{ label: string; value: number }>;
}

/**
 * In-sample P(right) from natural's BayesClassifier over the examples' feature tokens.
 * @example bayesProbabilities([{features: ["a"], correct: true}, {features: ["b"], correct: false}])[0].confidence >
 *   0.5
 *   // => true
 */
export function bayesProbabilities(
  examples: Array<{ features: string[]; correct: boolean }>,
): Array<{ confidence: number; correct: boolean }> {
  const BayesClassifier = require("natural/lib/natural/classifiers/bayes_classifier.js") as new () => NaturalClassifier;
  const classifier = new BayesClassifier();
  for (const e of examples) classifier.addDocument(e.features, e.correct ? "right" : "wrong");
  classifier.train();
  return examples.map((e) => {
    const scores = classifier.getClassifications(e.features);
    const total = scores.reduce((s, c) => s + c.value, 0);
    const right = scores.find((c) => c.label === "right")?.value ?? 0;
    return { confidence: total > 0 ? right / total : 0, correct: e.correct };
  });
}
