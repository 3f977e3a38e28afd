/**
 * Data of the gp-posterior figure, from the numerical core only: exact GP
 * regression (Lee et al. 2018, NNGP; Görtler et al. 2019 for the picture)
 *   mean(x*) = K(x*, X) (K(X, X) + σ_ε² I)⁻¹ y,
 *   cov(x*)  = K(x*, x*) − K(x*, X) (K(X, X) + σ_ε² I)⁻¹ K(X, x*),
 * on a grid over [−π, π]. NNGP and NTK see the inputs on the unit circle
 * (cos x, sin x) (core's embedInputs), so they are periodic; the RBF kernel
 * sees x itself (lengthscale in the units of x) and is not.
 * With no training points the prior (mean 0, covariance K(x*, x*)) is shown.
 */
import {
  analyticKernels, createRng, embedInputs, gpPosterior, rbfKernel, sampleGaussian, type Matrix,
} from '../../core';
import type { GpPosteriorParams } from './schema';

/**
 * Number of x positions where the posterior is evaluated and drawn (odd, so
 * every other point — the sample grid — includes both ends).
 */
export const GRID_POINTS = 199;
/** Posterior samples are drawn on every SAMPLE_STRIDE-th grid point (100 points: an 8x cheaper Cholesky). */
export const SAMPLE_STRIDE = 2;
export const X_RANGE: [number, number] = [-Math.PI, Math.PI];

export interface GpData {
  x: number[];
  mean: number[];
  /** Posterior standard deviation (of f, without observation noise). */
  sd: number[];
  /** Posterior samples at `sampleX` (every SAMPLE_STRIDE-th grid point). */
  samples: number[][];
  sampleX: number[];
  train: { x: number[]; y: number[] };
  /** Posterior mean and sd at the training inputs. */
  atTrain: { mean: number[]; sd: number[] };
  /** Warnings for the footer (length mismatch, numerical trouble). */
  problems: string[];
  /** Facts worth a footer line that are not problems (e.g. jitter added to a singular K). */
  notes: string[];
}

/** Evenly spaced inputs over X_RANGE. */
export function xGrid(points = GRID_POINTS): number[] {
  const [lo, hi] = X_RANGE;
  return Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
}

/** Kernel matrix between inputs `a` and `b` for the widget's kernel choice. */
export function kernelBetween(a: number[], b: number[], p: GpPosteriorParams): Matrix {
  if (p.kernel === 'rbf') return rbfKernel(a.map((v) => [v]), b.map((v) => [v]), p.lengthscale);
  const k = analyticKernels(embedInputs(a), embedInputs(b), {
    depth: p.depth,
    activation: p.activation as 'relu' | 'erf' | 'tanh',
    weightVariance: p.weightVariance,
    biasVariance: p.biasVariance,
  });
  return p.kernel === 'ntk' ? k.ntk : k.nngp;
}

/**
 * K(grid, grid) for an evenly spaced grid, from its first row only.
 * All three kernels are stationary here: NNGP and NTK of inputs on the unit
 * circle depend only on x·x' = cos(x − x') (the norms are 1), and the RBF
 * only on |x − x'|. On a grid x_i = x_0 + i h both are functions of |i − j|,
 * so K is the symmetric Toeplitz matrix K_ij = K(x_0, x_|i−j|): one row of the
 * core's kernel instead of all m² entries (exact up to rounding of cos).
 */
export function gridGram(grid: number[], p: GpPosteriorParams): Matrix {
  const row = kernelBetween(grid.slice(0, 1), grid, p)[0];
  const m = grid.length;
  // Row i is row[i], row[i-1], ..., row[1], row[0], row[1], ..., row[m-1-i].
  const reversed = row.slice().reverse();
  return Array.from({ length: m }, (_, i) => reversed.slice(m - 1 - i, m - 1).concat(row.slice(0, m - i)));
}

/** The training pairs actually used: the shorter of the two lists decides. */
export function trainingPairs(p: Pick<GpPosteriorParams, 'trainX' | 'trainY'>): { x: number[]; y: number[]; note: string | null } {
  const n = Math.min(p.trainX.length, p.trainY.length);
  const values = (k: number): string => `${k} value${k === 1 ? '' : 's'}`;
  const note = p.trainX.length === p.trainY.length ? null
    : `trainX has ${values(p.trainX.length)} and trainY ${values(p.trainY.length)}: `
      + (n === 0 ? 'no training pairs to use.' : `using the first ${n === 1 ? 'pair' : `${n} pairs`}.`);
  return { x: p.trainX.slice(0, n), y: p.trainY.slice(0, n), note };
}

const sdOf = (cov: Matrix): number[] => cov.map((row, i) => Math.sqrt(Math.max(0, row[i])));

/** Sub-matrix of rows and columns `idx` (a marginal of the joint Gaussian). */
const pick = (cov: Matrix, idx: number[]): Matrix => idx.map((i) => idx.map((j) => cov[i][j]));

/** The parameters the kernel depends on, as a cache key. */
export function kernelKey(p: GpPosteriorParams): string {
  return p.kernel === 'rbf' ? `rbf|${p.lengthscale}` : `${p.kernel}|${p.depth}|${p.activation}|${p.weightVariance}|${p.biasVariance}`;
}

interface Posterior {
  mean: number[]; cov: Matrix; sd: number[]; atTrain: { mean: number[]; sd: number[] };
  /** Largest prior variance on the grid: the scale of rounding errors in `cov`. */
  priorScale: number;
  /** Jitter the Cholesky of K(X, X) + σ_ε² I needed (0 if none). */
  jitter: number;
}

/**
 * Last results, so a change of seed or sample count only redraws samples and
 * an edit of the training set reuses K(grid, grid). One per widget instance.
 */
export interface GpCache {
  gram?: { key: string; value: Matrix };
  posterior?: { key: string; value: Posterior };
}

function posteriorOf(p: GpPosteriorParams, grid: number[], train: { x: number[]; y: number[] }, cache: GpCache): Posterior {
  const kKey = kernelKey(p);
  const pKey = `${kKey}|${train.x.join(',')}|${train.y.join(',')}|${p.noise}|${grid.length}`;
  if (cache.posterior?.key === pKey) return cache.posterior.value;
  if (cache.gram?.key !== `${kKey}|${grid.length}`) cache.gram = { key: `${kKey}|${grid.length}`, value: gridGram(grid, p) };
  const kTestTest = cache.gram.value;
  const priorScale = Math.max(0, ...kTestTest.map((row, i) => row[i]).filter(Number.isFinite));
  let value: Posterior;
  if (train.x.length === 0) {
    value = { mean: grid.map(() => 0), cov: kTestTest, sd: sdOf(kTestTest), atTrain: { mean: [], sd: [] }, priorScale, jitter: 0 };
  } else {
    const kTrainTrain = kernelBetween(train.x, train.x, p);
    const kTestTrain = kernelBetween(grid, train.x, p);
    const post = gpPosterior({ kTrainTrain, kTestTrain, kTestTest, yTrain: train.y, noise: p.noise });
    const fit = gpPosterior({ kTrainTrain, kTestTrain: kTrainTrain, kTestTest: kTrainTrain, yTrain: train.y, noise: p.noise });
    value = {
      mean: post.mean, cov: post.covariance, sd: sdOf(post.covariance), atTrain: { mean: fit.mean, sd: sdOf(fit.covariance) },
      priorScale, jitter: post.jitter,
    };
  }
  cache.posterior = { key: pKey, value };
  return value;
}

/**
 * Relative diagonal jitters tried when the posterior covariance cannot be
 * factorized for sampling. They are relative to the largest PRIOR variance:
 * the posterior covariance K** − Vᵀ V is a difference of O(prior) terms, so its
 * rounding errors are of that size even where the posterior variance itself is
 * ~1e-12 (dense data, noise 0) — the core's jitter, relative to the posterior's
 * own tiny diagonal, cannot reach them. 1e-6 of the prior variance is a
 * standard deviation of 0.1% of the prior's: invisible in the plot.
 */
export const SAMPLE_JITTERS = [1e-10, 1e-8, 1e-6] as const;

/** Posterior samples, adding a prior-scaled jitter if the covariance is numerically indefinite. Same seed, same draws. */
export function drawSamples(mean: number[], cov: Matrix, count: number, seed: number, priorScale: number): number[][] {
  try {
    return sampleGaussian(mean, cov, count, createRng(seed));
  } catch (err) {
    for (const rel of SAMPLE_JITTERS) {
      const shifted = cov.map((row, i) => row.map((v, j) => (i === j ? v + rel * priorScale : v)));
      try { return sampleGaussian(mean, shifted, count, createRng(seed)); } catch { /* try a larger jitter */ }
    }
    throw err;
  }
}

export function computeGp(p: GpPosteriorParams, cache: GpCache = {}, grid: number[] = xGrid()): GpData {
  const problems: string[] = [];
  const notes: string[] = [];
  const train = trainingPairs(p);
  if (train.note) problems.push(train.note);
  let post: Posterior;
  try {
    post = posteriorOf(p, grid, train, cache);
  } catch (err) {
    cache.posterior = undefined;
    problems.push(`The posterior could not be computed: ${err instanceof Error ? err.message : String(err)}`);
    return { x: grid, mean: [], sd: [], samples: [], sampleX: [], train, atTrain: { mean: [], sd: [] }, problems, notes };
  }
  const { mean, cov, sd, atTrain } = post;
  if (!mean.every(Number.isFinite) || !sd.every(Number.isFinite)) problems.push('The posterior is not finite for these settings.');
  if (post.jitter > 0) {
    notes.push('K(X, X) + σ_ε² I is numerically singular (training inputs too close together for this noise): '
      + `a jitter of ${post.jitter.toExponential(1)} was added to its diagonal.`);
  }
  const sampleIdx = grid.map((_, i) => i).filter((i) => i % SAMPLE_STRIDE === 0);
  let samples: number[][] = [];
  if (p.samples > 0) {
    try {
      samples = drawSamples(sampleIdx.map((i) => mean[i]), pick(cov, sampleIdx), p.samples, p.seed, post.priorScale);
    } catch {
      problems.push('Posterior samples could not be drawn (covariance not positive semi-definite).');
    }
  }
  if (!samples.every((s) => s.every(Number.isFinite))) {
    problems.push('Posterior samples are not finite; they are not drawn.');
    samples = [];
  }
  return { x: grid, mean, sd, samples, sampleX: sampleIdx.map((i) => grid[i]), train, atTrain, problems, notes };
}
