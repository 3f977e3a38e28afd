/**
 * Public API of the numerical core (float64, no DOM, no TensorFlow.js).
 * Conventions: /work/shared/READING.md — depth L = hidden layers + a linear read-out,
 * variances sigma_w^2 ("weightVariance") and sigma_b^2 ("biasVariance"), NTK
 * parameterization by default, loss (1/2N) sum_i (f(x_i) - y_i)^2.
 * Matrices cross this boundary as plain rows (number[][]); inside, Float64Array.
 */
import { resolveActivation } from './activations';
import { analyticKernelsDense, analyticKernelsOverDepthDense } from './kernels';
import { lengthMap as lengthMapStep } from './length-map';
import { ensemblePosteriorDense, type EnsembleDynamics } from './ensemble';
import { gradientDescentMseDense, maxLearningRateDense } from './dynamics';
import { gpPosteriorFromRows } from './gp-posterior';
import { fromDense, toDense, toVector, type Dense } from './matrix';
import { sampleMlpNetwork } from './mlp-sampler';
import { phaseDiagramOf, type PhaseDiagram } from './phase-diagram';
import { rbfKernelRows } from './rbf';
import { createRng as createSeededRng, type Rng } from './random';
import { embedInputs as embed, runningExample as example, targetFunction as target } from './running-example';
import { sampleGaussianRows } from './sample-gaussian';
import { correlationMapOf, type CorrelationMapResult } from './signal-propagation';
import type { Activation, Matrix, NetworkSpec, PropagationSpec } from './types';

export type { Activation, ActivationName, Matrix, NetworkSpec, PropagationSpec } from './types';
export type { Rng } from './random';
export type { CorrelationMapResult } from './signal-propagation';
export type { PhaseDiagram } from './phase-diagram';
export type { EnsembleDynamics } from './ensemble';

/** Options shared by the kernel functions. */
export interface AnalyticKernelOptions {
  /**
   * Integration for activations without a closed form: 'hermite' (default; fast, Gauss-Hermite +
   * Mehler expansion, for smooth activations) or 'polar' (slow, per-entry split polar rule,
   * accurate for activations with kinks at 0 such as a user-supplied ReLU). See kernel-layers.ts.
   */
  quadrature?: 'hermite' | 'polar';
  /** Gauss-Hermite nodes for 'hermite' (default 96, at most 300). */
  hermiteNodes?: number;
}

function inputsOf(x: Matrix, name: string): Dense {
  const d = toDense(x, name);
  return d;
}

function pairOf(x1: Matrix, x2: Matrix): [Dense, Dense] {
  const a = inputsOf(x1, 'x1');
  const b = x2 === x1 ? a : inputsOf(x2, 'x2');
  if (a.rows > 0 && b.rows > 0 && a.cols !== b.cols) throw new Error(`analyticKernels: x1 has ${a.cols} columns, x2 has ${b.cols}`);
  const cols = Math.max(a.cols, b.cols, 1);
  // Empty sets arrive as [] (0 columns): give them the other set's width.
  const fix = (m: Dense): Dense => (m.rows === 0 ? { rows: 0, cols, data: new Float64Array(0) } : m);
  return [fix(a), fix(b)];
}

/**
 * NNGP K^{L+1} and NTK Theta^{L+1} between the rows of x1 (n1 x d) and x2 (n2 x d)
 * for a fully-connected network of depth L (Lee et al. 2018, arXiv 1711.00165;
 * Jacot et al. 2018, arXiv 1806.07572; Lee et al. 2019, arXiv 1902.06720):
 *   K^1 = sigma_w^2 x.x'/d + sigma_b^2,  Theta^1 = K^1,
 *   K^{l+1} = sigma_w^2 E[phi(u) phi(v)] + sigma_b^2,  Theta^{l+1} = K^{l+1} + sigma_w^2 E[phi'(u) phi'(v)] Theta^l,
 * (u, v) ~ N(0, [[K^l(x,x), K^l(x,x')], [K^l(x,x'), K^l(x',x')]]).
 * ReLU, LeakyReLU, abs, linear: arc-cosine closed form (Cho & Saul 2009); erf: Williams (1997);
 * sin: closed form; tanh, GELU, softplus, custom: Gauss-Hermite quadrature (Mehler expansion,
 * see hermite-dual.ts). Standard parameterization (needs `width`): same NNGP, and
 * Theta^1 = x.x' + 1, Theta^{l+1} = n E[phi(u) phi(v)] + 1 + sigma_w^2 E[phi'(u) phi'(v)] Theta^l.
 * When x2 holds the same numbers as x1, only one triangle is computed and the result is exactly symmetric.
 */
export function analyticKernels(x1: Matrix, x2: Matrix, spec: NetworkSpec, options: AnalyticKernelOptions = {}): { nngp: Matrix; ntk: Matrix } {
  const [a, b] = pairOf(x1, x2);
  const { nngp, ntk } = analyticKernelsDense(a, b, spec, options);
  return { nngp: fromDense(nngp), ntk: fromDense(ntk) };
}

/**
 * The output kernels of the networks of depth 0, 1, ..., spec.depth, in one pass of the
 * recursion (entry l equals analyticKernels with depth l). For plots of the kernel against depth.
 */
export function analyticKernelsOverDepth(x1: Matrix, x2: Matrix, spec: NetworkSpec, options: AnalyticKernelOptions = {}): { nngp: Matrix; ntk: Matrix }[] {
  const [a, b] = pairOf(x1, x2);
  return analyticKernelsOverDepthDense(a, b, spec, options).map((k) => ({ nngp: fromDense(k.nngp), ntk: fromDense(k.ntk) }));
}

/**
 * Exact GP regression (Rasmussen & Williams 2006, Alg. 2.1; with the NNGP kernel this is
 * Bayesian inference with an infinitely wide network, Lee et al. 2018):
 *   mean = K(x*, X) (K(X, X) + s I)^{-1} y,   cov = K(x*, x*) - K(x*, X) (K(X, X) + s I)^{-1} K(X, x*),
 * s = noise + regularization * mean(diag K(X, X)). The Cholesky escalates jitter (from 1e-12 up to
 * 1e-4 of the mean diagonal) if it must, reports it as `jitter`, and throws a clear Error if the
 * matrix is not positive definite.
 */
export function gpPosterior(args: {
  kTrainTrain: Matrix;
  kTestTrain: Matrix;
  kTestTest: Matrix;
  yTrain: number[];
  noise?: number;
  regularization?: number;
}): { mean: number[]; covariance: Matrix; jitter: number } {
  const p = gpPosteriorFromRows(args);
  return { mean: Array.from(p.mean), covariance: fromDense(p.covariance), jitter: p.jitter };
}

function blocks(b: { trainTrain: Matrix; testTrain: Matrix; testTest: Matrix }, name: string) {
  const trainTrain = toDense(b.trainTrain, `${name}.trainTrain`);
  const testTrainRaw = toDense(b.testTrain, `${name}.testTrain`);
  const testTrain = testTrainRaw.rows === 0 ? { rows: 0, cols: trainTrain.rows, data: new Float64Array(0) } : testTrainRaw;
  return { trainTrain, testTrain, testTest: toDense(b.testTest, `${name}.testTest`) };
}

/**
 * The trained infinitely wide network as a GP over random initializations (Lee et al. 2019,
 * arXiv 1902.06720, eqs. 15-16), after gradient flow for time t on (1/2N) sum (f - y)^2:
 *   A_t = Theta(x*, X) Theta^{-1} (I - exp(-eta Theta t / N)),
 *   mean = A_t y,   cov = K(x*, x*) + A_t K(X, X) A_t^T - A_t K(X, x*) - K(x*, X) A_t^T,
 * with Theta the NTK and K the NNGP blocks. t = Infinity (default): A = Theta(x*, X) Theta^{-1}
 * (Cholesky, jitter escalated as needed); finite t: eigendecomposition of Theta(X, X).
 * `regularization` adds that multiple of the mean diagonal to Theta(X, X).
 * `dynamics: 'gradient-descent'`: discrete full-batch steps instead of the flow; `time` is then the
 * (integer) number of steps and exp(-eta Theta t / N) becomes (I - eta Theta / N)^t. At t = Infinity
 * both agree (and gradient descent must converge: eta < 2N / lambda_max, else a RangeError).
 */
export function ensemblePosterior(args: {
  nngp: { trainTrain: Matrix; testTrain: Matrix; testTest: Matrix };
  ntk: { trainTrain: Matrix; testTrain: Matrix; testTest: Matrix };
  yTrain: number[];
  time?: number;
  learningRate?: number;
  regularization?: number;
  dynamics?: EnsembleDynamics;
}): { mean: number[]; covariance: Matrix; jitter: number } {
  const ntk = blocks(args.ntk, 'ntk');
  const nngp = blocks(args.nngp, 'nngp');
  const y = toVector(args.yTrain, ntk.trainTrain.rows, 'yTrain');
  const p = ensemblePosteriorDense(
    nngp, ntk, y, args.time ?? Infinity, args.learningRate ?? 1, args.regularization ?? 0, args.dynamics ?? 'flow',
  );
  return { mean: Array.from(p.mean), covariance: fromDense(p.covariance), jitter: p.jitter };
}

/**
 * Closed-form gradient-flow dynamics of the mean prediction on (1/2N) sum (f - y)^2
 * (Lee et al. 2019, eqs. 8-9): with Theta(X, X) = V diag(lambda) V^T,
 *   f_t(X)  = f_0(X)  + V diag(expm1(-eta lambda t / N)) V^T (f_0(X) - y),
 *   f_t(x*) = f_0(x*) + Theta(x*, X) V diag(expm1(-eta lambda t / N) / lambda) V^T (f_0(X) - y).
 * One eigendecomposition; predict(t) for any t >= 0 including Infinity. `eigenvalues` ascending.
 */
export function gradientDescentMse(args: {
  ntkTrainTrain: Matrix;
  ntkTestTrain: Matrix;
  yTrain: number[];
  f0Train?: number[];
  f0Test?: number[];
  learningRate: number;
}): { predict(t: number): { train: number[]; test: number[] }; eigenvalues: number[] } {
  const theta = toDense(args.ntkTrainTrain, 'ntkTrainTrain');
  const n = theta.rows;
  const raw = toDense(args.ntkTestTrain, 'ntkTestTrain');
  const testTrain = raw.rows === 0 ? { rows: 0, cols: n, data: new Float64Array(0) } : raw;
  const m = testTrain.rows;
  const dynamics = gradientDescentMseDense(
    theta,
    testTrain,
    toVector(args.yTrain, n, 'yTrain'),
    args.f0Train ? toVector(args.f0Train, n, 'f0Train') : new Float64Array(n),
    args.f0Test ? toVector(args.f0Test, m, 'f0Test') : new Float64Array(m),
    args.learningRate,
  );
  return {
    eigenvalues: Array.from(dynamics.eigenvalues),
    predict(t: number) {
      const { train, test } = dynamics.predict(t);
      return { train: Array.from(train), test: Array.from(test) };
    },
  };
}

/**
 * 2N / lambda_max(Theta(X, X)): gradient descent with step eta on (1/2N) sum (f - y)^2 multiplies
 * the residual along the top eigenvector by (1 - eta lambda_max / N) per step and diverges beyond
 * this rate (Lee et al. 2019, sec. 2.3). Infinity for an empty or zero matrix.
 */
export function maxLearningRate(ntkTrainTrain: Matrix): number {
  return maxLearningRateDense(toDense(ntkTrainTrain, 'ntkTrainTrain'));
}

/**
 * Signal propagation for one activation and variances (Poole et al. 2016, arXiv 1606.05340;
 * Schoenholz et al. 2017, arXiv 1611.01232):
 * - qStar: fixed point of the length map q -> sigma_w^2 E[phi(sqrt(q) z)^2] + sigma_b^2 reached
 *   from q = 1 (Infinity if it diverges, e.g. ReLU with sigma_w^2 > 2; 1 for ReLU at sigma_w^2 = 2,
 *   sigma_b^2 = 0 where every q is fixed; 0 if the signal dies out);
 * - map(c) = F(c) = (sigma_w^2 E[phi(u1) phi(u2)] + sigma_b^2) / q*, (u1, u2) ~ N(0, q* [[1, c], [c, 1]]);
 *   if q* = Infinity, F is the q -> infinity limit (exact for ReLU-like activations, whose F then does
 *   not depend on q; approximated at q = 1e4 otherwise); if q* = 0, F is the q -> 0 limit;
 * - cStar: the stable fixed point (1 in the ordered phase, the largest root of F(c) = c below 1 in the chaotic one);
 * - chi1 = sigma_w^2 E[phi'(sqrt(q*) z)^2] (ReLU: sigma_w^2 / 2 for any q);
 * - depthScale: xi_c = -1 / ln(chi_c), chi_c = sigma_w^2 E[phi'(u1) phi'(u2)] at c*. It is Infinity when
 *   chi_c >= 1 - 1e-12: on the critical line correlations approach c* algebraically, not exponentially,
 *   and where q* diverges (ReLU with sigma_w^2 > 2) there is no exponential approach either.
 * - curve: F sampled at `points` (default 201) correlations evenly spaced over [-1, 1];
 * - correlationsOverDepth(c0, L): c^0 = c0, ..., c^L = F^L(c0).
 * Never NaN.
 */
export function correlationMap(spec: PropagationSpec, options?: { points?: number }): CorrelationMapResult {
  return correlationMapOf(spec, options);
}

/**
 * chi_1 and the depth scale xi_c on a (sigma_w^2, sigma_b^2) grid — rows index sigma_b^2, columns
 * sigma_w^2: chi1[iBias][iWeight] — and the critical line chi_1 = 1, one point per grid sigma_b^2
 * where chi_1 crosses 1 inside the sigma_w^2 range, refined by bisection (Schoenholz et al. 2017, Fig. 1).
 */
export function phaseDiagram(args: {
  activation: Activation;
  weightVariance: [number, number];
  biasVariance: [number, number];
  resolution: number | [number, number];
}): PhaseDiagram {
  return phaseDiagramOf(args);
}

/**
 * One step of the length map (Poole et al. 2016): q -> sigma_w^2 E[phi(sqrt(q) z)^2] + sigma_b^2, z ~ N(0, 1),
 * the variance of a pre-activation in the next layer given variance q in this one.
 */
export function lengthMap(spec: PropagationSpec, q: number): number {
  if (!(q >= 0) || !Number.isFinite(q)) throw new Error(`q must be finite and >= 0, got ${q}`);
  return lengthMapStep(resolveActivation(spec.activation), spec.weightVariance, spec.biasVariance, q);
}

/** Squared-exponential kernel for contrast in the GP widget: variance * exp(-|x - x'|^2 / (2 l^2)). */
export function rbfKernel(x1: Matrix, x2: Matrix, lengthscale: number, variance = 1): Matrix {
  return rbfKernelRows(x1, x2, lengthscale, variance);
}

/** Seeded randomness (d3-random's LCG underneath). Same seed => same sequence in Node and browser. */
export function createRng(seed: number): Rng {
  return createSeededRng(seed);
}

/** Draw `count` samples from N(mean, cov) via Cholesky (jitter escalated as needed). */
export function sampleGaussian(mean: number[], cov: Matrix, count: number, rng: Rng): number[][] {
  return sampleGaussianRows(mean, cov, count, rng);
}

/** Running example (ARTICLE.md): x in [-pi, pi] embedded on the unit circle (cos x, sin x) or as (x, 1)/sqrt(2). */
export function embedInputs(xs: number[], embedding: 'circle' | 'affine' = 'circle'): Matrix {
  return embed(xs, embedding);
}

/** `count` (16) sorted uniform inputs in [-pi, pi] with targets targetFunction(x) + noise (0.05, a std) * N(0, 1); seeded (0). */
export function runningExample(args?: { count?: number; noise?: number; seed?: number }): { x: number[]; y: number[] } {
  return example(args);
}

/** The smooth target of the running example: 0.8 sin(x) + 0.35 cos(2x) - 0.2 sin(3x + 0.5). */
export function targetFunction(x: number): number {
  return target(x);
}

/**
 * float64 Monte Carlo oracle: a random MLP in NTK or standard parameterization built from the same
 * layer list as analyticKernels (architecture.ts), with its outputs and its empirical NTK
 * Theta_hat(x, x') = sum_theta df(x)/dtheta df(x')/dtheta (exact per-example gradients, backprop by hand).
 */
export function sampleMlp(spec: NetworkSpec & { width: number; inputDim: number }, rng: Rng): {
  forward(x: Matrix): number[];
  empiricalNtk(x1: Matrix, x2: Matrix): Matrix;
} {
  return sampleMlpNetwork(spec, rng);
}
export { kernelSpectrum, projectOnModes, modeFactor, predictedModeResiduals, nystromEigenfunctions, dominantFrequency, eigenspaceGroups, eigenspaceGap, type KernelSpectrum, type Dynamics as ModeDynamics } from './spectral';
