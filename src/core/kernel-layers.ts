/**
 * Kernel transforms of the two layer kinds (Lee et al. 2018; Jacot et al. 2018;
 * Lee et al. 2019, appendix; Novak et al. 2020). Each maps a KernelState to a new one.
 *
 * Dense, NTK parameterization:      K' = sigma_w^2 K + sigma_b^2,   Theta' = K' + sigma_w^2 Theta.
 * Dense, standard parameterization: K' = sigma_w^2 K + sigma_b^2,   Theta' = fanIn K + 1 + sigma_w^2 Theta
 *   (gradients w.r.t. the unscaled W and b: the weights contribute x.x' = fanIn K, the bias 1).
 * Activation: K' = E[phi(u) phi(v)],  Theta' = E[phi'(u) phi'(v)] Theta,  (u, v) ~ N(0, [[K(x,x), K], [K, K(x',x')]]).
 * Composing Dense, phi, Dense gives READING.md's recursion
 *   K^{l+1} = sigma_w^2 E[phi phi] + sigma_b^2,  Theta^{l+1} = K^{l+1} + sigma_w^2 E[phi' phi'] Theta^l.
 */
import type { ActivationLayer, DenseLayer } from './architecture';
import { erfDual, sinDual, twoSlopeDual } from './dual-closed-form';
import { DEFAULT_HERMITE_NODES, hermiteCoefficients } from './hermite-dual';
import { makeState, type KernelState } from './kernel-state';
import { intervalsFor, tabulate } from './polynomial-table';
import { gaussianExpectation2d } from './quadrature';

/** Options of the kernel computation. */
export interface KernelOptions {
  /**
   * How activations without a closed form are integrated:
   * - 'hermite' (default): Gauss-Hermite coefficients and Mehler's expansion (hermite-dual.ts),
   *   O(terms) per entry; accurate to ~1e-9 for smooth activations at moderate variance, but only
   *   to ~1e-2 near c = +-1 for activations with kinks (a user-supplied ReLU, a step derivative).
   * - 'polar': the split polar rule of quadrature.ts for every entry, ~3000 evaluations per entry
   *   (use for small matrices); accurate to ~1e-6 or better for activations whose kinks are at 0.
   */
  quadrature?: 'hermite' | 'polar';
  /** Gauss-Hermite nodes for 'hermite' (default 96). */
  hermiteNodes?: number;
}

/** Dense layer; with `inPlace` the state's arrays are overwritten (the recursion owns them). */
export function denseKernel(state: KernelState, layer: DenseLayer, inPlace = false): KernelState {
  const { weightVariance: w, biasVariance: b } = layer;
  const n = state.rows * state.cols;
  const nngp = inPlace ? state.nngp : new Float64Array(n);
  const ntk = inPlace ? state.ntk : new Float64Array(n);
  const k0 = state.nngp;
  const t0 = state.ntk;
  if (layer.parameterization === 'standard') {
    if (!Number.isFinite(layer.fanIn)) throw new Error("parameterization 'standard' needs a finite width");
    const fanIn = layer.fanIn;
    for (let k = 0; k < n; k++) {
      const kk = k0[k];
      nngp[k] = w * kk + b;
      ntk[k] = fanIn * kk + 1 + w * t0[k];
    }
  } else {
    for (let k = 0; k < n; k++) {
      const next = w * k0[k] + b;
      nngp[k] = next;
      ntk[k] = next + w * t0[k];
    }
  }
  const affine = (v: Float64Array): Float64Array => {
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = w * v[i] + b;
    return out;
  };
  const rowVariance = affine(state.rowVariance);
  const colVariance = state.symmetric ? rowVariance : affine(state.colVariance);
  return makeState(state, nngp, ntk, rowVariance, colVariance);
}

type PairDual = (k11: number, k22: number, k12: number, out: Float64Array) => void;

/** New variances v -> E[phi(u)^2] for u ~ N(0, v), by the same pair formula as the entries (so diagonals match exactly). */
function withVariances(state: KernelState, nngp: Float64Array, ntk: Float64Array, dual: PairDual): KernelState {
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
function twoSlopeKernel(state: KernelState, negative: number, positive: number): KernelState {
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
function erfKernel(state: KernelState): KernelState {
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
function sinKernel(state: KernelState): KernelState {
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

/** Relative gap below which two variances share Hermite coefficients (far below the quadrature's own error). */
const VARIANCE_MERGE = 1e-13;

/**
 * Group equal (to VARIANCE_MERGE, relative) variances: returns the group id of every entry
 * of each array and one representative variance per group.
 */
function groupVariances(arrays: Float64Array[]): { ids: Int32Array[]; representatives: number[] } {
  const all: number[] = [];
  for (const a of arrays) for (let i = 0; i < a.length; i++) all.push(a[i]);
  const sorted = Float64Array.from(all).sort();
  const representatives: number[] = [];
  const groupOf = new Map<number, number>();
  for (let k = 0; k < sorted.length; k++) {
    const v = sorted[k];
    if (groupOf.has(v)) continue;
    const last = representatives.length - 1;
    if (last >= 0 && v - representatives[last] <= VARIANCE_MERGE * Math.max(Math.abs(v), Math.abs(representatives[last]))) {
      groupOf.set(v, last);
    } else {
      representatives.push(v);
      groupOf.set(v, last + 1);
    }
  }
  const ids = arrays.map((a) => {
    const out = new Int32Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = groupOf.get(a[i]) as number;
    return out;
  });
  return { ids, representatives };
}

/** Relative error bound of the tabulated dual (polynomial-table.ts), far below the quadrature's own error. */
const TABLE_RELATIVE_ERROR = 1e-13;

/**
 * Equal variances: E[phi phi] and E[phi' phi'] are polynomials in the correlation with nonnegative
 * coefficients a_k^2; tabulate both on a grid fine enough for TABLE_RELATIVE_ERROR (proven bound)
 * and interpolate. Skipped (returns false) when the table would cost more than direct evaluation.
 * Writes the entries in place and sets groupVariance[0] to the tables' exact value at c = 1.
 */
function tabulatedQuadrature(
  state: KernelState,
  coef: Float64Array,
  terms: number,
  entries: number,
  groupVariance: Float64Array,
): boolean {
  const pf = new Float64Array(terms);
  const pg = new Float64Array(terms);
  for (let k = 0; k < terms; k++) {
    pf[k] = coef[2 * k] * coef[2 * k];
    pg[k] = coef[2 * k + 1] * coef[2 * k + 1];
  }
  const intervals = Math.max(intervalsFor(pf, terms, TABLE_RELATIVE_ERROR), intervalsFor(pg, terms, TABLE_RELATIVE_ERROR));
  if (intervals > 1 << 16 || 2 * (intervals + 1) > entries) return false;
  const f = tabulate(pf, terms, intervals);
  const g = tabulate(pg, terms, intervals);
  const { rows, cols, symmetric } = state;
  const k0 = state.nngp;
  const t0 = state.ntk;
  const v1 = state.rowVariance;
  const v2 = state.colVariance;
  const fv = f.values;
  const fs = f.slopes;
  const gv = g.values;
  const gs = g.slopes;
  const half = 0.5 * intervals;
  for (let i = 0; i < rows; i++) {
    const k11 = v1[i];
    for (let j = symmetric ? i : 0; j < cols; j++) {
      const idx = i * cols + j;
      const s = Math.sqrt(k11 * v2[j]);
      let c = s > 0 ? k0[idx] / s : 0;
      if (c > 1) c = 1;
      else if (c < -1) c = -1;
      // Cubic Hermite on the shared grid (see polynomial-table.ts evaluate, inlined here).
      const t = (c + 1) * half;
      let n = Math.floor(t);
      if (n >= intervals) n = intervals - 1;
      const u = t - n;
      const u2 = u * u;
      const u3 = u2 * u;
      const h00 = 2 * u3 - 3 * u2 + 1;
      const h10 = u3 - 2 * u2 + u;
      const h01 = -2 * u3 + 3 * u2;
      const h11 = u3 - u2;
      k0[idx] = h00 * fv[n] + h10 * fs[n] + h01 * fv[n + 1] + h11 * fs[n + 1];
      t0[idx] = (h00 * gv[n] + h10 * gs[n] + h01 * gv[n + 1] + h11 * gs[n + 1]) * t0[idx];
    }
  }
  groupVariance[0] = fv[intervals];
  return true;
}

/**
 * Mehler-expansion quadrature (hermite-dual.ts). Hermite coefficients of phi and phi' are
 * computed once per group of equal variances and stored interleaved, coef[2 (g n + k)] = a_k,
 * coef[2 (g n + k) + 1] = a'_k, so one pass over k gives both E[phi phi] and E[phi' phi'].
 */
function quadratureKernel(state: KernelState, layer: ActivationLayer, nodes: number): KernelState {
  const { rows, cols, symmetric } = state;
  const { phi, dphi } = layer.activation;
  const { ids, representatives } = groupVariances(symmetric ? [state.rowVariance] : [state.rowVariance, state.colVariance]);
  const rowId = ids[0];
  const colId = symmetric ? rowId : ids[1];
  const m = representatives.length;
  const coef = new Float64Array(2 * m * nodes);
  let terms = 1;
  for (let id = 0; id < m; id++) {
    const q = representatives[id];
    const a = hermiteCoefficients(phi, q, nodes);
    const d = hermiteCoefficients(dphi, q, nodes);
    for (let k = 0; k < nodes; k++) {
      coef[2 * (id * nodes + k)] = a.values[k];
      coef[2 * (id * nodes + k) + 1] = d.values[k];
    }
    terms = Math.max(terms, a.terms, d.terms);
  }
  // In place: every entry is read before it is written, and depends on nothing else.
  const nngp = state.nngp;
  const ntk = state.ntk;
  const k0 = state.nngp;
  const t0 = state.ntk;
  const v1 = state.rowVariance;
  const v2 = state.colVariance;
  // Variance of a group: both sums at c = 1; entries (i, i) reproduce it exactly.
  const groupVariance = new Float64Array(m);
  for (let id = 0; id < m; id++) {
    let s = 0;
    const o = 2 * id * nodes;
    for (let k = 0; k < terms; k++) s += coef[o + 2 * k] * coef[o + 2 * k];
    groupVariance[id] = s;
  }
  const entries = symmetric ? (rows * (rows + 1)) / 2 : rows * cols;
  if (m === 1 && tabulatedQuadrature(state, coef, terms, entries, groupVariance)) {
    const rowVariance = new Float64Array(rows).fill(groupVariance[0]);
    return makeState(state, nngp, ntk, rowVariance, symmetric ? rowVariance : new Float64Array(cols).fill(groupVariance[0]));
  }
  for (let i = 0; i < rows; i++) {
    const oi = 2 * rowId[i] * nodes;
    const k11 = v1[i];
    for (let j = symmetric ? i : 0; j < cols; j++) {
      const idx = i * cols + j;
      const oj = 2 * colId[j] * nodes;
      const s = Math.sqrt(k11 * v2[j]);
      let c = s > 0 ? k0[idx] / s : 0;
      if (c > 1) c = 1;
      else if (c < -1) c = -1;
      let e = 0;
      let ed = 0;
      let power = 1;
      for (let k = 0; k < 2 * terms; k += 2) {
        e += power * coef[oi + k] * coef[oj + k];
        ed += power * coef[oi + k + 1] * coef[oj + k + 1];
        power *= c;
      }
      nngp[idx] = e;
      ntk[idx] = ed * t0[idx];
    }
  }
  const variance = (gid: Int32Array): Float64Array => {
    const out = new Float64Array(gid.length);
    for (let i = 0; i < gid.length; i++) out[i] = groupVariance[gid[i]];
    return out;
  };
  const rowVariance = variance(rowId);
  const colVariance = symmetric ? rowVariance : variance(colId);
  return makeState(state, nngp, ntk, rowVariance, colVariance);
}

/** Every entry by the split polar rule (quadrature.ts); slow, accurate for kinks at 0. */
function polarKernel(state: KernelState, layer: ActivationLayer): KernelState {
  const { rows, cols, symmetric } = state;
  const { phi, dphi } = layer.activation;
  // In place: every entry is read before it is written, and depends on nothing else.
  const nngp = state.nngp;
  const ntk = state.ntk;
  const k0 = state.nngp;
  const t0 = state.ntk;
  const v1 = state.rowVariance;
  const v2 = state.colVariance;
  for (let i = 0; i < rows; i++) {
    for (let j = symmetric ? i : 0; j < cols; j++) {
      const idx = i * cols + j;
      const k12 = k0[idx];
      nngp[idx] = gaussianExpectation2d(phi, phi, v1[i], v2[j], k12);
      ntk[idx] = gaussianExpectation2d(dphi, dphi, v1[i], v2[j], k12) * t0[idx];
    }
  }
  return withVariances(state, nngp, ntk, (a, b, c, out) => {
    out[0] = gaussianExpectation2d(phi, phi, a, b, c);
    out[1] = 0;
  });
}

/**
 * Activation layer. Overwrites the state's nngp and ntk arrays (the returned state shares them):
 * callers that still need the input state must copy it first.
 */
export function activationKernel(state: KernelState, layer: ActivationLayer, options: KernelOptions = {}): KernelState {
  const dual = layer.activation.dual;
  switch (dual.kind) {
    case 'two-slope':
      return twoSlopeKernel(state, dual.negative, dual.positive);
    case 'erf':
      return erfKernel(state);
    case 'sin':
      return sinKernel(state);
    case 'quadrature':
      if (options.quadrature === 'polar') return polarKernel(state, layer);
      if (options.quadrature !== undefined && options.quadrature !== 'hermite') {
        throw new Error(`quadrature must be 'hermite' or 'polar', got ${String(options.quadrature)}`);
      }
      return quadratureKernel(state, layer, options.hermiteNodes ?? DEFAULT_HERMITE_NODES);
  }
}
