/**
 * `npm run train`: fits the analyzer's confidence model and writes analysis/confidence-model.json.
 *
 * Examples: every quantity the analyzer finds in a relevant passage of the devset and of the real
 * documents (train/examples.ts), with the features its rules saw, labelled right when it matches a
 * labelled fact. Model: L2-regularised logistic regression over those binary features, fitted
 * here by Newton's method, so its output is a probability (natural's LogisticRegressionClassifier
 * drops the intercept it fits and stops on a fixed cost step, and its BayesClassifier multiplies
 * correlated features as if independent: both give scores, not probabilities; the script prints
 * natural's Bayes calibration next to ours to show it).
 *
 *   npm run train [-- --dry-run]     (SSC_SHARED_DIR: where devset/ and realdocs/ are)
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { ANALYZER_VERSION } from "../analysis/index.ts";
import { calibration, devsetExamples, type Example, hasSharedData, realdocsExamples, sharedDir } from "./examples.ts";
import { fitLogistic, predict } from "./logistic.ts";
import { bayesProbabilities } from "./natural-bayes.ts";

const MODEL_FILE = fileURLToPath(new URL("../analysis/confidence-model.json", import.meta.url));
/** L2 penalty: enough that a feature seen a handful of times cannot push a probability to 0 or 1. */
const LAMBDA = 2;
const FOLDS = 5;

async function main(): Promise<void> {
  const dir = sharedDir();
  if (!hasSharedData(dir)) {
    console.error(`train: no devset/ and realdocs/ under ${dir} (set SSC_SHARED_DIR)`);
    process.exitCode = 2;
    return;
  }
  const examples = [...(await devsetExamples(dir)), ...(await realdocsExamples(dir))];
  const model = fitLogistic(examples, LAMBDA);
  const scored = examples.map((e) => ({ ...e, confidence: predict(model, e.features) }));
  const crossValidated = crossValidate(examples);
  const report = {
    examples: examples.length,
    right: examples.filter((e) => e.correct).length,
    kept: examples.filter((e) => e.kept).length,
    keptRight: examples.filter((e) => e.kept && e.correct).length,
  };
  console.log(JSON.stringify({ train: "confidence", ...report, lambda: LAMBDA }));
  printTable(
    "kept facts, devset (in-sample)",
    scored.filter((e) => e.kept && e.set === "devset"),
  );
  printTable(
    "kept facts, realdocs (in-sample)",
    scored.filter((e) => e.kept && e.set === "realdocs"),
  );
  printTable(`all candidates, ${FOLDS}-fold cross-validated`, crossValidated);
  printTable("all candidates, natural BayesClassifier (in-sample)", bayesProbabilities(examples));
  if (process.argv.includes("--dry-run")) return;
  const weights = Object.fromEntries(Object.entries(model.weights).sort(([a], [b]) => a.localeCompare(b)));
  const file = {
    $comment:
      "Confidence model of the analyzer (analysis/confidence.ts): logistic regression over the features the rules " +
      "saw. Written by `npm run train` (train/confidence.ts); do not edit by hand.",
    analyzer: ANALYZER_VERSION,
    trainedOn: report,
    lambda: LAMBDA,
    bias: round(model.bias),
    weights: Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, round(v)])),
  };
  await writeFile(MODEL_FILE, `${JSON.stringify(file, null, 2)}\n`);
  console.log(`wrote ${MODEL_FILE}`);
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Out-of-fold probabilities: each group (passage or document) is scored by a model that never saw it. */
function crossValidate(examples: Example[]): Array<{ confidence: number; correct: boolean }> {
  const groups = [...new Set(examples.map((e) => e.group))];
  const fold = new Map(groups.map((g, i) => [g, i % FOLDS]));
  const out: Array<{ confidence: number; correct: boolean }> = [];
  for (let k = 0; k < FOLDS; k++) {
    const model = fitLogistic(
      examples.filter((e) => fold.get(e.group) !== k),
      LAMBDA,
    );
    for (const e of examples.filter((x) => fold.get(x.group) === k))
      out.push({ confidence: predict(model, e.features), correct: e.correct });
  }
  return out;
}

function printTable(title: string, items: Array<{ confidence: number; correct: boolean }>): void {
  console.log(`\n${title}`);
  console.log("confidence   facts  right  share");
  for (const r of calibration(items))
    console.log(
      `${r.bin.padEnd(11)} ${String(r.facts).padStart(6)} ${String(r.correct).padStart(6)}  ` +
        `${r.share === null ? "  -" : r.share.toFixed(3)}`,
    );
}

await main();
