/**
 * Activation layers with closed-form duals, on whole matrices: two-slope ReLU
 * (arc-cosine kernel, Cho & Saul 2009), erf (Williams 1997) and sin. Each entry is
 * updated in place: K <- E[phi(u) phi(v)], Theta <- E[phi'(u) phi'(v)] Theta.
 */
import { erfDual, sinDual, twoSlopeDual } from './dual-closed-form';
import { makeState, type KernelState } from './kernel-state';

export type PairDual = (k11: number, k22: number, k12: number, out: Float64Array) => void;

/** New variances v -> E[phi(u)^2] for u ~ N(0, v), by the same pair formula as the entries (so diagonals match exactly). */
export function withVariances(state: KernelState, nngp: Float64Array, ntk: Float64Array, dual: PairDual): KernelState {
  const out = new Float64Array(2);
  const variance = (v: Float64Array): Float64Array => {
    const next = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      dual(v[i], v[i], v[i], out);
      next[i] = out[0];
    }
    return next;
  };
  const rowVariance = variance(state.rowVariance);
  return makeState(state, nngp, ntk, rowVariance, state.symmetric ? rowVariance : variance(state.colVariance));
}

/*
 * The three closed-form loops below are written out (not one loop taking the dual as a
 * callback) so that each inner loop is monomorphic and fully inlined: this halves the time
 * of a 256 x 256 depth-10 kernel. Each must compute exactly what its function in
 * dual-closed-form.ts computes (tests/core/closed-form-loops.test.ts checks this bit for bit).
 */

/** Two-slope ReLU entries: see twoSlopeDual. */
export function twoSlopeKernel(state: KernelState, negative: number, positive: number): KernelState {
  const { rows, cols, symmetric } = state;
  // In place: every entry is read before it is written, and depends on nothing else.
  const nngp = state.nngp;
  const ntk = state.ntk;
  const v1 = state.rowVariance;
  const v2 = state.colVariance;
  const k = state.nngp;
  const t = state.ntk;
  const d = positive - negative;
  const dd = d * d;
  const pn = positive * negative;
  const inv2pi = 1 / (2 * Math.PI);
  for (let i = 0; i < rows; i++) {
    const k11 = v1[i];
    const base = i * cols;
    for (let j = symmetric ? i : 0; j < cols; j++) {
      const idx = base + j;
      const k12 = k[idx];
      const p = k11 * v2[j];
      const s = Math.sqrt(p);
      let c = s > 0 ? k12 / s : 0;
      if (c > 1) c = 1;
      else if (c < -1) c = -1;
      const theta = Math.acos(c);
      const det = p - k12 * k12;
      const sinPart = det > 0 ? Math.sqrt(det) : 0;
      const kc = c * s;
      nngp[idx] = dd * (0.5 * kc - (theta * kc - sinPart) * inv2pi) + pn * kc;
      ntk[idx] = (dd * (0.5 - theta * inv2pi) + pn) * t[idx];
    }
  }
  return withVariances(state, nngp, ntk, (a, b, c, out) => twoSlopeDual(a, b, c, negative, positive, out));
}

/** erf entries: see erfDual. */
export function erfKernel(state: KernelState): KernelState {
  const { rows, cols, symmetric } = state;
  // In place: every entry is read before it is written, and depends on nothing else.
  const nngp = state.nngp;
  const ntk = state.ntk;
  const v1 = state.rowVariance;
  const v2 = state.colVariance;
  const k = state.nngp;
  const t = state.ntk;
  const twoOverPi = 2 / Math.PI;
  const fourOverPi = 4 / Math.PI;
  for (let i = 0; i < rows; i++) {
    const k11 = v1[i];
    const a = 1 + 2 * k11;
    const base = i * cols;
    for (let j = symmetric ? i : 0; j < cols; j++) {
      const idx = base + j;
      const k12 = k[idx];
      const k22 = v2[j];
      const ab = a * (1 + 2 * k22);
      let r = (2 * k12) / Math.sqrt(ab);
      if (r > 1) r = 1;
      else if (r < -1) r = -1;
      const bound = k11 * k22;
      const sq = k12 * k12;
      nngp[idx] = twoOverPi * Math.asin(r);
      ntk[idx] = (fourOverPi / Math.sqrt(ab - 4 * (sq < bound ? sq : bound))) * t[idx];
    }
  }
  return withVariances(state, nngp, ntk, erfDual);
}

/** sin entries: see sinDual. */
export function sinKernel(state: KernelState): KernelState {
  const { rows, cols, symmetric } = state;
  // In place: every entry is read before it is written, and depends on nothing else.
  const nngp = state.nngp;
  const ntk = state.ntk;
  const v1 = state.rowVariance;
  const v2 = state.colVariance;
  const k = state.nngp;
  const t = state.ntk;
  for (let i = 0; i < rows; i++) {
    const k11 = v1[i];
    const base = i * cols;
    for (let j = symmetric ? i : 0; j < cols; j++) {
      const idx = base + j;
      const k22 = v2[j];
      const half = 0.5 * (k11 + k22);
      const bound = Math.sqrt(k11 * k22);
      const k12 = k[idx];
      const kk = k12 > bound ? bound : k12 < -bound ? -bound : k12;
      const plus = Math.exp(kk - half);
      const minus = Math.exp(-kk - half);
      nngp[idx] = 0.5 * (plus - minus);
      ntk[idx] = 0.5 * (plus + minus) * t[idx];
    }
  }
  return withVariances(state, nngp, ntk, sinDual);
}
