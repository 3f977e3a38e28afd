/**
 * The distribution, over random initializations, of an infinitely wide network
 * trained by gradient flow on the MSE loss (1/2N) sum (f - y)^2 (Lee et al. 2019,
 * arXiv 1902.06720, eqs. 15-16). With Theta = Theta(X, X), K the NNGP and
 *   A_t = Theta(x*, X) Theta^{-1} (I - exp(-eta Theta t / N))   (test x train),
 * the output at x* is Gaussian with
 *   mean = A_t y,
 *   cov  = K(x*, x*) + A_t K(X, X) A_t^T - A_t K(X, x*) - K(x*, X) A_t^T.
 * At t = infinity, A = Theta(x*, X) Theta^{-1}: the mean is kernel regression with the NTK,
 * and the covariance is not the NNGP posterior's.
 *
 * Discrete full-batch gradient descent ('gradient-descent' dynamics, t = number of steps):
 * one step maps the training residual r -> (I - eta Theta / N) r and moves the test output by
 * -(eta/N) Theta(x*, X) r, so summing the geometric series gives the same formulas with
 *   A_t = Theta(x*, X) Theta^{-1} (I - (I - eta Theta / N)^t).
 */
import { backSubstituteRows, cholesky, forwardSubstituteRows } from './cholesky';
import { symmetricEigen } from './eigen';
import { withDiagonal } from './gp-posterior';
import { assertShape, matVec, meanDiagonal, type Dense } from './matrix';

/** Kernel blocks between train (X) and test (x*) inputs. */
export interface DenseKernelBlocks {
  readonly trainTrain: Dense;
  readonly testTrain: Dense;
  readonly testTest: Dense;
}

/** Continuous gradient flow (exp(-eta Theta t / N)) or discrete gradient-descent steps ((I - eta Theta / N)^t). */
export type EnsembleDynamics = 'flow' | 'gradient-descent';

/**
 * The spectral factor of Theta^{-1}(I - S_t) for one eigenvalue lambda >= 0, with a = eta lambda / N:
 * flow (1 - e^{-a t}) / lambda; gradient descent (1 - (1 - a)^t) / lambda. Both tend to eta t / N
 * as lambda -> 0. For 0 < a < 1 the discrete factor is -expm1(t log1p(-a)) / lambda (no cancellation);
 * for a >= 1 (modes at or beyond the stability edge, a = 2 at eta = eta_max) the power is taken directly.
 */
export function spectralFactor(lambda: number, scale: number, time: number, dynamics: EnsembleDynamics): number {
  if (!(lambda > 0)) return scale * time;
  const a = scale * lambda;
  if (dynamics === 'flow') return -Math.expm1(-a * time) / lambda;
  if (a < 1) return -Math.expm1(time * Math.log1p(-a)) / lambda;
  return (1 - Math.pow(1 - a, time)) / lambda;
}

/**
 * A_t as a dense m x n matrix. t = Infinity uses a Cholesky solve (escalating jitter);
 * finite t uses the eigendecomposition Theta = V diag(lambda) V^T and
 * Theta^{-1}(I - e^{-eta Theta t/N}) = V diag(-expm1(-eta lambda t / N) / lambda) V^T,
 * whose factor tends to eta t / N as lambda -> 0 (so no regularization is needed).
 */
export function trainedOperator(
  ntk: DenseKernelBlocks, time: number, learningRate: number, regularization: number, dynamics: EnsembleDynamics = 'flow',
): { operator: Dense; jitter: number } {
  const n = ntk.trainTrain.rows;
  const m = ntk.testTrain.rows;
  const theta = withDiagonal(ntk.trainTrain, regularization * meanDiagonal(ntk.trainTrain));
  if (time === Infinity) {
    if (dynamics === 'gradient-descent') assertConvergent(theta, learningRate);
    const { factor, jitter } = cholesky(theta, 'NTK trainTrain');
    // A^T = Theta^{-1} Theta(X, x*): n x m.
    const at = backSubstituteRows(factor, forwardSubstituteRows(factor, ntk.testTrain));
    const a = new Float64Array(m * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) a[j * n + i] = at.data[i * m + j];
    return { operator: { rows: m, cols: n, data: a }, jitter };
  }
  const { values, vectors } = symmetricEigen(theta);
  const scale = learningRate / n;
  const factor = new Float64Array(n);
  for (let k = 0; k < n; k++) factor[k] = spectralFactor(Math.max(values[k], 0), scale, time, dynamics);
  // B = Theta(x*, X) V (m x n), then A = B diag(factor) V^T.
  const v = vectors.data;
  const b = new Float64Array(m * n);
  const t = ntk.testTrain.data;
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < n; k++) {
      const tik = t[i * n + k];
      if (tik === 0) continue;
      for (let c = 0; c < n; c++) b[i * n + c] += tik * v[k * n + c];
    }
  }
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let c = 0; c < n; c++) {
      const bic = b[i * n + c] * factor[c];
      if (bic === 0) continue;
      for (let j = 0; j < n; j++) a[i * n + j] += bic * v[j * n + c];
    }
  }
  return { operator: { rows: m, cols: n, data: a }, jitter: 0 };
}

/**
 * Gradient descent converges (every mode's factor |1 - eta lambda / N| < 1) only for
 * eta < 2N / lambda_max; t = infinity is meaningless beyond it.
 */
function assertConvergent(theta: Dense, learningRate: number): void {
  const n = theta.rows;
  if (n === 0) return;
  const { values } = symmetricEigen(theta);
  const lambdaMax = Math.max(...Array.from(values));
  if (learningRate * lambdaMax / n >= 2) {
    throw new RangeError(`gradient descent with learningRate ${learningRate} does not converge (eta_max = 2N/lambda_max = ${(2 * n) / lambdaMax}); t = infinity is undefined`);
  }
}

/** Mean and covariance of the trained ensemble on dense blocks. */
export function ensemblePosteriorDense(
  nngp: DenseKernelBlocks,
  ntk: DenseKernelBlocks,
  yTrain: Float64Array,
  time = Infinity,
  learningRate = 1,
  regularization = 0,
  dynamics: EnsembleDynamics = 'flow',
): { mean: Float64Array; covariance: Dense; jitter: number } {
  const n = ntk.trainTrain.rows;
  const m = ntk.testTrain.rows;
  for (const [blocks, name] of [[nngp, 'nngp'], [ntk, 'ntk']] as const) {
    assertShape(blocks.trainTrain, n, n, `${name}.trainTrain`);
    assertShape(blocks.testTrain, m, n, `${name}.testTrain`);
    assertShape(blocks.testTest, m, m, `${name}.testTest`);
  }
  if (yTrain.length !== n) throw new Error(`yTrain has ${yTrain.length} entries, expected ${n}`);
  if (!(time >= 0)) throw new Error(`time must be >= 0 (or Infinity), got ${time}`);
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) throw new Error(`learningRate must be finite and > 0, got ${learningRate}`);
  if (!(regularization >= 0)) throw new Error(`regularization must be >= 0, got ${regularization}`);
  if (dynamics !== 'flow' && dynamics !== 'gradient-descent') throw new Error(`dynamics must be 'flow' or 'gradient-descent', got ${String(dynamics)}`);
  if (dynamics === 'gradient-descent' && time !== Infinity && !Number.isInteger(time)) {
    throw new Error(`gradient-descent time counts steps and must be an integer (or Infinity), got ${time}`);
  }
  const { operator: a, jitter } = trainedOperator(ntk, time, learningRate, regularization, dynamics);
  const mean = matVec(a, yTrain);
  // AK = A K(X, X) (m x n); cov = K** + AK A^T - A K(X, x*) - K(x*, X) A^T.
  const k = nngp.trainTrain.data;
  const ak = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < n; p++) {
      const aip = a.data[i * n + p];
      if (aip === 0) continue;
      for (let j = 0; j < n; j++) ak[i * n + j] += aip * k[p * n + j];
    }
  }
  // P = A K(X, x*) (m x m, not symmetric); cov = K** + (A K A^T) - P - P^T, filled as a symmetric matrix.
  const ks = nngp.testTrain.data;
  const ad = a.data;
  const p = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let q = 0; q < n; q++) s += ad[i * n + q] * ks[j * n + q];
      p[i * m + j] = s;
    }
  }
  const cov = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let s = 0;
      for (let q = 0; q < n; q++) s += ak[i * n + q] * ad[j * n + q];
      const v = nngp.testTest.data[i * m + j] + s - p[i * m + j] - p[j * m + i];
      cov[i * m + j] = v;
      cov[j * m + i] = v;
    }
    // Variances are >= 0: clamp rounding residue (e.g. at training points at t = infinity).
    if (cov[i * m + i] < 0) cov[i * m + i] = 0;
  }
  return { mean, covariance: { rows: m, cols: m, data: cov }, jitter };
}
