/**
 * A small L2-regularised logistic regression over binary features, fitted by Newton's method
 * (a few dozen features: the Hessian is tiny). The intercept is not penalised.
 */
export interface LogisticModel {
  bias: number;
  weights: Record<string, number>;
}

/**
 * Fits P(correct | features).
 * @example fitLogistic([{features: ["a"], correct: true}, {features: ["b"], correct: false}], 1).weights.a > 0
 *   // => true
 */
export function fitLogistic(examples: Array<{ features: string[]; correct: boolean }>, lambda: number): LogisticModel {
  const names = [...new Set(examples.flatMap((e) => e.features))].sort();
  const index = new Map(names.map((n, i) => [n, i + 1]));
  const d = names.length + 1;
  const rows = examples.map((e) => [0, ...e.features.map((f) => index.get(f)!)]);
  const y = examples.map((e) => (e.correct ? 1 : 0));
  const w = new Float64Array(d);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Float64Array(d);
    const hess = Array.from({ length: d }, () => new Float64Array(d));
    rows.forEach((r, i) => {
      let z = 0;
      for (const j of r) z += w[j];
      const p = 1 / (1 + Math.exp(-z));
      const s = p * (1 - p);
      for (const j of r) {
        grad[j] += p - y[i];
        for (const k of r) hess[j][k] += s;
      }
    });
    for (let j = 1; j < d; j++) {
      grad[j] += lambda * w[j];
      hess[j][j] += lambda;
    }
    hess[0][0] += 1e-6;
    const step = solve(hess, grad);
    let change = 0;
    for (let j = 0; j < d; j++) {
      w[j] -= step[j];
      change = Math.max(change, Math.abs(step[j]));
    }
    if (change < 1e-8) break;
  }
  return { bias: w[0], weights: Object.fromEntries(names.map((n, i) => [n, w[i + 1]])) };
}

/** Probability for a feature list. */
export function predict(model: LogisticModel, features: string[]): number {
  let z = model.bias;
  for (const f of features) z += model.weights[f] ?? 0;
  return Math.round((1 / (1 + Math.exp(-z))) * 100) / 100;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let k = r + 1; k < n; k++) s -= m[r][k] * x[k];
    x[r] = s / m[r][r];
  }
  return x;
}
