/**
 * Data of the gp-posterior figure, from the numerical core only: exact GP
 * regression (Lee et al. 2018, NNGP; Görtler et al. 2019 for the picture)
 *   mean(x*) = K(x*, X) (K(X, X) + σ_n² I)⁻¹ y,
 *   cov(x*)  = K(x*, x*) − K(x*, X) (K(X, X) + σ_n² I)⁻¹ K(X, x*),
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
  /** Notes for the footer (length mismatch, numerical trouble). */
  problems: string[];
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
export function trainingPairs(p: GpPosteriorParams): { x: number[]; y: number[]; note: string | null } {
  const n = Math.min(p.trainX.length, p.trainY.length);
  const note = p.trainX.length === p.trainY.length ? null
    : `trainX has ${p.trainX.length} values and trainY ${p.trainY.length}: using the first ${n} pairs.`;
  return { x: p.trainX.slice(0, n), y: p.trainY.slice(0, n), note };
}

const sdOf = (cov: Matrix): number[] => cov.map((row, i) => Math.sqrt(Math.max(0, row[i])));

/** Sub-matrix of rows and columns `idx` (a marginal of the joint Gaussian). */
const pick = (cov: Matrix, idx: number[]): Matrix => idx.map((i) => idx.map((j) => cov[i][j]));

/** The parameters the kernel depends on, as a cache key. */
export function kernelKey(p: GpPosteriorParams): string {
  return p.kernel === 'rbf' ? `rbf|${p.lengthscale}` : `${p.kernel}|${p.depth}|${p.activation}|${p.weightVariance}|${p.biasVariance}`;
}

interface Posterior { mean: number[]; cov: Matrix; sd: number[]; atTrain: { mean: number[]; sd: number[] } }

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
  let value: Posterior;
  if (train.x.length === 0) {
    value = { mean: grid.map(() => 0), cov: kTestTest, sd: sdOf(kTestTest), atTrain: { mean: [], sd: [] } };
  } else {
    const kTrainTrain = kernelBetween(train.x, train.x, p);
    const kTestTrain = kernelBetween(grid, train.x, p);
    const post = gpPosterior({ kTrainTrain, kTestTrain, kTestTest, yTrain: train.y, noise: p.noise });
    const fit = gpPosterior({ kTrainTrain, kTestTrain: kTrainTrain, kTestTest: kTrainTrain, yTrain: train.y, noise: p.noise });
    value = { mean: post.mean, cov: post.covariance, sd: sdOf(post.covariance), atTrain: { mean: fit.mean, sd: sdOf(fit.covariance) } };
  }
  cache.posterior = { key: pKey, value };
  return value;
}

export function computeGp(p: GpPosteriorParams, cache: GpCache = {}, grid: number[] = xGrid()): GpData {
  const problems: string[] = [];
  const train = trainingPairs(p);
  if (train.note) problems.push(train.note);
  let post: Posterior;
  try {
    post = posteriorOf(p, grid, train, cache);
  } catch (err) {
    cache.posterior = undefined;
    problems.push(`The posterior could not be computed: ${err instanceof Error ? err.message : String(err)}`);
    return { x: grid, mean: [], sd: [], samples: [], sampleX: [], train, atTrain: { mean: [], sd: [] }, problems };
  }
  const { mean, cov, sd, atTrain } = post;
  if (!mean.every(Number.isFinite) || !sd.every(Number.isFinite)) problems.push('The posterior is not finite for these settings.');
  const sampleIdx = grid.map((_, i) => i).filter((i) => i % SAMPLE_STRIDE === 0);
  let samples: number[][] = [];
  if (p.samples > 0) {
    try {
      samples = sampleGaussian(sampleIdx.map((i) => mean[i]), pick(cov, sampleIdx), p.samples, createRng(p.seed));
    } catch {
      problems.push('Posterior samples could not be drawn (covariance not positive semi-definite).');
    }
  }
  if (!samples.every((s) => s.every(Number.isFinite))) {
    problems.push('Posterior samples are not finite; they are not drawn.');
    samples = [];
  }
  return { x: grid, mean, sd, samples, sampleX: sampleIdx.map((i) => grid[i]), train, atTrain, problems };
}
