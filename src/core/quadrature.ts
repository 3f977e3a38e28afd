/**
 * Direct quadrature of Gaussian expectations, one pair at a time: the reference
 * the kernel engine is tested against, and the engine's accurate mode for
 * activations with kinks ('polar' in KernelOptions).
 *
 * 2-D: for (u, v) with variances q1, q2 and correlation c = cos(alpha), the Cholesky change of
 * variables u = sqrt(q1) z1, v = sqrt(q2) (c z1 + sqrt(1 - c^2) z2) with z1, z2 independent
 * standard normals, written in polar coordinates (z1, z2) = r (cos psi, sin psi), gives
 *   u = sqrt(q1) r cos(psi),  v = sqrt(q2) r cos(psi - alpha),
 *   E[f(u) g(v)] = (1 / 2 pi) int_0^{2 pi} dpsi int_0^inf r exp(-r^2 / 2) f(u) g(v) dr.
 * The angular integral is split where u = 0 or v = 0 (psi = +-pi/2 and alpha +- pi/2), so an
 * activation whose only kink or jump is at 0 (ReLU, leaky ReLU, abs, their step derivatives)
 * is smooth on every piece; Gauss-Legendre on each arc and on r in [0, 12] (the weight is
 * below 1e-31 beyond) then converges fast, and the rule stays accurate as c -> +-1 (the arcs
 * shrink or merge) and at zero variance. Cost: 4 x angular x radial evaluations per pair.
 */
import { gaussHermite } from './gauss-hermite';
import { gaussLegendre } from './gauss-legendre';

/** Nodes of the polar rule. */
export interface PolarRuleSize {
  /** Gauss-Legendre nodes per angular arc (default 16). */
  angular?: number;
  /** Gauss-Legendre nodes on r in [0, 12] (default 48). */
  radial?: number;
}

const RADIUS = 12;

interface RadialRule {
  readonly r: Float64Array;
  /** w_i r_i exp(-r_i^2 / 2) / (2 pi), including the Legendre weight and the interval scale. */
  readonly weight: Float64Array;
}

const radialCache = new Map<number, RadialRule>();

function radialRule(n: number): RadialRule {
  const hit = radialCache.get(n);
  if (hit) return hit;
  const { nodes, weights } = gaussLegendre(n);
  const r = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = 0.5 * RADIUS * (nodes[i] + 1);
    r[i] = x;
    weight[i] = (0.5 * RADIUS * weights[i] * x * Math.exp(-0.5 * x * x)) / (2 * Math.PI);
  }
  const rule = { r, weight };
  radialCache.set(n, rule);
  return rule;
}

/** E[f(u) g(v)] for (u, v) ~ N(0, [[k11, k12], [k12, k22]]) by the split polar rule. */
export function gaussianExpectation2d(
  f: (u: number) => number,
  g: (v: number) => number,
  k11: number,
  k22: number,
  k12: number,
  size: PolarRuleSize = {},
): number {
  const a = Math.sqrt(Math.max(k11, 0));
  const b = Math.sqrt(Math.max(k22, 0));
  const s = a * b;
  let c = s > 0 ? k12 / s : 0;
  if (c > 1) c = 1;
  else if (c < -1) c = -1;
  const alpha = Math.acos(c);
  const half = Math.PI / 2;
  // Break points, ascending in [-pi/2, 3 pi/2): where cos(psi) = 0 (-pi/2, pi/2) and where
  // cos(psi - alpha) = 0 (alpha -+ pi/2), alpha in [0, pi]. No arrays: this runs once per kernel entry.
  const b1 = Math.min(half, alpha - half);
  const b2 = Math.max(half, alpha - half);
  const b3 = alpha + half;
  const angular = gaussLegendre(size.angular ?? 16);
  const radial = radialRule(size.radial ?? 48);
  const arc = (lo: number, hi: number): number => {
    const width = hi - lo;
    if (!(width > 0)) return 0;
    let sum = 0;
    for (let i = 0; i < angular.nodes.length; i++) {
      const psi = lo + 0.5 * width * (angular.nodes[i] + 1);
      const cu = a * Math.cos(psi);
      const cv = b * Math.cos(psi - alpha);
      let inner = 0;
      for (let k = 0; k < radial.r.length; k++) {
        const r = radial.r[k];
        inner += radial.weight[k] * f(cu * r) * g(cv * r);
      }
      sum += 0.5 * width * angular.weights[i] * inner;
    }
    return sum;
  };
  const total = arc(-half, b1) + arc(b1, b2) + arc(b2, b3) + arc(b3, 3 * half);
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
