/**
 * Gauss-Hermite quadrature for expectations under the standard normal:
 *   E[g(z)] = integral g(z) exp(-z^2/2) / sqrt(2 pi) dz ~ sum_i w_i g(z_i),  sum_i w_i = 1,
 * exact when g is a polynomial of degree <= 2n - 1.
 *
 * Nodes are the roots of the n-th probabilists' Hermite polynomial. We start from
 * Golub & Welsch (1969): the nodes are the eigenvalues of the symmetric tridiagonal
 * Jacobi matrix with zero diagonal and off-diagonal sqrt(k), k = 1..n-1; then each
 * node is polished by Newton's method on the orthonormal recurrence and the weights
 * are the Christoffel numbers w_i = 1 / sum_{k<n} h_k(z_i)^2, which keeps them
 * accurate to full relative precision even far in the tails.
 */
import { tridiagonalEigenvalues } from './eigen';

/** Nodes z_i (ascending) and weights w_i (summing to 1) for the standard normal. */
export interface GaussHermiteRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const cache = new Map<number, GaussHermiteRule>();

/**
 * Orthonormal probabilists' Hermite polynomials h_0..h_{n-1} at z:
 * h_0 = 1, h_1 = z, h_{k+1} = (z h_k - sqrt(k) h_{k-1}) / sqrt(k + 1); E[h_j h_k] = delta_jk.
 * Writes them into `out` (length >= n) and returns it.
 */
export function orthonormalHermite(z: number, n: number, out: Float64Array = new Float64Array(n)): Float64Array {
  if (n > 0) out[0] = 1;
  if (n > 1) out[1] = z;
  for (let k = 1; k + 1 < n; k++) out[k + 1] = (z * out[k] - Math.sqrt(k) * out[k - 1]) / Math.sqrt(k + 1);
  return out;
}

/** The n-point rule (cached; n between 1 and 300). */
export function gaussHermite(n: number): GaussHermiteRule {
  if (!Number.isInteger(n) || n < 1 || n > 300) throw new Error(`gaussHermite: n must be an integer in [1, 300], got ${n}`);
  const hit = cache.get(n);
  if (hit) return hit;
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(Math.max(n - 1, 0));
  for (let k = 1; k < n; k++) offDiagonal[k - 1] = Math.sqrt(k);
  const nodes = tridiagonalEigenvalues(diagonal, offDiagonal);
  const weights = new Float64Array(n);
  const h = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    let z = nodes[i];
    // Newton on h_n(z) = 0 with h_n' = sqrt(n) h_{n-1}.
    for (let iter = 0; iter < 8; iter++) {
      orthonormalHermite(z, n + 1, h);
      const step = h[n] / (Math.sqrt(n) * h[n - 1]);
      if (!Number.isFinite(step)) break;
      z -= step;
      if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(z))) break;
    }
    nodes[i] = z;
    orthonormalHermite(z, n, h);
    let s = 0;
    for (let k = 0; k < n; k++) s += h[k] * h[k];
    weights[i] = 1 / s;
  }
  // Symmetrize: the rule is exactly symmetric about 0.
  for (let i = 0; i < n >> 1; i++) {
    const j = n - 1 - i;
    const z = 0.5 * (nodes[j] - nodes[i]);
    const w = 0.5 * (weights[i] + weights[j]);
    nodes[i] = -z;
    nodes[j] = z;
    weights[i] = w;
    weights[j] = w;
  }
  if (n % 2 === 1) nodes[n >> 1] = 0;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i];
  for (let i = 0; i < n; i++) weights[i] /= total;
  const rule: GaussHermiteRule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}
