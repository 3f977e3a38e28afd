/**
 * vitest bench of the numerical core (`npm run bench`, project unit).
 * - Analytic NNGP + NTK of a depth-10 network for 256 x 256 inputs (the running example's
 *   circle embedding, one set against itself): ReLU and erf (closed forms), tanh (Gauss-Hermite
 *   quadrature via Mehler's expansion; the circle makes all variances equal, so one set of
 *   Hermite coefficients serves every entry), and tanh on the affine embedding (a different
 *   variance per input: the general per-pair path). Also ReLU between two different 256-point
 *   sets (no symmetry to exploit).
 * - GP inference for 200 train / 200 test points: NNGP posterior, trained-ensemble posterior
 *   at t = infinity and at t = 10, and the closed-form dynamics (one eigendecomposition, then
 *   predictions at 50 times).
 * The target for closed-form kernels is < 20 ms per call on this machine.
 */
import { bench, describe } from 'vitest';
import {
  analyticKernels, embedInputs, ensemblePosterior, gpPosterior, gradientDescentMse, runningExample, type Activation, type Matrix,
} from '../src/core';

const grid = (count: number, shift = 0) => Array.from({ length: count }, (_, k) => -Math.PI + shift + (2 * Math.PI * k) / (count - 1));
const circle256 = embedInputs(grid(256), 'circle');
const circle256b = embedInputs(grid(256, 0.01), 'circle');
const affine256 = embedInputs(grid(256), 'affine');
const spec = (activation: Activation) => ({ depth: 10, activation, weightVariance: 2, biasVariance: 0.1 });
const options = { time: 2000, warmupIterations: 3 };

describe('analytic NNGP + NTK, 256 x 256, depth 10', () => {
  bench('relu (closed form)', () => void analyticKernels(circle256, circle256, spec('relu')), options);
  bench('erf (closed form)', () => void analyticKernels(circle256, circle256, spec('erf')), options);
  bench('relu, two different sets (no symmetry)', () => void analyticKernels(circle256, circle256b, spec('relu')), options);
  bench('tanh (quadrature, equal variances)', () => void analyticKernels(circle256, circle256, spec('tanh')), options);
  bench('tanh (quadrature, per-input variances)', () => void analyticKernels(affine256, affine256, spec('tanh')), options);
});

const data = runningExample({ count: 200, seed: 1 });
const xTrain = embedInputs(data.x, 'circle');
const xTest = embedInputs(grid(200, 0.005), 'circle');
const kernelSpec = { depth: 3, activation: 'relu' as const, weightVariance: 2, biasVariance: 0.1 };
const tt = analyticKernels(xTrain, xTrain, kernelSpec);
const st = analyticKernels(xTest, xTrain, kernelSpec);
const ss = analyticKernels(xTest, xTest, kernelSpec);
const blocks = (k: 'nngp' | 'ntk'): { trainTrain: Matrix; testTrain: Matrix; testTest: Matrix } => ({ trainTrain: tt[k], testTrain: st[k], testTest: ss[k] });
const times = Array.from({ length: 50 }, (_, k) => 10 ** (-2 + (6 * k) / 49));

describe('GP inference, 200 train / 200 test', () => {
  bench('NNGP posterior (noise 1e-2)', () => void gpPosterior({ kTrainTrain: tt.nngp, kTestTrain: st.nngp, kTestTest: ss.nngp, yTrain: data.y, noise: 1e-2 }), options);
  bench('ensemble posterior, t = infinity', () => void ensemblePosterior({ nngp: blocks('nngp'), ntk: blocks('ntk'), yTrain: data.y, regularization: 1e-6 }), options);
  bench('ensemble posterior, t = 10', () => void ensemblePosterior({ nngp: blocks('nngp'), ntk: blocks('ntk'), yTrain: data.y, time: 10 }), options);
  bench('gradientDescentMse: setup + 50 predictions', () => {
    const d = gradientDescentMse({ ntkTrainTrain: tt.ntk, ntkTestTrain: st.ntk, yTrain: data.y, learningRate: 1 });
    for (const t of times) d.predict(t);
  }, options);
});
