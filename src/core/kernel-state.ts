/**
 * The kernel object passed from layer to layer (neural-tangents' stax idea): for
 * two sets of inputs, the NNGP covariance K and the tangent kernel Theta of the
 * current layer's outputs, plus the variances K(x, x) of each set.
 *
 * Convention (so that widths never enter the infinite-width recursion): after the
 * input and after an activation, K holds the per-unit second moment
 * E[x_i(a) x_i(b)] (x.x'/n0 for the raw input); after a dense layer it holds the
 * covariance of one pre-activation unit.
 */
import type { Dense } from './matrix';

export interface KernelState {
  readonly rows: number;
  readonly cols: number;
  /** K, rows x cols row-major. */
  readonly nngp: Float64Array;
  /** Theta, rows x cols row-major. */
  readonly ntk: Float64Array;
  /** K(x, x) for the row inputs. */
  readonly rowVariance: Float64Array;
  /** K(x', x') for the column inputs (the same array as rowVariance when symmetric). */
  readonly colVariance: Float64Array;
  /** True when rows and columns are the same inputs: only j >= i is computed, then mirrored. */
  readonly symmetric: boolean;
}

/** A state with the shape of `like` and new arrays (always the same object shape, which keeps property access monomorphic). */
export function makeState(like: KernelState, nngp: Float64Array, ntk: Float64Array, rowVariance: Float64Array, colVariance: Float64Array): KernelState {
  return { rows: like.rows, cols: like.cols, nngp, ntk, rowVariance, colVariance, symmetric: like.symmetric };
}

/** Start of the recursion: K = x.x'/n0, Theta = 0 (nothing trained yet). */
export function inputState(x1: Dense, x2: Dense, symmetric: boolean): KernelState {
  const n1 = x1.rows;
  const n2 = x2.rows;
  const d = x1.cols;
  if (x2.cols !== d) throw new Error(`inputs have ${d} and ${x2.cols} columns`);
  const nngp = new Float64Array(n1 * n2);
  const a = x1.data;
  const b = x2.data;
  for (let i = 0; i < n1; i++) {
    for (let j = symmetric ? i : 0; j < n2; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += a[i * d + k] * b[j * d + k];
      nngp[i * n2 + j] = s / d;
    }
  }
  // Variances by the very same arithmetic as the entries, so K(x, x) matches exactly.
  const variance = (m: Dense): Float64Array => {
    const v = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += m.data[i * d + k] * m.data[i * d + k];
      v[i] = s / d;
    }
    return v;
  };
  const rowVariance = variance(x1);
  const colVariance = symmetric ? rowVariance : variance(x2);
  return { rows: n1, cols: n2, nngp, ntk: new Float64Array(n1 * n2), rowVariance, colVariance, symmetric };
}

/** Fill the lower triangle from the upper one (symmetric states only). */
export function mirror(values: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) values[i * n + j] = values[j * n + i];
}
