/**
 * Closed-form dual activations: for (u, v) ~ N(0, [[k11, k12], [k12, k22]]),
 *   E[phi(u) phi(v)]  and  E[phi'(u) phi'(v)].
 * Each function writes the pair into `out[0]`, `out[1]` (no allocation per call).
 * All clamp the correlation into [-1, 1], return the exact diagonal when
 * k12 = k11 = k22 (sqrt(k * k) === k in IEEE arithmetic), and never return NaN
 * for zero variances.
 */

const INV_2PI = 1 / (2 * Math.PI);
const TWO_OVER_PI = 2 / Math.PI;
const FOUR_OVER_PI = 4 / Math.PI;

/**
 * Two-slope ReLU phi(u) = p u (u > 0), n u (u < 0). With s = sqrt(k11 k22), cos(theta) = k12 / s,
 * the arc-cosine kernels of Cho & Saul (2009), J1 = (s sin(theta) + (pi - theta) k12) / (2 pi) =
 * E[relu(u) relu(v)] and J0 = (pi - theta) / (2 pi) = P(u > 0, v > 0), give
 *   E[phi phi]   = (p - n)^2 J1 + p n k12,
 *   E[phi' phi'] = (p - n)^2 J0 + p n.
 * (Write phi(u) = (p - n) relu(u) + n u and expand.) ReLU is (n, p) = (0, 1), abs (-1, 1), linear (1, 1).
 */
export function twoSlopeDual(k11: number, k22: number, k12: number, negative: number, positive: number, out: Float64Array): void {
  const s = Math.sqrt(k11 * k22);
  let c = s > 0 ? k12 / s : 0;
  if (c > 1) c = 1;
  else if (c < -1) c = -1;
  const theta = Math.acos(c);
  const sinPart = Math.sqrt(Math.max(k11 * k22 - k12 * k12, 0));
  const kc = c * s; // k12 clamped into [-s, s]
  // Written as 1/2 minus a correction so that theta = 0 gives exactly kc / 2 and 1 / 2.
  const j1 = 0.5 * kc - (theta * kc - sinPart) * INV_2PI;
  const j0 = 0.5 - theta * INV_2PI;
  const d = positive - negative;
  const pn = positive * negative;
  out[0] = d * d * j1 + pn * kc;
  out[1] = d * d * j0 + pn;
}

/**
 * phi = erf (Williams 1997):
 *   E[phi phi]   = (2/pi) arcsin(2 k12 / sqrt((1 + 2 k11)(1 + 2 k22))),
 *   E[phi' phi'] = 4 / (pi sqrt((1 + 2 k11)(1 + 2 k22) - 4 k12^2)).
 */
export function erfDual(k11: number, k22: number, k12: number, out: Float64Array): void {
  const a = 1 + 2 * k11;
  const b = 1 + 2 * k22;
  const ab = a * b;
  let r = (2 * k12) / Math.sqrt(ab);
  if (r > 1) r = 1;
  else if (r < -1) r = -1;
  const k12sq = Math.min(k12 * k12, k11 * k22);
  out[0] = TWO_OVER_PI * Math.asin(r);
  out[1] = FOUR_OVER_PI / Math.sqrt(ab - 4 * k12sq);
}

/**
 * phi = sin: E[sin u sin v] = exp(-(k11 + k22)/2) sinh(k12) and
 * E[cos u cos v] = exp(-(k11 + k22)/2) cosh(k12), written with exponents <= 0 so nothing overflows.
 */
export function sinDual(k11: number, k22: number, k12: number, out: Float64Array): void {
  const half = 0.5 * (k11 + k22);
  const bound = Math.sqrt(k11 * k22);
  const k = k12 > bound ? bound : k12 < -bound ? -bound : k12;
  const plus = Math.exp(k - half);
  const minus = Math.exp(-k - half);
  out[0] = 0.5 * (plus - minus);
  out[1] = 0.5 * (plus + minus);
}
