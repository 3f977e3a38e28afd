/**
 * Closed-form gradient-flow dynamics of a network in its linearized (infinite-width)
 * regime on the loss (1/2N) sum_i (f(x_i) - y_i)^2 (Jacot et al. 2018, arXiv 1806.07572;
 * Lee et al. 2019, arXiv 1902.06720, eqs. 8-9). With Theta(X, X) = V diag(lambda) V^T:
 *   f_t(X)  = f_0(X)  + V diag(expm1(-eta lambda t / N)) V^T (f_0(X) - y),
 *   f_t(x*) = f_0(x*) + Theta(x*, X) V diag(expm1(-eta lambda t / N) / lambda) V^T (f_0(X) - y).
 * The eigendecomposition is done once; each predict(t) costs O((N + M) N).
 * Eigenvalues below N * eps * lambda_max are treated as 0 (those directions never train;
 * their test-side factor is the limit -eta t / N, and 0 at t = infinity, i.e. a pseudo-inverse).
 */
import { symmetricEigen } from './eigen';
import { assertShape, type Dense } from './matrix';

/** Precomputed dynamics; predict(t) for any t >= 0 (Infinity allowed). */
export interface DenseDynamics {
  predict(t: number): { train: Float64Array; test: Float64Array };
  readonly eigenvalues: Float64Array;
}

export function gradientDescentMseDense(
  ntkTrainTrain: Dense,
  ntkTestTrain: Dense,
  yTrain: Float64Array,
  f0Train: Float64Array,
  f0Test: Float64Array,
  learningRate: number,
): DenseDynamics {
  const n = ntkTrainTrain.rows;
  const m = ntkTestTrain.rows;
  assertShape(ntkTrainTrain, n, n, 'ntkTrainTrain');
  assertShape(ntkTestTrain, m, n, 'ntkTestTrain');
  if (yTrain.length !== n) throw new Error(`yTrain has ${yTrain.length} entries, expected ${n}`);
  if (f0Train.length !== n) throw new Error(`f0Train has ${f0Train.length} entries, expected ${n}`);
  if (f0Test.length !== m) throw new Error(`f0Test has ${f0Test.length} entries, expected ${m}`);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new Error(`learningRate must be finite and > 0, got ${learningRate}`);
  const { values, vectors } = symmetricEigen(ntkTrainTrain);
  const v = vectors.data;
  const lambdaMax = n > 0 ? Math.max(Math.abs(values[0]), Math.abs(values[n - 1])) : 0;
  const floor = n * 2.220446049250313e-16 * lambdaMax;
  const lambda = values.map((x) => (x > floor ? x : 0));
  // r = V^T (f0 - y); B = Theta(x*, X) V.
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const residual = f0Train[i] - yTrain[i];
    for (let k = 0; k < n; k++) r[k] += v[i * n + k] * residual;
  }
  const b = new Float64Array(m * n);
  const t = ntkTestTrain.data;
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < n; p++) {
      const tip = t[i * n + p];
      if (tip === 0) continue;
      for (let k = 0; k < n; k++) b[i * n + k] += tip * v[p * n + k];
    }
  }
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  return {
    eigenvalues: Float64Array.from(values),
    predict(time: number) {
      if (!(time >= 0)) throw new Error(`time must be >= 0 (or Infinity), got ${time}`);
      const scale = learningRate / n;
      for (let k = 0; k < n; k++) {
        const l = lambda[k];
        if (time === Infinity) {
          g[k] = l > 0 ? -r[k] : 0;
          h[k] = l > 0 ? -r[k] / l : 0;
        } else {
          const e = Math.expm1(-scale * l * time);
          g[k] = e * r[k];
          h[k] = l > 0 ? (e / l) * r[k] : -scale * time * r[k];
        }
      }
      const train = Float64Array.from(f0Train);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += v[i * n + k] * g[k];
        train[i] += s;
      }
      const test = Float64Array.from(f0Test);
      for (let i = 0; i < m; i++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += b[i * n + k] * h[k];
        test[i] += s;
      }
      return { train, test };
    },
  };
}

/**
 * Largest stable learning rate 2N / lambda_max(Theta(X, X)): gradient descent on
 * (1/2N) sum (f - y)^2 multiplies the residual along eigenvector k by (1 - eta lambda_k / N)
 * each step, which diverges once |1 - eta lambda_max / N| > 1 (Lee et al. 2019, sec. 2.3).
 */
export function maxLearningRateDense(ntkTrainTrain: Dense): number {
  const n = ntkTrainTrain.rows;
  assertShape(ntkTrainTrain, n, n, 'ntkTrainTrain');
  if (n === 0) return Infinity;
  const { values } = symmetricEigen(ntkTrainTrain);
  const top = values[n - 1];
  return top > 0 ? (2 * n) / top : Infinity;
}
