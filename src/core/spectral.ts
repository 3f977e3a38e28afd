/**
 * Spectral view of kernel gradient descent (Jacot et al. 2018, arXiv 1806.07572, sec. 5;
 * Lee et al. 2019, arXiv 1902.06720; Rahaman et al. 2019, arXiv 1806.08734 for the
 * "spectral bias" reading). With Theta(X, X) = sum_i lambda_i v_i v_i^T (lambda_1 >= lambda_2 >= ...)
 * and the loss (1/2N) sum (f - y)^2, one step of gradient descent of the linearized model maps the
 * training residual r = f(X) - y to (I - eta Theta / N) r, so the residual along each eigenvector
 * evolves on its own:
 *   discrete steps:  <v_i, r_t> = (1 - eta lambda_i / N)^t <v_i, r_0>,
 *   gradient flow:   <v_i, r_t> = exp(-eta lambda_i t / N) <v_i, r_0>.
 * The eigenvectors extend to functions of x by the Nystrom formula
 *   phi_i(x) = sum_a Theta(x, x_a) v_{ia} / lambda_i,
 * which equals v_{ia} at a training input x_a (there Theta(x_a, X) v_i = lambda_i v_{ia}).
 */
import { symmetricEigen } from './eigen';
import { toDense } from './matrix';
import type { Matrix } from './types';

/** Eigenpairs of a symmetric kernel matrix, largest eigenvalue first. */
export interface KernelSpectrum {
  /** lambda_1 >= lambda_2 >= ... (length N). */
  values: number[];
  /**
   * vectors[i] is the unit eigenvector v_i of values[i] (length N). Sign convention: the entry of
   * largest magnitude is positive (the first such entry when several tie within 1e-9).
   */
  vectors: number[][];
}

/** Step rule of the predicted dynamics: discrete gradient descent or its continuous-time limit. */
export type Dynamics = 'discrete' | 'flow';

function fixSign(v: number[]): number[] {
  let best = 0;
  for (let a = 1; a < v.length; a++) if (Math.abs(v[a]) > Math.abs(v[best]) + 1e-9) best = a;
  return v[best] < 0 ? v.map((x) => -x) : v;
}

/** Eigendecomposition of a symmetric kernel matrix Theta = V diag(lambda) V^T, sorted by decreasing eigenvalue. */
export function kernelSpectrum(kernel: Matrix): KernelSpectrum {
  const dense = toDense(kernel, 'kernel');
  const n = dense.rows;
  if (dense.cols !== n) throw new Error(`kernelSpectrum: kernel is ${n} x ${dense.cols}, not square`);
  const { values, vectors } = symmetricEigen(dense);
  const out: KernelSpectrum = { values: [], vectors: [] };
  for (let c = n - 1; c >= 0; c--) {
    out.values.push(values[c]);
    const v = new Array<number>(n);
    for (let a = 0; a < n; a++) v[a] = vectors.data[a * n + c];
    out.vectors.push(fixSign(v));
  }
  return out;
}

/** Projections <v_i, r> of a vector (e.g. the training residual f(X) - y) onto each eigenvector. */
export function projectOnModes(spectrum: KernelSpectrum, residual: readonly number[]): number[] {
  return spectrum.vectors.map((v) => {
    if (v.length !== residual.length) throw new Error(`projectOnModes: residual has ${residual.length} entries, expected ${v.length}`);
    let s = 0;
    for (let a = 0; a < v.length; a++) s += v[a] * residual[a];
    return s;
  });
}

/**
 * Factor by which the residual along an eigenvector of eigenvalue lambda shrinks after t steps
 * (discrete: (1 - eta lambda / N)^t, which changes sign when eta lambda / N > 1 and grows when it
 * exceeds 2) or after time t of gradient flow (exp(-eta lambda t / N)). `count` is N.
 */
export function modeFactor(lambda: number, learningRate: number, count: number, t: number, dynamics: Dynamics = 'discrete'): number {
  if (!(count > 0)) throw new Error(`modeFactor: count must be > 0, got ${count}`);
  if (!(t >= 0)) throw new Error(`modeFactor: t must be >= 0, got ${t}`);
  const rate = (learningRate * lambda) / count;
  if (dynamics === 'flow') return Math.exp(-rate * t);
  if (t === 0) return 1;
  return (1 - rate) ** t;
}

/** Predicted residual along each mode at step (or time) t: factor_i(t) * initial_i. */
export function predictedModeResiduals(args: {
  eigenvalues: readonly number[];
  initial: readonly number[];
  learningRate: number;
  count: number;
  t: number;
  dynamics?: Dynamics;
}): number[] {
  const { eigenvalues, initial } = args;
  if (eigenvalues.length !== initial.length) throw new Error(`predictedModeResiduals: ${eigenvalues.length} eigenvalues but ${initial.length} initial projections`);
  return eigenvalues.map((lambda, i) => modeFactor(lambda, args.learningRate, args.count, args.t, args.dynamics) * initial[i]);
}

/**
 * Nystrom extension of the first `modes` eigenvectors to new inputs:
 * phi_i(x_m) = sum_a Theta(x_m, x_a) v_{ia} / lambda_i, returned as rows [i][m].
 * `kernelTestTrain` is Theta(x*, X) (M x N). Modes with lambda_i <= 0 are not extended (throws).
 */
export function nystromEigenfunctions(spectrum: KernelSpectrum, kernelTestTrain: Matrix, modes = spectrum.values.length): number[][] {
  const count = Math.min(modes, spectrum.values.length);
  const out: number[][] = [];
  for (let i = 0; i < count; i++) {
    const lambda = spectrum.values[i];
    if (!(lambda > 0)) throw new Error(`nystromEigenfunctions: eigenvalue ${i} is ${lambda}, not positive`);
    const v = spectrum.vectors[i];
    out.push(kernelTestTrain.map((row, m) => {
      if (row.length !== v.length) throw new Error(`nystromEigenfunctions: row ${m} has ${row.length} entries, expected ${v.length}`);
      let s = 0;
      for (let a = 0; a < v.length; a++) s += row[a] * v[a];
      return s / lambda;
    }));
  }
  return out;
}

/**
 * The frequency k in 0..maxFrequency whose sinusoids best explain a vector sampled at inputs xs:
 * argmax_k of sum over b in {cos kx, sin kx} of <b, v>^2 / <b, b> (inner products over xs;
 * a basis vector that vanishes on xs, such as sin 0x, is skipped). On a uniform grid a unit
 * Fourier mode of frequency k scores 1 there and 0 elsewhere. For labelling eigenvectors.
 */
export function dominantFrequency(xs: readonly number[], v: readonly number[], maxFrequency = Math.floor(xs.length / 2)): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let k = 0; k <= maxFrequency; k++) {
    let score = 0;
    for (const basis of [Math.cos, Math.sin]) {
      let dot = 0;
      let norm = 0;
      for (let a = 0; a < xs.length; a++) {
        const b = basis(k * xs[a]);
        dot += b * v[a];
        norm += b * b;
      }
      if (norm > 1e-9 * xs.length) score += (dot * dot) / norm;
    }
    if (score > bestScore + 1e-12) { best = k; bestScore = score; }
  }
  return best;
}

/**
 * Groups of (numerically) equal eigenvalues: index lists into `values` (sorted descending), each a
 * run of consecutive eigenvalues within `relTol` x max(|lambda_1|, tiny) of the previous one. On an
 * evenly spaced circle a dot-product kernel has a pair per frequency k >= 1 (cos kx, sin kx): any
 * rotation inside such a pair is an equally valid pair of eigenvectors, so only the eigenspace,
 * not the single vector, is defined. A finite network's Theta_0 splits the pairs (by O(n^{-1/2}))
 * and then comes out as singletons at the default tolerance.
 */
export function eigenspaceGroups(values: readonly number[], relTol = 1e-8): number[][] {
  const scale = Math.max(Math.abs(values[0] ?? 0), 1e-300);
  const groups: number[][] = [];
  values.forEach((v, i) => {
    const last = groups.at(-1);
    if (last && Math.abs(values[last[last.length - 1]] - v) <= relTol * scale) last.push(i);
    else groups.push([i]);
  });
  return groups;
}

/**
 * Rotation-invariant gap between a measured and a predicted residual inside one eigenspace:
 * || sum_{i in group} (measured_i - predicted_i) v_i || / || sum_{i in group} initial_i v_i ||,
 * i.e. sqrt(sum (m_i - p_i)^2) / sqrt(sum r_i(0)^2) over the group (the v_i are orthonormal).
 * It does not change when the basis of a degenerate eigenspace is rotated, unlike the per-vector
 * ratio |m_i - p_i| / |r_i(0)|, which blows up when the chosen basis happens to put a vector
 * almost orthogonal to r_0. Returns Infinity when the group's initial residual is exactly zero
 * and the gap is not.
 */
export function eigenspaceGap(group: readonly number[], measured: readonly number[], predicted: readonly number[], initial: readonly number[]): number {
  let gap = 0;
  let start = 0;
  for (const i of group) {
    gap += (measured[i] - predicted[i]) ** 2;
    start += initial[i] ** 2;
  }
  if (start === 0) return gap === 0 ? 0 : Infinity;
  return Math.sqrt(gap / start);
}
