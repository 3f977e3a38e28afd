/**
 * Dual activations by Gauss-Hermite quadrature, evaluated through Mehler's
 * expansion so that the cost of a kernel entry separates.
 *
 * For (u, v) with variances q1, q2 and correlation c, write u = sqrt(q1) z1,
 * v = sqrt(q2) z2 with corr(z1, z2) = c. Mehler's formula for the bivariate normal
 * density gives (h_k the orthonormal probabilists' Hermite polynomials)
 *   E[f(u) g(v)] = sum_k c^k a_k(q1) b_k(q2),  a_k(q) = E[f(sqrt(q) z) h_k(z)],  b_k(q) = E[g(sqrt(q) z) h_k(z)].
 * The coefficients come from an n-node Gauss-Hermite rule (so this is the 2-D
 * Gauss-Hermite rule applied to the density-ratio form of the integral, with the
 * Mehler kernel expanded to the degree the rule integrates exactly). By discrete
 * Parseval, sum_{k<n} a_k^2 equals the rule's value of E[f^2], so the diagonal
 * (c = 1) is the 1-D quadrature of E[f(u)^2] exactly.
 *
 * The series is cut at K terms where the tail sum_{k>=K} a_k^2 is below
 * `TAIL_TOLERANCE` times the total; by Cauchy-Schwarz the cut changes any entry by
 * at most sqrt(tail(q1) tail(q2)). The coefficients are computed once per distinct
 * variance, so an n1 x n2 kernel costs O(n1 n2 K) instead of O(n1 n2 n^2).
 *
 * Accuracy is that of the n-node rule: excellent for smooth activations (tanh,
 * erf, GELU, softplus, sin at moderate variance); for activations with kinks or
 * jumps (ReLU, a step derivative) the error concentrates at correlations near +-1
 * and decays only algebraically with n. Use closed forms where they exist.
 */
import { gaussHermite, orthonormalHermite } from './gauss-hermite';

/** Default number of 1-D Gauss-Hermite nodes. */
export const DEFAULT_HERMITE_NODES = 96;
/** Relative tail (of sum a_k^2) below which the Mehler series is cut. */
const TAIL_TOLERANCE = 1e-28;

interface HermiteBasis {
  readonly n: number;
  /** basis[a * n + k] = w_a h_k(z_a). */
  readonly weighted: Float64Array;
  readonly nodes: Float64Array;
}

const bases = new Map<number, HermiteBasis>();

function hermiteBasis(n: number): HermiteBasis {
  const hit = bases.get(n);
  if (hit) return hit;
  const { nodes, weights } = gaussHermite(n);
  const weighted = new Float64Array(n * n);
  const h = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    orthonormalHermite(nodes[a], n, h);
    for (let k = 0; k < n; k++) weighted[a * n + k] = weights[a] * h[k];
  }
  const basis = { n, weighted, nodes };
  bases.set(n, basis);
  return basis;
}

/** Hermite coefficients of f(sqrt(q) z) and the number of terms needed. */
export interface HermiteCoefficients {
  /** a_k = E[f(sqrt(q) z) h_k(z)], k < n. */
  readonly values: Float64Array;
  /** Smallest K with sum_{k >= K} a_k^2 <= TAIL_TOLERANCE * sum_k a_k^2. */
  readonly terms: number;
}

/** Coefficients of f(sqrt(q) z) in the orthonormal Hermite basis, with an n-node rule. */
export function hermiteCoefficients(f: (u: number) => number, q: number, n = DEFAULT_HERMITE_NODES): HermiteCoefficients {
  const { weighted, nodes } = hermiteBasis(n);
  const scale = Math.sqrt(Math.max(q, 0));
  const values = new Float64Array(n);
  for (let a = 0; a < n; a++) {
    const fa = f(scale * nodes[a]);
    if (!Number.isFinite(fa)) throw new Error(`activation returned ${fa} at ${scale * nodes[a]}`);
    if (fa === 0) continue;
    const row = a * n;
    for (let k = 0; k < n; k++) values[k] += fa * weighted[row + k];
  }
  let total = 0;
  for (let k = 0; k < n; k++) total += values[k] * values[k];
  let tail = 0;
  let terms = n;
  while (terms > 1) {
    const next = tail + values[terms - 1] * values[terms - 1];
    if (next > TAIL_TOLERANCE * total) break;
    tail = next;
    terms--;
  }
  return { values, terms };
}

/** sum_{k<terms} c^k a_k b_k. */
export function mehlerSum(a: Float64Array, aOffset: number, b: Float64Array, bOffset: number, terms: number, c: number): number {
  let sum = 0;
  let power = 1;
  for (let k = 0; k < terms; k++) {
    sum += power * a[aOffset + k] * b[bOffset + k];
    power *= c;
  }
  return sum;
}

/** Horner evaluation of sum_{k<terms} p_k c^k. */
export function polynomialAt(p: Float64Array, terms: number, c: number): number {
  let sum = 0;
  for (let k = terms - 1; k >= 0; k--) sum = sum * c + p[k];
  return sum;
}

/** E[f(u) g(v)] by the Mehler expansion (one pair; the matrix code batches coefficients). */
export function hermiteExpectation2d(
  f: (u: number) => number,
  g: (v: number) => number,
  k11: number,
  k22: number,
  k12: number,
  n = DEFAULT_HERMITE_NODES,
): number {
  const a = hermiteCoefficients(f, k11, n);
  const b = hermiteCoefficients(g, k22, n);
  const s = Math.sqrt(k11 * k22);
  let c = s > 0 ? k12 / s : 0;
  if (c > 1) c = 1;
  else if (c < -1) c = -1;
  return mehlerSum(a.values, 0, b.values, 0, Math.max(a.terms, b.terms), c);
}
