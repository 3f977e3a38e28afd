/**
 * The statistics behind the prior-samples figure, in plain float64 (no
 * TensorFlow.js, so the widget's main thread may import it too).
 *
 * Output of one random network at one input, exactly and cheaply. In the NTK
 * parameterization (READING.md), given the activations x^l of layer l at an
 * input x0, the n pre-activations of layer l + 1,
 *   h^{l+1}_j = (sigma_w / sqrt(n)) sum_k W_jk x^l_k + sigma_b b_j,
 * are independent N(0, sigma_w^2 |x^l|^2 / n + sigma_b^2): W^{l+1} and b^{l+1}
 * are independent of x^l. Drawing them layer by layer gives f(x0) with exactly
 * the distribution of a real width-n network's output at x0, for n L normal
 * draws instead of n^2 L weights. The figure uses it for its large readout
 * sample; the tests compare it with real networks.
 *
 * With S = sigma_w^2 |x^L|^2 / n + sigma_b^2 the output is f = sqrt(S) z, a
 * scale mixture of Gaussians, so E f^2 = E S and E f^4 = 3 E S^2: the excess
 * kurtosis is 3 Var(S) / (E S)^2 >= 0, zero only for the Gaussian limit.
 *  - Depth 1: S averages n independent terms, Var(S) = sigma_w^4 Var(phi(u)^2) / n with
 *    u ~ N(0, K^1(x0, x0)), so the excess kurtosis is exactly 3 sigma_w^4 Var(phi(u)^2) / (n K^2).
 *  - ReLU with sigma_b^2 = 0, any depth: S_l = S_{l-1} R_l with independent factors
 *    R_l = (sigma_w^2 / n) sum_j relu(z_j)^2 and E R^2 / (E R)^2 = 1 + 5/n, hence
 *    excess kurtosis = 3 ((1 + 5/n)^L - 1) ~ 15 L / n (Lee et al. 2018 for the limit).
 */
import { analyticKernels, createRng, embedInputs, type Rng } from '../../core';
import { erf, normalCdf } from '../../core/special-functions';

export type PriorActivation = 'relu' | 'erf' | 'tanh';

/** Points per drawn curve over [-pi, pi] (every 2 degrees). */
export const PRIOR_GRID_POINTS = 181;
/** Networks in the readout sample of f(x0). */
export const PRIOR_READOUT_SAMPLES = 4000;
/** Bins of the readout histogram over [-4 sigma, 4 sigma]; odd, so that 0 is a bin centre. */
export const HISTOGRAM_BINS = 41;
/** Half-width of the histogram range in units of sigma = sqrt(K(x0, x0)). */
export const HISTOGRAM_RANGE_SIGMAS = 4;

/** Evenly spaced raw inputs over [-pi, pi], both ends included. */
export function priorGrid(points: number = PRIOR_GRID_POINTS): number[] {
  return Array.from({ length: points }, (_, i) => -Math.PI + (2 * Math.PI * i) / (points - 1));
}

export interface PriorNetworkSpec {
  width: number;
  depth: number;
  activation: PriorActivation;
  weightVariance: number;
  biasVariance: number;
}

const PHI: Record<PriorActivation, (u: number) => number> = {
  relu: (u) => (u > 0 ? u : 0),
  erf,
  tanh: Math.tanh,
};

/** NNGP variance K(x, x) = K^{L+1}(x, x) at raw inputs x on the unit circle (core's analytic kernels). */
export function nngpDiagonal(xs: number[], spec: PriorNetworkSpec): number[] {
  const net = { depth: spec.depth, activation: spec.activation, weightVariance: spec.weightVariance, biasVariance: spec.biasVariance };
  return xs.map((x) => { const e = embedInputs([x]); return analyticKernels(e, e, net).nngp[0][0]; });
}

/** Variance of a first-layer pre-activation at an input of squared norm r2 in dimension n0: K^1(x0, x0). */
export function firstLayerVariance(spec: PriorNetworkSpec, r2: number, n0: number): number {
  return (spec.weightVariance * r2) / n0 + spec.biasVariance;
}

/**
 * Draws f(x0) of `count` independent random networks, layer by layer (see the
 * module comment). `q1` = K^1(x0, x0). Writes into `out` from `offset`.
 */
export function sampleOutputsAtInput(
  spec: PriorNetworkSpec, q1: number, count: number, rng: Rng, out: Float64Array = new Float64Array(count), offset = 0,
): Float64Array {
  const phi = PHI[spec.activation];
  const { width: n, depth, weightVariance: sw2, biasVariance: sb2 } = spec;
  for (let s = 0; s < count; s++) {
    let q = q1;
    for (let l = 0; l < depth; l++) {
      const sd = Math.sqrt(q);
      let sum = 0;
      for (let j = 0; j < n; j++) {
        const a = phi(sd * rng.normal());
        sum += a * a;
      }
      q = (sw2 * sum) / n + sb2;
    }
    out[offset + s] = Math.sqrt(q) * rng.normal();
  }
  return out;
}

/** E[g(u)] for u ~ N(0, q) by composite Simpson's rule on z in [-12, 12] (smooth or kinked g; error << 1e-8 here). */
function gaussianMean(g: (u: number) => number, q: number, intervals = 4800): number {
  const sd = Math.sqrt(q);
  const a = -12;
  const h = 24 / intervals;
  let sum = 0;
  for (let i = 0; i <= intervals; i++) {
    const z = a + i * h;
    const w = i === 0 || i === intervals ? 1 : i % 2 ? 4 : 2;
    sum += w * g(sd * z) * Math.exp(-0.5 * z * z);
  }
  return (sum * h) / 3 / Math.sqrt(2 * Math.PI);
}

/**
 * Exact excess kurtosis of f(x0) at finite width where a closed form exists
 * (depth 1, or ReLU with sigma_b^2 = 0; see the module comment), else null.
 */
export function theoryExcessKurtosis(spec: PriorNetworkSpec, q1: number): number | null {
  const n = spec.width;
  if (spec.activation === 'relu' && spec.biasVariance === 0) return 3 * ((1 + 5 / n) ** spec.depth - 1);
  if (spec.depth !== 1) return null;
  const phi = PHI[spec.activation];
  const m2 = gaussianMean((u) => phi(u) ** 2, q1);
  const m4 = gaussianMean((u) => phi(u) ** 4, q1);
  const k = spec.weightVariance * m2 + spec.biasVariance;
  return (3 * spec.weightVariance ** 2 * (m4 - m2 * m2)) / (n * k * k);
}

/** Sample variance (divisor m - 1) and excess kurtosis m4 / m2^2 - 3 (moments about the sample mean). */
export function moments(values: ArrayLike<number>): { mean: number; variance: number; excessKurtosis: number } {
  const m = values.length;
  if (m < 2) return { mean: m ? values[0] : NaN, variance: NaN, excessKurtosis: NaN };
  let mean = 0;
  for (let i = 0; i < m; i++) mean += values[i];
  mean /= m;
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < m; i++) {
    const d2 = (values[i] - mean) ** 2;
    s2 += d2;
    s4 += d2 * d2;
  }
  const m2 = s2 / m;
  return { mean, variance: s2 / (m - 1), excessKurtosis: m2 > 0 ? s4 / m / (m2 * m2) - 3 : NaN };
}

/** Kolmogorov-Smirnov distance sup_t |F_m(t) - Phi(t / sigma)| between the sample and N(0, sigma^2). */
export function ksDistanceToGaussian(values: ArrayLike<number>, sigma: number): number {
  const sorted = Float64Array.from(values).sort();
  const m = sorted.length;
  let d = 0;
  for (let i = 0; i < m; i++) {
    const c = normalCdf(sorted[i] / sigma);
    d = Math.max(d, (i + 1) / m - c, c - i / m);
  }
  return d;
}

/**
 * Noise floors for m Gaussian samples, for large m: the standard error of the
 * excess kurtosis, sqrt(24 / m); the mean KS distance, sqrt(pi / 2) ln 2 / sqrt(m)
 * (the mean of the Kolmogorov distribution); and its 95th percentile, 1.358 / sqrt(m).
 */
export function noiseFloors(m: number): { kurtosis: number; ks: number; ks95: number } {
  const r = Math.sqrt(m);
  return { kurtosis: Math.sqrt(24 / m), ks: (Math.sqrt(Math.PI / 2) * Math.LN2) / r, ks95: 1.358 / r };
}

export interface Histogram {
  /** Range [lo, hi] split into counts.length equal bins. */
  lo: number;
  hi: number;
  counts: number[];
  /** Values below lo and above hi (not in any bin). */
  below: number;
  above: number;
  total: number;
}

/** Counts of `values` in `bins` equal bins over [lo, hi] (the last bin closed). */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): Histogram {
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  const scale = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) below++;
    else if (v > hi) above++;
    else counts[Math.min(bins - 1, Math.floor((v - lo) * scale))]++;
  }
  return { lo, hi, counts, below, above, total: values.length };
}

/** Linear interpolation of a curve sampled at increasing `grid` points (clamped at the ends). */
export function valueAt(grid: ArrayLike<number>, curve: ArrayLike<number>, x: number): number {
  const g = grid.length;
  if (x <= grid[0]) return curve[0];
  if (x >= grid[g - 1]) return curve[g - 1];
  let lo = 0;
  let hi = g - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (grid[mid] <= x) lo = mid; else hi = mid;
  }
  const t = (x - grid[lo]) / (grid[hi] - grid[lo]);
  return curve[lo] + t * (curve[hi] - curve[lo]);
}

/** Identifies the networks of a session: every parameter except x0 (which only moves the marker). */
export function priorSignature(p: PriorNetworkSpec & { count: number; seed: number }): string {
  return [Math.round(p.width), p.depth, p.activation, p.weightVariance, p.biasVariance, p.count, p.seed].join('|');
}

/** The readout stream of a seed: independent of the drawn networks' seeds. */
export function readoutRng(seed: number): Rng {
  return createRng(seed).fork(0x5a3);
}
