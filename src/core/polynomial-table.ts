/**
 * Piecewise-cubic Hermite tables of a polynomial P(c) = sum_k p_k c^k with p_k >= 0 on [-1, 1],
 * with a proven error bound. This is the dual of a quadrature activation when every input
 * has the same variance (inputs on a sphere, e.g. the running example's circle): P(c) is then
 * E[phi(u) phi(v)] as a function of the correlation alone (hermite-dual.ts, Mehler's expansion).
 *
 * Bound: cubic Hermite interpolation with exact values and slopes at the nodes of a grid of step
 * h errs by at most h^4 / 384 max |P''''| (e.g. Burden & Faires, Numerical Analysis, thm 3.9), and
 * for nonnegative coefficients max over [-1, 1] of |P''''| is P''''(1) = sum_k k(k-1)(k-2)(k-3) p_k.
 * `intervalsFor` picks h so that this bound is below `relativeError` * P(1).
 */

/** A table on the uniform grid c_g = -1 + 2 g / intervals, g = 0..intervals. */
export interface PolynomialTable {
  readonly intervals: number;
  /** P(c_g). */
  readonly values: Float64Array;
  /** h P'(c_g), h = 2 / intervals (pre-scaled for the Hermite basis). */
  readonly slopes: Float64Array;
}

/** Horner evaluation of P and P' at c. */
function valueAndSlope(p: Float64Array, terms: number, c: number): [number, number] {
  let v = 0;
  let d = 0;
  for (let k = terms - 1; k >= 0; k--) {
    d = d * c + v;
    v = v * c + p[k];
  }
  return [v, d];
}

/** Number of grid intervals that guarantees the relative error bound (at least 8). */
export function intervalsFor(p: Float64Array, terms: number, relativeError: number): number {
  let scale = 0;
  let fourth = 0;
  for (let k = 0; k < terms; k++) {
    if (p[k] < 0) throw new Error('intervalsFor: coefficients must be nonnegative');
    scale += p[k];
    fourth += k * (k - 1) * (k - 2) * (k - 3) * p[k];
  }
  if (!(fourth > 0) || !(scale > 0)) return 8;
  const h = Math.pow((384 * relativeError * scale) / fourth, 0.25);
  return Math.max(8, Math.ceil(2 / h));
}

/** Tabulate P on `intervals` uniform intervals of [-1, 1]. */
export function tabulate(p: Float64Array, terms: number, intervals: number): PolynomialTable {
  const values = new Float64Array(intervals + 1);
  const slopes = new Float64Array(intervals + 1);
  const h = 2 / intervals;
  for (let g = 0; g <= intervals; g++) {
    const c = g === intervals ? 1 : -1 + g * h;
    const [v, d] = valueAndSlope(p, terms, c);
    values[g] = v;
    slopes[g] = h * d;
  }
  return { intervals, values, slopes };
}

/** Evaluate a table at c in [-1, 1]; exact at the grid nodes (in particular P(1) at c = 1). */
export function evaluate(table: PolynomialTable, c: number): number {
  const n = table.intervals;
  const t = (c + 1) * 0.5 * n;
  let g = Math.floor(t);
  if (g >= n) g = n - 1;
  else if (g < 0) g = 0;
  const u = t - g;
  const u2 = u * u;
  const u3 = u2 * u;
  return (
    (2 * u3 - 3 * u2 + 1) * table.values[g] +
    (u3 - 2 * u2 + u) * table.slopes[g] +
    (-2 * u3 + 3 * u2) * table.values[g + 1] +
    (u3 - u2) * table.slopes[g + 1]
  );
}
