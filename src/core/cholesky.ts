/**
 * Cholesky factorization A = L L^T on Float64Array with escalating jitter, and
 * the triangular solves that use it.
 */
import { meanDiagonal, type Dense } from './matrix';

/** Lower-triangular factor (row-major, upper part zero) and the jitter added to the diagonal. */
export interface CholeskyFactor {
  readonly factor: Dense;
  /** Absolute amount added to every diagonal entry before factorizing (0 if none was needed). */
  readonly jitter: number;
}

/** Largest jitter tried, relative to the mean diagonal. */
export const MAX_RELATIVE_JITTER = 1e-4;

/**
 * Plain Cholesky into `l`; returns -1 on success or the index of the failing pivot. A pivot
 * below n * eps * scale counts as a failure: it is rounding noise (e.g. a duplicated row), and
 * accepting it would give a factor with ~1/sqrt(eps) entries.
 */
function factorize(a: Dense, jitter: number, l: Float64Array, scale: number): number {
  const n = a.rows;
  const tiny = n * Number.EPSILON * scale;
  l.fill(0);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a.data[rj + j] + jitter;
    for (let k = 0; k < j; k++) d -= l[rj + k] * l[rj + k];
    if (!(d > tiny) || !Number.isFinite(d)) return j;
    const ljj = Math.sqrt(d);
    l[rj + j] = ljj;
    const inv = 1 / ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      // Read the lower triangle of A (rows below j).
      let s = a.data[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      l[ri + j] = s * inv;
    }
  }
  return -1;
}

/**
 * Factorize a symmetric positive (semi)definite matrix. Tries no jitter first, then
 * 1e-12, 1e-11, ... up to MAX_RELATIVE_JITTER times the mean diagonal, and throws
 * an Error naming the matrix if even that fails (the matrix is then not positive
 * definite in any useful sense: an eigenvalue is clearly negative or entries are not finite).
 */
export function cholesky(a: Dense, name = 'matrix'): CholeskyFactor {
  const n = a.rows;
  if (a.cols !== n) throw new Error(`${name}: Cholesky needs a square matrix, got ${a.rows} x ${a.cols}`);
  const l = new Float64Array(n * n);
  const scale = Math.abs(meanDiagonal(a)) || 1;
  let failed = factorize(a, 0, l, scale);
  if (failed < 0) return { factor: { rows: n, cols: n, data: l }, jitter: 0 };
  for (let relative = 1e-12; relative <= MAX_RELATIVE_JITTER * 1.0001; relative *= 10) {
    const jitter = relative * scale;
    failed = factorize(a, jitter, l, scale);
    if (failed < 0) return { factor: { rows: n, cols: n, data: l }, jitter };
  }
  throw new Error(
    `${name} is not positive definite: Cholesky fails at pivot ${failed} of ${n} even with jitter ` +
      `${MAX_RELATIVE_JITTER} x mean diagonal (${(MAX_RELATIVE_JITTER * scale).toExponential(3)}). ` +
      'Check that it is a kernel matrix (symmetric, finite) or add observation noise.',
  );
}

/** Solve L x = b in place (L lower triangular, n x n). */
export function forwardSubstitute(l: Dense, b: Float64Array): Float64Array {
  const n = l.rows;
  for (let i = 0; i < n; i++) {
    let s = b[i];
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= l.data[ri + k] * b[k];
    b[i] = s / l.data[ri + i];
  }
  return b;
}

/** Solve L^T x = b in place. */
export function backSubstitute(l: Dense, b: Float64Array): Float64Array {
  const n = l.rows;
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l.data[k * n + i] * b[k];
    b[i] = s / l.data[i * n + i];
  }
  return b;
}

/** Solve (L L^T) x = b, returning a new vector. */
export function choleskySolve(l: Dense, b: Float64Array): Float64Array {
  return backSubstitute(l, forwardSubstitute(l, Float64Array.from(b)));
}

/**
 * Solve L X = B^T for X (n x m) where B is m x n (each row of B is a right-hand side):
 * returns X row-major n x m. Used for V = L^{-1} K(X, x*).
 */
export function forwardSubstituteRows(l: Dense, b: Dense): Dense {
  const n = l.rows;
  const m = b.rows;
  if (b.cols !== n) throw new Error(`forwardSubstituteRows: ${b.rows} x ${b.cols} against ${n} x ${n}`);
  const x = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) x[i * m + j] = b.data[j * n + i];
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const xi = i * m;
    for (let k = 0; k < i; k++) {
      const lik = l.data[ri + k];
      if (lik === 0) continue;
      const xk = k * m;
      for (let j = 0; j < m; j++) x[xi + j] -= lik * x[xk + j];
    }
    const inv = 1 / l.data[ri + i];
    for (let j = 0; j < m; j++) x[xi + j] *= inv;
  }
  return { rows: n, cols: m, data: x };
}

/** Solve L^T X = B in place for X (n x m), B given row-major n x m. */
export function backSubstituteRows(l: Dense, b: Dense): Dense {
  const n = l.rows;
  const m = b.cols;
  const x = b.data;
  for (let i = n - 1; i >= 0; i--) {
    const xi = i * m;
    for (let k = i + 1; k < n; k++) {
      const lki = l.data[k * n + i];
      if (lki === 0) continue;
      const xk = k * m;
      for (let j = 0; j < m; j++) x[xi + j] -= lki * x[xk + j];
    }
    const inv = 1 / l.data[i * n + i];
    for (let j = 0; j < m; j++) x[xi + j] *= inv;
  }
  return b;
}
