/**
 * Shared vocabulary of the numerical core: matrices at the public boundary,
 * activations and the description of a fully-connected network.
 * Conventions follow /work/shared/READING.md (NTK parameterization by default).
 */

/** A dense matrix as plain rows (row-major): `m[i][j]` is row i, column j. */
export type Matrix = number[][];

/** Activations known by name. */
export type ActivationName = 'relu' | 'erf' | 'tanh' | 'gelu' | 'sin' | 'abs' | 'linear' | 'softplus';

/**
 * A pointwise non-linearity phi.
 * - `leaky-relu`: phi(u) = u for u > 0, alpha * u for u < 0.
 * - `two-slope-relu`: phi(u) = positive * u for u > 0, negative * u for u < 0 (abs is (-1, 1), relu is (0, 1)).
 * - `custom`: any function with its derivative; its kernels are computed by Gauss-Hermite quadrature.
 */
export type Activation =
  | ActivationName
  | { kind: 'leaky-relu'; alpha: number }
  | { kind: 'two-slope-relu'; negative: number; positive: number }
  | { kind: 'custom'; name?: string; phi: (u: number) => number; dphi: (u: number) => number };

/** A fully-connected network: `depth` hidden layers of one width and a linear scalar read-out. */
export interface NetworkSpec {
  /** L >= 0 hidden layers (+ a linear read-out). */
  depth: number;
  /** The non-linearity after every hidden layer. */
  activation: Activation;
  /** sigma_w^2, the weight variance (times fan-in). */
  weightVariance: number;
  /** sigma_b^2, the bias variance. */
  biasVariance: number;
  /** 'ntk' (default): W, b ~ N(0, 1) scaled in the forward pass; 'standard': W ~ N(0, sigma_w^2 / fan_in), b ~ N(0, sigma_b^2). */
  parameterization?: 'ntk' | 'standard';
  /** Hidden width n; required for 'standard' (its NTK grows with n), ignored by the NTK-parameterized analytic kernels. */
  width?: number;
}

/** Variances of one network used by signal propagation (no depth, no width). */
export interface PropagationSpec {
  activation: Activation;
  weightVariance: number;
  biasVariance: number;
}
