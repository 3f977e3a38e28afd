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
import { DEFAULT_HERMITE_NODES, hermiteCoefficients, mehlerSum, polynomialAt } from './hermite-dual';
import type { KernelState } from './kernel-state';

/** Options of the kernel computation. */
export interface KernelOptions {
  /** Gauss-Hermite nodes per axis for quadrature activations (default 96). */
  hermiteNodes?: number;
}

export function denseKernel(state: KernelState, layer: DenseLayer): KernelState {
  const { weightVariance: w, biasVariance: b } = layer;
  const n = state.rows * state.cols;
  const nngp = new Float64Array(n);
  const ntk = new Float64Array(n);
  if (layer.parameterization === 'standard') {
    if (!Number.isFinite(layer.fanIn)) throw new Error("parameterization 'standard' needs a finite width");
    const fanIn = layer.fanIn;
    for (let k = 0; k < n; k++) {
      const kk = state.nngp[k];
      nngp[k] = w * kk + b;
      ntk[k] = fanIn * kk + 1 + w * state.ntk[k];
    }
  } else {
    for (let k = 0; k < n; k++) {
      const next = w * state.nngp[k] + b;
      nngp[k] = next;
      ntk[k] = next + w * state.ntk[k];
    }
  }
  const affine = (v: Float64Array): Float64Array => v.map((x) => w * x + b);
  const rowVariance = affine(state.rowVariance);
  const colVariance = state.symmetric ? rowVariance : affine(state.colVariance);
  return { ...state, nngp, ntk, rowVariance, colVariance };
}

type PairDual = (k11: number, k22: number, k12: number, out: Float64Array) => void;

/** Apply a closed-form pair dual to every (upper-triangle) entry and to the variances. */
function closedFormKernel(state: KernelState, dual: PairDual): KernelState {
  const { rows, cols, symmetric } = state;
  const nngp = new Float64Array(rows * cols);
  const ntk = new Float64Array(rows * cols);
  const out = new Float64Array(2);
  const v1 = state.rowVariance;
  const v2 = state.colVariance;
  for (let i = 0; i < rows; i++) {
    const k11 = v1[i];
    const base = i * cols;
    for (let j = symmetric ? i : 0; j < cols; j++) {
      const idx = base + j;
      dual(k11, v2[j], state.nngp[idx], out);
      nngp[idx] = out[0];
      ntk[idx] = out[1] * state.ntk[idx];
    }
  }
  const variance = (v: Float64Array): Float64Array => {
    const next = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      dual(v[i], v[i], v[i], out);
      next[i] = out[0];
    }
    return next;
  };
  const rowVariance = variance(v1);
  const colVariance = symmetric ? rowVariance : variance(v2);
  return { ...state, nngp, ntk, rowVariance, colVariance };
}

/** Mehler-expansion quadrature (hermite-dual.ts), coefficients computed once per distinct variance. */
function quadratureKernel(state: KernelState, layer: ActivationLayer, nodes: number): KernelState {
  const { rows, cols, symmetric } = state;
  const { phi, dphi } = layer.activation;
  const distinct = new Map<number, number>();
  const register = (v: Float64Array): Int32Array => {
    const index = new Int32Array(v.length);
    for (let i = 0; i < v.length; i++) {
      let id = distinct.get(v[i]);
      if (id === undefined) {
        id = distinct.size;
        distinct.set(v[i], id);
      }
      index[i] = id;
    }
    return index;
  };
  const rowId = register(state.rowVariance);
  const colId = symmetric ? rowId : register(state.colVariance);
  const m = distinct.size;
  const f = new Float64Array(m * nodes);
  const g = new Float64Array(m * nodes);
  let terms = 1;
  for (const [q, id] of distinct) {
    const a = hermiteCoefficients(phi, q, nodes);
    const d = hermiteCoefficients(dphi, q, nodes);
    f.set(a.values, id * nodes);
    g.set(d.values, id * nodes);
    terms = Math.max(terms, a.terms, d.terms);
  }
  const nngp = new Float64Array(rows * cols);
  const ntk = new Float64Array(rows * cols);
  const v1 = state.rowVariance;
  const v2 = state.colVariance;
  const correlation = (k11: number, k22: number, k12: number): number => {
    const s = Math.sqrt(k11 * k22);
    const c = s > 0 ? k12 / s : 0;
    return c > 1 ? 1 : c < -1 ? -1 : c;
  };
  if (m === 1) {
    // All variances equal (e.g. inputs on a sphere): two polynomials in the correlation.
    const pf = new Float64Array(terms);
    const pg = new Float64Array(terms);
    for (let k = 0; k < terms; k++) {
      pf[k] = f[k] * f[k];
      pg[k] = g[k] * g[k];
    }
    for (let i = 0; i < rows; i++) {
      for (let j = symmetric ? i : 0; j < cols; j++) {
        const idx = i * cols + j;
        const c = correlation(v1[i], v2[j], state.nngp[idx]);
        nngp[idx] = polynomialAt(pf, terms, c);
        ntk[idx] = polynomialAt(pg, terms, c) * state.ntk[idx];
      }
    }
    const q = polynomialAt(pf, terms, 1);
    const rowVariance = new Float64Array(rows).fill(q);
    const colVariance = symmetric ? rowVariance : new Float64Array(cols).fill(q);
    return { ...state, nngp, ntk, rowVariance, colVariance };
  }
  for (let i = 0; i < rows; i++) {
    const fi = rowId[i] * nodes;
    for (let j = symmetric ? i : 0; j < cols; j++) {
      const idx = i * cols + j;
      const fj = colId[j] * nodes;
      const c = correlation(v1[i], v2[j], state.nngp[idx]);
      nngp[idx] = mehlerSum(f, fi, f, fj, terms, c);
      ntk[idx] = mehlerSum(g, fi, g, fj, terms, c) * state.ntk[idx];
    }
  }
  const variance = (ids: Int32Array): Float64Array => {
    const next = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) next[i] = mehlerSum(f, ids[i] * nodes, f, ids[i] * nodes, terms, 1);
    return next;
  };
  const rowVariance = variance(rowId);
  const colVariance = symmetric ? rowVariance : variance(colId);
  return { ...state, nngp, ntk, rowVariance, colVariance };
}

export function activationKernel(state: KernelState, layer: ActivationLayer, options: KernelOptions = {}): KernelState {
  const dual = layer.activation.dual;
  switch (dual.kind) {
    case 'two-slope': {
      const { negative, positive } = dual;
      return closedFormKernel(state, (k11, k22, k12, out) => twoSlopeDual(k11, k22, k12, negative, positive, out));
    }
    case 'erf':
      return closedFormKernel(state, erfDual);
    case 'sin':
      return closedFormKernel(state, sinDual);
    case 'quadrature':
      return quadratureKernel(state, layer, options.hermiteNodes ?? DEFAULT_HERMITE_NODES);
  }
}
