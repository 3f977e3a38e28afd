/**
 * Description of a fully-connected network, shared with the float64 core
 * (`NetworkSpec` in src/core): the same fields drive the analytic kernels and
 * the empirical ones computed here.
 *
 * Conventions (shared/READING.md): depth L = number of hidden layers of equal
 * width n, plus a linear scalar read-out.
 * - NTK parameterization: W, b ~ N(0, 1) and
 *   h^{l+1} = (sigma_w / sqrt(n_l)) x^l W^{l+1} + sigma_b b^{l+1}.
 * - Standard parameterization: W ~ N(0, sigma_w^2 / n_l), b ~ N(0, sigma_b^2),
 *   h^{l+1} = x^l W^{l+1} + b^{l+1}.
 * Weights are stored as [n_l, n_{l+1}] so that a batch of row inputs X (N x n_l)
 * maps to X W without a transpose.
 */
export type MlpActivation = 'relu' | 'erf' | 'tanh' | 'linear' | 'gelu';

export type Parameterization = 'ntk' | 'standard';

export interface MlpSpec {
  /** Input dimension n_0. */
  inputDim: number;
  /** Hidden width n (all hidden layers). */
  width: number;
  /** Number of hidden layers L (>= 0); the network has L + 1 affine layers. */
  depth: number;
  activation: MlpActivation;
  /** sigma_w^2. */
  weightVariance: number;
  /** sigma_b^2. */
  biasVariance: number;
  parameterization: Parameterization;
  /** Seed of the float64 generator that draws the initial weights. */
  seed: number;
}

/** Layer sizes [n_0, n, ..., n, 1] (length depth + 2). */
export function layerSizes(spec: MlpSpec): number[] {
  return [spec.inputDim, ...Array.from({ length: spec.depth }, () => spec.width), 1];
}

/**
 * Multipliers applied in the forward pass of affine layer l (0-based, input
 * size nIn): h = weightScale * (x W) + biasScale * b.
 * NTK: (sigma_w / sqrt(nIn), sigma_b); standard: (1, 1).
 */
export function layerScales(spec: MlpSpec, nIn: number): { weightScale: number; biasScale: number } {
  if (spec.parameterization === 'ntk') {
    return { weightScale: Math.sqrt(spec.weightVariance / nIn), biasScale: Math.sqrt(spec.biasVariance) };
  }
  return { weightScale: 1, biasScale: 1 };
}

/**
 * Standard deviations of the initial parameters of a layer with input size nIn.
 * NTK: (1, 1); standard: (sigma_w / sqrt(nIn), sigma_b).
 */
export function initStd(spec: MlpSpec, nIn: number): { weightStd: number; biasStd: number } {
  if (spec.parameterization === 'ntk') return { weightStd: 1, biasStd: 1 };
  return { weightStd: Math.sqrt(spec.weightVariance / nIn), biasStd: Math.sqrt(spec.biasVariance) };
}

/** Throws a RangeError when the spec cannot describe a network. */
export function validateSpec(spec: MlpSpec): void {
  const positiveInt = (v: number) => Number.isInteger(v) && v > 0;
  if (!positiveInt(spec.inputDim)) throw new RangeError(`inputDim must be a positive integer, got ${spec.inputDim}`);
  if (!positiveInt(spec.width)) throw new RangeError(`width must be a positive integer, got ${spec.width}`);
  if (!Number.isInteger(spec.depth) || spec.depth < 0) throw new RangeError(`depth must be an integer >= 0, got ${spec.depth}`);
  if (!(spec.weightVariance >= 0) || !(spec.biasVariance >= 0)) throw new RangeError('variances must be >= 0');
  if (!['relu', 'erf', 'tanh', 'linear', 'gelu'].includes(spec.activation)) throw new RangeError(`unknown activation ${spec.activation}`);
  if (spec.parameterization !== 'ntk' && spec.parameterization !== 'standard') {
    throw new RangeError(`unknown parameterization ${String(spec.parameterization)}`);
  }
}
