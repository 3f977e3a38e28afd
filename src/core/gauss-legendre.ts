/**
 * Gauss-Legendre quadrature on [a, b]: integral f ~ sum_i w_i f(x_i), exact for
 * polynomials of degree <= 2n - 1. Nodes by Newton's method on the Legendre
 * recurrence from the Chebyshev-like guesses cos(pi (i + 3/4) / (n + 1/2)).
 */

/** Nodes and weights on [-1, 1]. */
export interface LegendreRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const cache = new Map<number, LegendreRule>();

/** The n-point rule on [-1, 1] (cached). */
export function gaussLegendre(n: number): LegendreRule {
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`gaussLegendre: n must be an integer in [1, 1000], got ${n}`);
  const hit = cache.get(n);
  if (hit) return hit;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < (n + 1) >> 1; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const p = n === 1 ? x : p1;
      const pm1 = n === 1 ? 1 : p0;
      dp = (n * (x * p - pm1)) / (x * x - 1);
      const step = p / dp;
      x -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    if (n === 1) {
      x = 0;
      dp = 1;
    }
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    const w = 2 / ((1 - x * x) * dp * dp);
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[n >> 1] = 0;
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}
