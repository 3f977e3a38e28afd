/**
 * Activation layers without a closed form, on whole matrices: Gauss-Hermite quadrature
 * through Mehler's expansion (hermite-dual.ts), with proven-accuracy tables when all
 * variances are equal (polynomial-table.ts), or the split polar rule per entry (quadrature.ts).
 * Entries are updated in place.
 */
import { withVariances } from './activation-kernels-closed-form';
import type { ActivationLayer } from './architecture';
import { hermiteCoefficients } from './hermite-dual';
import { makeState, type KernelState } from './kernel-state';
import { intervalsFor, tabulate } from './polynomial-table';
import { gaussianExpectation2d } from './quadrature';

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
export function quadratureKernel(state: KernelState, layer: ActivationLayer, nodes: number): KernelState {
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
export function polarKernel(state: KernelState, layer: ActivationLayer): KernelState {
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
