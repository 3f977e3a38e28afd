/**
 * hero: the opening figure's computation. One MLP of width n and depth L,
 * trained by full-batch gradient descent on the running example, next to
 * the infinite-width prediction after the same number of steps t from the
 * same initial function f_0 (Lee et al. 2019, "Wide neural networks of any
 * depth evolve as linear models under gradient descent", arXiv 1902.06720).
 *
 * In the infinite-width limit the tangent kernel is the analytic NTK Theta
 * and stays fixed, so gradient descent with step eta on (1/2N) sum (f - y)^2
 * moves the function by kernel gradient descent,
 *
 *   f_{t+1}(x) = f_t(x) - (eta / N) Theta(x, X) (f_t(X) - y),
 *
 * whose closed form, with Theta(X, X) = V diag(lambda) V^T, is
 *
 *   f_t(x*) = f_0(x*) + Theta(x*, X) V diag(((1 - eta lambda / N)^t - 1) / lambda) V^T (f_0(X) - y).
 *
 * This is the discrete-time form, not gradient flow (core's
 * `gradientDescentMse`, with exp(-eta lambda t / N)): at eta = eta_max / 2 a
 * network step removes the top mode of the residual at once, while the flow
 * removes 63% of it by t = 1, a gap of O(1) over the first few steps that has
 * nothing to do with width. The recursion above is iterated in float64
 * alongside the network (O(N^2 + M N) per step for M grid points); the tests
 * check it against the closed form. The gap max_x |f_t(x) - f^ntk_t(x)| over
 * the drawing grid shrinks as the width grows (about like n^{-1/2}).
 *
 * Differences from `train-mlp`: the training set is the article's running
 * example with its own fixed seed (`dataSeed`), so a new network seed keeps
 * the points; the snapshot carries both train losses and the gap; the grid
 * prediction is computed only when a snapshot is taken (cached per step), not
 * at every chunk, which matters at width 2048+ where a forward pass on the
 * grid costs about as much as a training step. One unit = one gradient step.
 */
import * as tf from '@tensorflow/tfjs';
import { analyticKernels, embedInputs, maxLearningRate, type Matrix } from '../../core';
import type { ParamsOf } from '../../ui/params';
import { createMlp, createTrainer } from '../index';
import { halfMse } from '../measurements';
import { grid, matrixTensor, networkSpecOf, runningExampleSet, runningExampleMlpSpec } from './data';
import { round } from './fit';
import type { DataSummary, ExperimentDefinition, ExperimentSession } from './types';

export const heroSchema = {
  width: { kind: 'log', label: 'width n', min: 8, max: 4096, default: 2048, integer: true },
  depth: { kind: 'int', label: 'depth L', min: 1, max: 4, default: 1 },
  activation: { kind: 'enum', label: 'activation', options: ['relu', 'erf'], default: 'relu' },
  weightVariance: { kind: 'float', label: 'sigma_w^2', min: 0.1, max: 4, step: 0.05, default: 2 },
  biasVariance: { kind: 'float', label: 'sigma_b^2', min: 0, max: 2, step: 0.05, default: 0.1 },
  learningRateFraction: { kind: 'float', label: 'learning rate / max stable rate', min: 0.01, max: 1.5, step: 0.01, default: 0.5 },
  steps: { kind: 'int', label: 'gradient steps', min: 1, max: 100_000, default: 1000 },
  points: { kind: 'int', label: 'training points N', min: 2, max: 64, default: 16 },
  gridPoints: { kind: 'int', label: 'prediction points', min: 2, max: 400, default: 100 },
  dataSeed: { kind: 'int', label: 'seed of the training points', min: 0, max: 1_000_000, default: 0 },
  seed: { kind: 'int', label: 'seed of the network initialization', min: 0, max: 1_000_000, default: 1 },
  /** Not a model parameter: the widget bumps it to restart training from t = 0 with the same settings. */
  restart: { kind: 'int', label: 'restart counter (a change restarts training)', min: 0, max: 1_000_000_000, default: 0 },
} as const;

export type HeroParams = ParamsOf<typeof heroSchema>;

export interface HeroData {
  /** Gradient steps taken (t). */
  step: number;
  totalSteps: number;
  width: number;
  depth: number;
  /** Echo of the session's seed and restart counter, so a client can tell snapshots of an old session apart. */
  seed: number;
  restart: number;
  learningRate: number;
  /** (1/2N) sum (f_t(x_i) - y_i)^2 of the network; null before the first step. */
  trainLoss: number | null;
  /** The same loss for the infinite-width prediction at step t. */
  kernelTrainLoss: number;
  /** max over the grid of |f_t(x) - f^ntk_t(x)|; null once training diverged. */
  gapMax: number | null;
  /** Root mean square of f_t - f^ntk_t over the grid, divided by the RMS of f^ntk_t. */
  gapRelative: number | null;
  trainXs: number[];
  trainYs: number[];
  /** Raw inputs x in [-pi, pi] of the drawing grid. */
  grid: number[];
  /** Network prediction f_t on the grid (empty once training diverged). */
  prediction: number[];
  /** Infinite-width prediction f^ntk_t on the grid, from the network's own f_0. */
  kernelPrediction: number[];
  diverged: { step: number; reason: string } | null;
}

/** max |a - b| and sqrt(mean (a - b)^2) / sqrt(mean b^2). */
export function predictionGap(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; relative: number } {
  let max = 0, d2 = 0, b2 = 0;
  for (let i = 0; i < b.length; i++) {
    const d = a[i] - b[i];
    max = Math.max(max, Math.abs(d));
    d2 += d * d;
    b2 += b[i] * b[i];
  }
  return { max, relative: Math.sqrt(d2 / Math.max(b2, 1e-300)) };
}

/** The infinite-width model's state: f_t on the training inputs and on the grid (float64). */
export interface KernelDescent {
  train: Float64Array;
  test: Float64Array;
  /** Take k steps of f <- f - (eta / N) Theta(., X) (f(X) - y). */
  step(k: number): void;
}

/**
 * Kernel gradient descent with a fixed kernel, from f_0: the infinite-width
 * network's function after each gradient-descent step (see the file comment).
 */
export function createKernelDescent(args: {
  ntkTrainTrain: Matrix; ntkTestTrain: Matrix; yTrain: number[]; f0Train: ArrayLike<number>; f0Test: ArrayLike<number>; learningRate: number;
}): KernelDescent {
  const n = args.yTrain.length;
  const m = args.ntkTestTrain.length;
  const train = Float64Array.from(args.f0Train);
  const test = Float64Array.from(args.f0Test);
  const residual = new Float64Array(n);
  const scale = args.learningRate / n;
  return {
    train, test,
    step(k) {
      for (let s = 0; s < k; s++) {
        for (let j = 0; j < n; j++) residual[j] = scale * (train[j] - args.yTrain[j]);
        for (let i = 0; i < n; i++) {
          const row = args.ntkTrainTrain[i];
          let d = 0;
          for (let j = 0; j < n; j++) d += row[j] * residual[j];
          train[i] -= d;
        }
        for (let i = 0; i < m; i++) {
          const row = args.ntkTestTrain[i];
          let d = 0;
          for (let j = 0; j < n; j++) d += row[j] * residual[j];
          test[i] -= d;
        }
      }
    },
  };
}

async function createSession(p: HeroParams): Promise<ExperimentSession<HeroParams, HeroData>> {
  const spec = runningExampleMlpSpec(p);
  const set = runningExampleSet(p.points, p.dataSeed, 'circle');
  const gridXs = grid(p.gridPoints);
  const gridInputs = embedInputs(gridXs, 'circle');
  const coreSpec = networkSpecOf(spec);
  const trainTrain = analyticKernels(set.inputs, set.inputs, coreSpec).ntk;
  const gridTrain = analyticKernels(gridInputs, set.inputs, coreSpec).ntk;
  const eta = p.learningRateFraction * maxLearningRate(trainTrain);

  const x = matrixTensor(set.inputs);
  const y = tf.tensor1d(set.targets, 'float32');
  const xGrid = matrixTensor(gridInputs);
  const mlp = createMlp(spec);
  const trainer = createTrainer(mlp, { x, y, learningRate: eta });
  const f0Train = Array.from(trainer.predict(x));
  const f0Grid = Array.from(trainer.predict(xGrid));
  const kernel = createKernelDescent({
    ntkTrainTrain: trainTrain, ntkTestTrain: gridTrain, yTrain: set.targets, f0Train, f0Test: f0Grid, learningRate: eta,
  });

  let step = 0;
  let trainLoss: number | null = null;
  let diverged: HeroData['diverged'] = null;
  /** Grid prediction of the network, cached for the step it was computed at. */
  let cached: { step: number; values: number[] } = { step: 0, values: f0Grid };

  function networkOnGrid(): number[] {
    if (cached.step !== step) cached = { step, values: Array.from(trainer.predict(xGrid)) };
    return cached.values;
  }

  return {
    get totalUnits() { return p.steps; },
    // A diverged run has nothing left to do: report it finished.
    get unitsDone() { return diverged ? p.steps : step; },
    async step(units: number) {
      const k = Math.min(units, p.steps - step);
      if (k <= 0 || diverged) return;
      const report = trainer.step(k);
      kernel.step(report.step - step);
      step = report.step;
      trainLoss = report.trainLoss;
      if (report.diverged) diverged = report.diverged;
    },
    snapshot(): HeroData {
      const net = diverged ? [] : networkOnGrid();
      const gap = diverged ? null : predictionGap(net, kernel.test);
      return {
        step,
        totalSteps: p.steps,
        width: spec.width,
        depth: spec.depth,
        seed: p.seed,
        restart: p.restart,
        learningRate: round(eta),
        trainLoss: trainLoss === null ? null : round(trainLoss),
        kernelTrainLoss: round(halfMse(kernel.train, set.targets)),
        gapMax: gap ? round(gap.max) : null,
        gapRelative: gap ? round(gap.relative) : null,
        trainXs: set.xs.map((v) => round(v)),
        trainYs: set.targets.map((v) => round(v)),
        grid: gridXs.map((v) => round(v)),
        prediction: net.map((v) => round(v)),
        kernelPrediction: Array.from(kernel.test, (v) => round(v)),
        diverged,
      };
    },
    dispose() {
      trainer.dispose(); mlp.dispose();
      x.dispose(); y.dispose(); xGrid.dispose();
    },
  };
}

function summarize(d: HeroData): DataSummary {
  const rows = d.grid.map((g, i) => [g, d.prediction[i] ?? 'n/a', d.kernelPrediction[i]]);
  return {
    tables: [{
      title: `width ${d.width}, depth ${d.depth}: predictions after t = ${d.step} steps`,
      table: { columns: ['x', 'network f_t', 'infinite-width NTK prediction'], rows },
    }],
    notes: [
      `learning rate ${d.learningRate}; train loss: network ${d.trainLoss ?? 'n/a'}, NTK prediction ${d.kernelTrainLoss}`,
      `gap network vs NTK prediction: max ${d.gapMax ?? 'n/a'}, relative RMS ${d.gapRelative ?? 'n/a'}`,
      ...(d.diverged ? [`diverged at step ${d.diverged.step}: ${d.diverged.reason}`] : []),
    ],
  };
}

export const hero: ExperimentDefinition<typeof heroSchema, HeroData> = {
  name: 'hero',
  summary: 'The opening figure: an MLP trained live on the running example beside the infinite-width NTK prediction at the same step t.',
  schema: heroSchema,
  modelParameters: (p) => 3 * p.width + (p.depth - 1) * (p.width * p.width + p.width) + p.width + 1,
  createSession,
  summarize,
};
