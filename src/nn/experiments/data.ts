/**
 * The article's running example as network inputs, and float64 kernel
 * comparisons against core's analytic oracle.
 */
import * as tf from '@tensorflow/tfjs';
import { analyticKernels, embedInputs, runningExample, type Matrix, type NetworkSpec } from '../../core';
import type { MlpSpec } from '../index';

export type Embedding = 'circle' | 'affine';

/** Training set of the running example: raw x in [-pi, pi], embedded 2-D inputs, targets. */
export interface RunningExampleSet {
  xs: number[];
  inputs: Matrix;
  targets: number[];
}

/** `count` points of the running example (core's seeded sampler), embedded for the network. */
export function runningExampleSet(count: number, seed: number, embedding: Embedding): RunningExampleSet {
  const { x, y } = runningExample({ count, seed });
  return { xs: x, inputs: embedInputs(x, embedding), targets: y };
}

/** Evenly spaced raw inputs over [-pi, pi] (for drawing predictions). */
export function grid(points: number): number[] {
  if (points < 2) return [0];
  return Array.from({ length: points }, (_, i) => -Math.PI + (2 * Math.PI * i) / (points - 1));
}

/** Rows as a float32 tensor [rows, cols]. */
export function matrixTensor(m: Matrix): tf.Tensor2D {
  return tf.tensor2d(m.map((row) => Array.from(row)), [m.length, m[0]?.length ?? 0], 'float32');
}

/** Parameters every training experiment on the running example shares. */
export interface NetworkParams { width: number; depth: number; activation: string; weightVariance: number; biasVariance: number; seed: number }

/** The engine MLP for the running example (2-D embedded inputs, NTK parameterization). */
export function runningExampleMlpSpec(p: NetworkParams): MlpSpec {
  return {
    inputDim: 2, width: Math.round(p.width), depth: p.depth, activation: p.activation as MlpSpec['activation'],
    weightVariance: p.weightVariance, biasVariance: p.biasVariance, parameterization: 'ntk', seed: p.seed,
  };
}

/** The core network spec (analytic oracle) of an engine MLP spec: same activation, variances, depth. */
export function networkSpecOf(spec: MlpSpec): NetworkSpec {
  return {
    depth: spec.depth,
    activation: spec.activation,
    weightVariance: spec.weightVariance,
    biasVariance: spec.biasVariance,
    parameterization: spec.parameterization,
    width: spec.width,
  };
}

/** Analytic (infinite-width) NTK and NNGP of a spec between rows of x1 and x2. */
export function analyticOracle(spec: MlpSpec, x1: Matrix, x2: Matrix = x1): { ntk: Matrix; nngp: Matrix } {
  return analyticKernels(x1, x2, networkSpecOf(spec));
}

/**
 * Relative Frobenius distance ||A - B||_F / ||B||_F in float64, with A a
 * row-major float32 array of B's shape (an empirical kernel read from tfjs).
 */
export function relativeFrobeniusError(empirical: ArrayLike<number>, exact: Matrix): number {
  let diff = 0;
  let norm = 0;
  const cols = exact[0]?.length ?? 0;
  if (empirical.length !== exact.length * cols) {
    throw new RangeError(`kernel sizes differ: ${empirical.length} vs ${exact.length}x${cols}`);
  }
  for (let i = 0; i < exact.length; i++) {
    for (let j = 0; j < cols; j++) {
      const b = exact[i][j];
      const d = empirical[i * cols + j] - b;
      diff += d * d;
      norm += b * b;
    }
  }
  return Math.sqrt(diff / norm);
}

/** A row-major array as rows (plain numbers, rounded for transport). */
export function toRows(values: ArrayLike<number>, rows: number, cols: number, digits = 6): Matrix {
  return Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => Number(values[i * cols + j].toPrecision(digits))));
}
