/**
 * train-mlp: one network trained by full-batch gradient descent on the
 * running example, next to the prediction of the infinite-width model at the
 * same time t (Lee et al. 2019): the linear model with the analytic NTK,
 * started from the network's own initial function f_0,
 *   f_t(x*) = f_0(x*) + Theta(x*, X) V diag(expm1(-eta lambda t / N) / lambda) V^T (f_0(X) - y)
 * (core's `gradientDescentMse`). One unit of work is one gradient step; the
 * hero widget and the worker tests use it.
 */
import * as tf from '@tensorflow/tfjs';
import { analyticKernels, embedInputs, gradientDescentMse, maxLearningRate, targetFunction } from '../../core';
import type { ParamsOf } from '../../ui/params';
import { createMlp, createTrainer } from '../index';
import { grid, matrixTensor, networkSpecOf, runningExampleSet, runningExampleMlpSpec } from './data';
import { round } from './fit';
import type { DataSummary, ExperimentDefinition, ExperimentSession } from './types';

export const trainMlpSchema = {
  width: { kind: 'log', label: 'width n', min: 8, max: 4096, default: 256, integer: true },
  depth: { kind: 'int', label: 'depth L', min: 1, max: 4, default: 1 },
  activation: { kind: 'enum', label: 'activation', options: ['relu', 'erf', 'tanh'], default: 'relu' },
  weightVariance: { kind: 'float', label: 'sigma_w^2', min: 0.1, max: 4, step: 0.05, default: 2 },
  biasVariance: { kind: 'float', label: 'sigma_b^2', min: 0, max: 2, step: 0.05, default: 0.1 },
  learningRateFraction: { kind: 'float', label: 'learning rate / max stable rate', min: 0.01, max: 1.5, step: 0.01, default: 0.5 },
  steps: { kind: 'int', label: 'gradient steps', min: 1, max: 100_000, default: 1000 },
  points: { kind: 'int', label: 'training points N', min: 2, max: 64, default: 16 },
  gridPoints: { kind: 'int', label: 'prediction points', min: 2, max: 400, default: 100 },
  embedding: { kind: 'enum', label: 'input embedding', options: ['circle', 'affine'], default: 'circle' },
  seed: { kind: 'int', label: 'seed', min: 0, max: 1_000_000, default: 0 },
} as const;

export type TrainMlpParams = ParamsOf<typeof trainMlpSchema>;

export interface TrainMlpData {
  step: number;
  learningRate: number;
  trainLoss: number | null;
  testLoss: number | null;
  trainXs: number[];
  trainYs: number[];
  /** Raw inputs of the prediction grid. */
  grid: number[];
  /** Network prediction on the grid. */
  prediction: number[];
  /** Infinite-width (analytic NTK, linearized) prediction at the same time, from the same f_0. */
  kernelPrediction: number[];
  diverged: { step: number; reason: string } | null;
}

async function createSession(p: TrainMlpParams): Promise<ExperimentSession<TrainMlpParams, TrainMlpData>> {
  const spec = runningExampleMlpSpec(p);
  const embedding = p.embedding as 'circle' | 'affine';
  const set = runningExampleSet(p.points, p.seed, embedding);
  const gridXs = grid(p.gridPoints);
  const gridInputs = embedInputs(gridXs, embedding);
  const coreSpec = networkSpecOf(spec);
  const trainTrain = analyticKernels(set.inputs, set.inputs, coreSpec).ntk;
  const gridTrain = analyticKernels(gridInputs, set.inputs, coreSpec).ntk;
  const etaMax = maxLearningRate(trainTrain);
  const eta = p.learningRateFraction * etaMax;

  const x = matrixTensor(set.inputs);
  const y = tf.tensor1d(set.targets, 'float32');
  const xGrid = matrixTensor(gridInputs);
  const yGrid = tf.tensor1d(gridXs.map(targetFunction), 'float32');
  const mlp = createMlp(spec);
  const trainer = createTrainer(mlp, { x, y, learningRate: eta, xTest: xGrid, yTest: yGrid });
  const f0Train = Array.from(trainer.predict(x));
  const f0Test = Array.from(trainer.predict(xGrid));
  const dynamics = gradientDescentMse({
    ntkTrainTrain: trainTrain, ntkTestTrain: gridTrain, yTrain: set.targets, f0Train, f0Test, learningRate: eta,
  });

  let step = 0;
  let trainLoss: number | null = null;
  let testLoss: number | null = null;
  let diverged: TrainMlpData['diverged'] = null;

  return {
    get totalUnits() { return p.steps; },
    get unitsDone() { return step; },
    async step(units: number) {
      const k = Math.min(units, p.steps - step);
      if (k <= 0) return;
      if (diverged) { step += k; return; }
      const report = trainer.step(k);
      step += k;
      trainLoss = report.trainLoss;
      testLoss = report.testLoss ?? null;
      if (report.diverged) diverged = report.diverged;
    },
    snapshot(): TrainMlpData {
      const prediction = diverged ? gridXs.map(() => NaN) : Array.from(trainer.predict(xGrid), (v) => round(v));
      return {
        step, learningRate: round(eta),
        trainLoss: trainLoss === null ? null : round(trainLoss),
        testLoss: testLoss === null ? null : round(testLoss),
        trainXs: set.xs.map((v) => round(v)), trainYs: set.targets.map((v) => round(v)),
        grid: gridXs.map((v) => round(v)),
        prediction,
        kernelPrediction: dynamics.predict(step).test.map((v) => round(v)),
        diverged,
      };
    },
    dispose() {
      trainer.dispose(); mlp.dispose();
      x.dispose(); y.dispose(); xGrid.dispose(); yGrid.dispose();
    },
  };
}

function summarize(d: TrainMlpData): DataSummary {
  const rows = d.grid.map((g, i) => [g, d.prediction[i], d.kernelPrediction[i]]);
  return {
    tables: [{ title: `predictions after ${d.step} steps`, table: { columns: ['x', 'network', 'NTK (infinite width)'], rows } }],
    notes: [
      `learning rate ${d.learningRate}; train loss ${d.trainLoss ?? 'n/a'}; test loss ${d.testLoss ?? 'n/a'}`,
      ...(d.diverged ? [`diverged at step ${d.diverged.step}: ${d.diverged.reason}`] : []),
    ],
  };
}

export const trainMlp: ExperimentDefinition<typeof trainMlpSchema, TrainMlpData> = {
  name: 'train-mlp',
  summary: 'One MLP trained by gradient descent on the running example, beside the infinite-width NTK prediction at the same step.',
  schema: trainMlpSchema,
  modelParameters: (p) => 2 * p.width + (p.depth - 1) * p.width * p.width + p.width,
  createSession,
  summarize,
};
