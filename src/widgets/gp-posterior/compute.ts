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

/** Number of x positions where the posterior is evaluated and drawn. */
export const GRID_POINTS = 200;
export const X_RANGE: [number, number] = [-Math.PI, Math.PI];

export interface GpData {
  x: number[];
  mean: number[];
  /** Posterior standard deviation (of f, without observation noise). */
  sd: number[];
  samples: number[][];
  train: { x: number[]; y: number[] };
  /** Posterior mean and sd at the training inputs. */
  atTrain: { mean: number[]; sd: number[] };
  /** Notes for the footer (length mismatch, numerical trouble). */
  problems: string[];
}

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

/** The training pairs actually used: the shorter of the two lists decides. */
export function trainingPairs(p: GpPosteriorParams): { x: number[]; y: number[]; note: string | null } {
  const n = Math.min(p.trainX.length, p.trainY.length);
  const note = p.trainX.length === p.trainY.length ? null
    : `trainX has ${p.trainX.length} values and trainY ${p.trainY.length}: using the first ${n} pairs.`;
  return { x: p.trainX.slice(0, n), y: p.trainY.slice(0, n), note };
}

const sdOf = (cov: Matrix): number[] => cov.map((row, i) => Math.sqrt(Math.max(0, row[i])));

export function computeGp(p: GpPosteriorParams, grid: number[] = xGrid()): GpData {
  const problems: string[] = [];
  const train = trainingPairs(p);
  if (train.note) problems.push(train.note);
  const kTestTest = kernelBetween(grid, grid, p);
  let mean: number[];
  let cov: Matrix;
  let atTrain = { mean: [] as number[], sd: [] as number[] };
  if (train.x.length === 0) {
    mean = grid.map(() => 0);
    cov = kTestTest;
  } else {
    const kTrainTrain = kernelBetween(train.x, train.x, p);
    const kTestTrain = kernelBetween(grid, train.x, p);
    const post = gpPosterior({ kTrainTrain, kTestTrain, kTestTest, yTrain: train.y, noise: p.noise });
    mean = post.mean;
    cov = post.covariance;
    const fit = gpPosterior({ kTrainTrain, kTestTrain: kTrainTrain, kTestTest: kTrainTrain, yTrain: train.y, noise: p.noise });
    atTrain = { mean: fit.mean, sd: sdOf(fit.covariance) };
  }
  const sd = sdOf(cov);
  let samples: number[][] = [];
  if (p.samples > 0) samples = sampleGaussian(mean, cov, p.samples, createRng(p.seed));
  if (!mean.every(Number.isFinite) || !sd.every(Number.isFinite)) problems.push('The posterior is not finite for these settings.');
  if (!samples.every((s) => s.every(Number.isFinite))) {
    problems.push('Posterior samples are not finite; they are not drawn.');
    samples = [];
  }
  return { x: grid, mean, sd, samples, train: { x: train.x, y: train.y }, atTrain, problems };
}
