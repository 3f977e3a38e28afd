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
import { erfKernel, sinKernel, twoSlopeKernel } from './activation-kernels-closed-form';
import { polarKernel, quadratureKernel } from './activation-kernels-quadrature';
import type { ActivationLayer, DenseLayer } from './architecture';
import { DEFAULT_HERMITE_NODES } from './hermite-dual';
import { makeState, type KernelState } from './kernel-state';

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

/** Dense layer (see the header for the formulas); with `inPlace` the state's arrays are overwritten (the recursion owns them). */
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
