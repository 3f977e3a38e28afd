/**
 * Exact Gaussian-process regression (Rasmussen & Williams 2006, Alg. 2.1), used
 * with the NNGP kernel for Bayesian inference with an infinitely wide network
 * (Lee et al. 2018, arXiv 1711.00165):
 *   mean = K(x*, X) (K + noise I + r I)^{-1} y,
 *   cov  = K(x*, x*) - K(x*, X) (K + noise I + r I)^{-1} K(X, x*),
 * with r = regularization * mean(diag K). Jitter is escalated by the Cholesky if needed.
 * Negative variances left by rounding (at training points) are set to 0.
 */
import { cholesky, choleskySolve, forwardSubstituteRows } from './cholesky';
import { assertShape, meanDiagonal, matVec, toDense, toVector, type Dense } from './matrix';

/** Posterior on dense matrices. */
export interface DensePosterior {
  readonly mean: Float64Array;
  readonly covariance: Dense;
  /** Diagonal jitter the Cholesky had to add (absolute; 0 if none). */
  readonly jitter: number;
}

/** Add `amount` to the diagonal of a copy of a square matrix. */
export function withDiagonal(a: Dense, amount: number): Dense {
  const data = Float64Array.from(a.data);
  if (amount !== 0) for (let i = 0; i < a.rows; i++) data[i * a.cols + i] += amount;
  return { rows: a.rows, cols: a.cols, data };
}

/**
 * GP posterior on dense inputs. kTrainTrain n x n, kTestTrain m x n, kTestTest m x m.
 * `noise` is an absolute variance added to the diagonal, `regularization` a multiple of the mean diagonal.
 */
export function gpPosteriorDense(
  kTrainTrain: Dense,
  kTestTrain: Dense,
  kTestTest: Dense,
  yTrain: Float64Array,
  noise = 0,
  regularization = 0,
): DensePosterior {
  const n = kTrainTrain.rows;
  const m = kTestTrain.rows;
  assertShape(kTrainTrain, n, n, 'kTrainTrain');
  assertShape(kTestTrain, m, n, 'kTestTrain');
  assertShape(kTestTest, m, m, 'kTestTest');
  if (yTrain.length !== n) throw new Error(`yTrain has ${yTrain.length} entries, expected ${n}`);
  if (!(noise >= 0)) throw new Error(`noise must be >= 0, got ${noise}`);
  if (!(regularization >= 0)) throw new Error(`regularization must be >= 0, got ${regularization}`);
  const shift = noise + regularization * meanDiagonal(kTrainTrain);
  const { factor, jitter } = cholesky(withDiagonal(kTrainTrain, shift), 'kTrainTrain');
  const alpha = choleskySolve(factor, yTrain);
  const mean = matVec(kTestTrain, alpha);
  // V = L^{-1} K(X, x*), n x m; cov = K** - V^T V.
  const v = forwardSubstituteRows(factor, kTestTrain);
  const cov = Float64Array.from(kTestTest.data);
  for (let k = 0; k < n; k++) {
    const row = k * m;
    for (let i = 0; i < m; i++) {
      const vki = v.data[row + i];
      if (vki === 0) continue;
      const ci = i * m;
      for (let j = i; j < m; j++) cov[ci + j] -= vki * v.data[row + j];
    }
  }
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) cov[i * m + j] = cov[j * m + i];
  // Variances are >= 0; rounding can leave -1e-17 at a training point, which sqrt would turn into NaN.
  for (let i = 0; i < m; i++) if (cov[i * m + i] < 0) cov[i * m + i] = 0;
  return { mean, covariance: { rows: m, cols: m, data: cov }, jitter };
}

/** Public-boundary wrapper (number[][] in and out). */
export function gpPosteriorFromRows(args: {
  kTrainTrain: number[][];
  kTestTrain: number[][];
  kTestTest: number[][];
  yTrain: number[];
  noise?: number;
  regularization?: number;
}): DensePosterior {
  const kTrainTrain = toDense(args.kTrainTrain, 'kTrainTrain');
  const n = kTrainTrain.rows;
  const kTestTrain = toDense(args.kTestTrain, 'kTestTrain');
  // An empty test set arrives as [] (0 x 0): give it the right number of columns.
  const testTrain = kTestTrain.rows === 0 ? { rows: 0, cols: n, data: new Float64Array(0) } : kTestTrain;
  return gpPosteriorDense(kTrainTrain, testTrain, toDense(args.kTestTest, 'kTestTest'), toVector(args.yTrain, n, 'yTrain'), args.noise ?? 0, args.regularization ?? 0);
}
