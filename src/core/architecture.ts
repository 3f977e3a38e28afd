/**
 * One description of a fully-connected network, shared by the analytic kernels
 * (kernels.ts) and the float64 Monte Carlo sampler (mlp-sampler.ts), in the
 * spirit of neural-tangents' stax (Novak et al. 2020): a network is a list of
 * layers, and each consumer interprets the same list. The two can therefore
 * never disagree about which network they mean.
 *
 * depth L gives: Dense(n0 -> n), phi, Dense(n -> n), phi, ..., Dense(n -> 1) (L + 1 dense layers).
 */
import { resolveActivation, type ResolvedActivation } from './activations';
import type { NetworkSpec } from './types';

/** An affine layer h = (sigma_w / sqrt(fanIn)) W x + sigma_b b (NTK) or W x + b (standard). */
export interface DenseLayer {
  readonly kind: 'dense';
  /** Inputs to the layer: n0 for the first, the hidden width after that (Infinity when the width is left open). */
  readonly fanIn: number;
  /** Outputs: the hidden width, or 1 for the read-out (Infinity when the width is left open). */
  readonly units: number;
  /** sigma_w^2. */
  readonly weightVariance: number;
  /** sigma_b^2. */
  readonly biasVariance: number;
  /** 'ntk': W, b ~ N(0, 1) scaled in the forward pass; 'standard': W ~ N(0, sigma_w^2 / fanIn), b ~ N(0, sigma_b^2) trained as is. */
  readonly parameterization: 'ntk' | 'standard';
}

/** A pointwise non-linearity. */
export interface ActivationLayer {
  readonly kind: 'activation';
  readonly activation: ResolvedActivation;
}

export type Layer = DenseLayer | ActivationLayer;

/** The layer list of a network, with the input dimension it was built for. */
export interface Architecture {
  readonly inputDim: number;
  readonly layers: readonly Layer[];
}

/** Validate a spec; throws an Error naming the bad field. */
export function validateSpec(spec: NetworkSpec): void {
  if (!Number.isInteger(spec.depth) || spec.depth < 0) throw new Error(`depth must be an integer >= 0, got ${spec.depth}`);
  if (!(spec.weightVariance >= 0) || !Number.isFinite(spec.weightVariance)) {
    throw new Error(`weightVariance must be finite and >= 0, got ${spec.weightVariance}`);
  }
  if (!(spec.biasVariance >= 0) || !Number.isFinite(spec.biasVariance)) {
    throw new Error(`biasVariance must be finite and >= 0, got ${spec.biasVariance}`);
  }
  const p = spec.parameterization ?? 'ntk';
  if (p !== 'ntk' && p !== 'standard') throw new Error(`parameterization must be 'ntk' or 'standard', got ${String(p)}`);
  if (spec.width !== undefined && (!Number.isInteger(spec.width) || spec.width < 1)) {
    throw new Error(`width must be an integer >= 1, got ${spec.width}`);
  }
  if (p === 'standard' && spec.width === undefined && spec.depth > 0) {
    throw new Error("parameterization 'standard' needs the width: its NTK grows linearly with it");
  }
}

/** Build the layer list of `spec` for inputs of dimension `inputDim`. */
export function describeNetwork(spec: NetworkSpec, inputDim: number): Architecture {
  validateSpec(spec);
  if (!Number.isInteger(inputDim) || inputDim < 1) throw new Error(`input dimension must be an integer >= 1, got ${inputDim}`);
  const parameterization = spec.parameterization ?? 'ntk';
  const width = spec.width ?? Infinity;
  const activation = resolveActivation(spec.activation);
  const dense = (fanIn: number, units: number): DenseLayer => ({
    kind: 'dense',
    fanIn,
    units,
    weightVariance: spec.weightVariance,
    biasVariance: spec.biasVariance,
    parameterization,
  });
  const layers: Layer[] = [];
  let fanIn = inputDim;
  for (let l = 0; l < spec.depth; l++) {
    layers.push(dense(fanIn, width), { kind: 'activation', activation });
    fanIn = width;
  }
  layers.push(dense(fanIn, 1));
  return { inputDim, layers };
}
