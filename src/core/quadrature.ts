/**
 * Direct 2-D Gauss-Hermite quadrature of E[f(u) g(v)] for a centred bivariate
 * normal (u, v) with covariance [[k11, k12], [k12, k22]], using the Cholesky
 * change of variables u = sqrt(k11) z1, v = (k12 / sqrt(k11)) z1 + sqrt(k22 - k12^2 / k11) z2
 * with z1, z2 independent standard normals. The rule stays well defined as the
 * correlation tends to +-1 (the second factor tends to 0) and at k11 = 0.
 * Cost n^2 evaluations of g per call: the reference the fast Hermite-expansion path is tested against.
 */
import { gaussHermite } from './gauss-hermite';

/** E[f(u) g(v)] with n x n Gauss-Hermite nodes (default 48). */
export function gaussianExpectation2d(
  f: (u: number) => number,
  g: (v: number) => number,
  k11: number,
  k22: number,
  k12: number,
  n = 48,
): number {
  const { nodes, weights } = gaussHermite(n);
  const a = Math.sqrt(Math.max(k11, 0));
  const b = a > 0 ? k12 / a : 0;
  const c = Math.sqrt(Math.max(k22 - b * b, 0));
  let total = 0;
  for (let i = 0; i < n; i++) {
    const z1 = nodes[i];
    const fu = f(a * z1);
    if (fu === 0) continue;
    let inner = 0;
    const shift = b * z1;
    for (let j = 0; j < n; j++) inner += weights[j] * g(shift + c * nodes[j]);
    total += weights[i] * fu * inner;
  }
  return total;
}

/** E[f(sqrt(q) z)] for z ~ N(0, 1) with n Gauss-Hermite nodes (default 96). */
export function gaussianExpectation1d(f: (u: number) => number, q: number, n = 96): number {
  const { nodes, weights } = gaussHermite(n);
  const a = Math.sqrt(Math.max(q, 0));
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i] * f(a * nodes[i]);
  return total;
}
