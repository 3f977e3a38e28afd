/**
 * linearized-training: three predictions on the running example at the same
 * step t of full-batch gradient descent on L = (1/2N) sum (f - y)^2
 * (Lee et al. 2019, "Wide neural networks of any depth evolve as linear
 * models under gradient descent", arXiv 1902.06720):
 *
 *  - the real network f_t, trained with the engine's trainer;
 *  - its linearization f_lin(x; theta) = f_0(x) + J_0(x)(theta - theta_0),
 *    trained with the same eta; in function space every step is exactly
 *      f_lin(x) <- f_lin(x) - (eta / N) Theta_0(x, X) (f_lin(X) - y)
 *    with the network's own empirical kernel Theta_0 (engine's createLinearized);
 *  - the closed-form gradient flow with the analytic NTK Theta and the
 *    network's own f_0 (core's gradientDescentMse):
 *      f_t(x*) = f_0(x*) + Theta(x*, X) V diag(expm1(-eta lambda t / N) / lambda) V^T (f_0(X) - y),
 *    and the same formula with the empirical Theta_0 ("flowEmpirical").
 *
 * The learning rate is a fraction of eta_max = 2N / lambda_max of the analytic
 * NTK on the training inputs (width-independent in the NTK parameterization).
 * Predictions and losses are recorded at about `records` log-spaced steps
 * (0, 1, 2, ..., steps) so a widget can scrub time without recomputing. The
 * closed forms are known in advance and filled for every recorded step at
 * start; the network and its linearization fill in as they train.
 *
 * Divergence: the network stops when its loss is not finite or exceeds 1e6 x
 * its initial loss (the trainer's rule); the linearization is checked after
 * every step with the same rule. A diverged model's later records are null,
 * never NaN. Gradient flow (continuous time) converges for every eta > 0;
 * only the discrete steps have a maximum stable rate.
 *
 * One unit of work = one gradient step of both the network and its linearization.
 */
import * as tf from '@tensorflow/tfjs';
import { analyticKernels, embedInputs, gradientDescentMse, maxLearningRate, targetFunction, type Matrix } from '../../core';
import type { ParamsOf } from '../../ui/params';
import { createLinearized, createMlp, createTrainer, halfMse, type StepReport } from '../index';
import { grid, matrixTensor, networkSpecOf, runningExampleSet, toRows, runningExampleMlpSpec } from './data';
import { round } from './fit';
import type { DataSummary, ExperimentDefinition, ExperimentSession } from './types';

export const linearizedTrainingSchema = {
  width: { kind: 'log', label: 'width n', min: 8, max: 4096, default: 512, integer: true },
  depth: { kind: 'int', label: 'depth L', min: 1, max: 4, default: 1 },
  activation: { kind: 'enum', label: 'activation', options: ['relu', 'erf', 'tanh'], default: 'relu' },
  weightVariance: { kind: 'float', label: 'sigma_w^2', min: 0.1, max: 4, step: 0.05, default: 2 },
  biasVariance: { kind: 'float', label: 'sigma_b^2', min: 0, max: 1, step: 0.01, default: 0.1 },
  learningRate: {
    kind: 'float', label: 'learning rate / eta_max', min: 0.05, max: 2.5, step: 0.05, default: 0.5,
    description: 'eta as a fraction of eta_max = 2N / lambda_max of the analytic NTK; above 1 gradient descent diverges.',
  },
  steps: { kind: 'log', label: 'gradient steps', min: 10, max: 10_000, default: 1000, integer: true },
  points: { kind: 'int', label: 'training points N', min: 2, max: 32, default: 16 },
  gridPoints: { kind: 'int', label: 'prediction points', min: 11, max: 401, default: 101 },
  records: { kind: 'int', label: 'recorded steps (log-spaced)', min: 10, max: 200, default: 80 },
  dataSeed: { kind: 'int', label: 'seed of the training points', min: 0, max: 1_000_000, default: 0 },
  seed: { kind: 'int', label: 'seed of the network initialization', min: 0, max: 1_000_000, default: 1 },
  restart: {
    kind: 'int', label: 'restart counter', min: 0, max: 1_000_000_000, default: 0,
    description: 'Echoed in the data; a new value restarts training with the same parameters (widgets use it for reset).',
  },
} as const;

export type LinearizedTrainingParams = ParamsOf<typeof linearizedTrainingSchema>;

/** One model's history at the recorded steps (arrays aligned with `recordSteps`). */
export interface ModelTrace {
  /** Prediction on the grid; null where not reached yet or after divergence. */
  test: (number[] | null)[];
  /** (1/2N) sum over the training points of (f - y)^2. */
  trainLoss: (number | null)[];
  /** (1/2M) sum over the grid of (f - target)^2, against the noise-free target. */
  testLoss: (number | null)[];
}

export interface Divergence { step: number; reason: string }

export interface LinearizedTrainingData {
  /** Echo of the parameters that define the session (widgets drop snapshots of an older session). */
  width: number;
  depth: number;
  seed: number;
  restart: number;
  /** Steps trained so far. */
  step: number;
  totalSteps: number;
  /** Steps at which predictions are recorded: 0, 1, 2, ... up to totalSteps, log-spaced. */
  recordSteps: number[];
  /** Number of recordSteps the network and the linearization have reached. */
  recorded: number;
  /** eta (absolute) and eta / eta_max. */
  learningRate: number;
  learningRateFraction: number;
  /** 2N / lambda_max of the analytic NTK Theta(X, X). */
  etaMax: number;
  /** 2N / lambda_max of this network's empirical Theta_0(X, X). */
  etaMaxEmpirical: number;
  trainXs: number[];
  trainYs: number[];
  grid: number[];
  /** Noise-free target on the grid. */
  target: number[];
  network: ModelTrace;
  linearized: ModelTrace;
  /** Closed-form gradient flow, analytic NTK, network's own f_0 (complete from the start). */
  flow: ModelTrace;
  /** Closed-form gradient flow with the empirical Theta_0 (complete from the start). */
  flowEmpirical: ModelTrace;
  /** RMS over the grid of f_t - f_lin_t at each recorded step (null where either is missing). */
  gap: (number | null)[];
  /** Largest recorded gap so far (sup over t, as in Lee et al. 2019, Theorem 2.1). */
  maxGap: number | null;
  diverged: { network: Divergence | null; linearized: Divergence | null };
}

/** 0 and about `count - 1` log-spaced integers from 1 to `steps` (distinct, ascending, ending at steps). */
export function recordSteps(steps: number, count: number): number[] {
  const out = new Set<number>([0]);
  const k = Math.max(1, count - 1);
  for (let i = 0; i < k; i++) out.add(Math.round(Math.exp((Math.log(steps) * i) / Math.max(1, k - 1))));
  out.add(steps);
  return [...out].filter((s) => s <= steps).sort((a, b) => a - b);
}

/** Root mean square of a - b. */
export function rmsGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}

const DIVERGENCE_FACTOR = 1e6;
const roundAll = (v: ArrayLike<number>): number[] => Array.from(v, (x) => round(x));

function emptyTrace(length: number): ModelTrace {
  return { test: Array(length).fill(null), trainLoss: Array(length).fill(null), testLoss: Array(length).fill(null) };
}

/** Closed-form gradient flow at every recorded step. */
function flowTrace(
  kernels: { trainTrain: Matrix; testTrain: Matrix }, y: number[], target: number[],
  f0: { train: number[]; test: number[] }, eta: number, steps: number[],
): ModelTrace {
  const dynamics = gradientDescentMse({
    ntkTrainTrain: kernels.trainTrain, ntkTestTrain: kernels.testTrain, yTrain: y,
    f0Train: f0.train, f0Test: f0.test, learningRate: eta,
  });
  const trace = emptyTrace(steps.length);
  steps.forEach((t, i) => {
    const { train, test } = dynamics.predict(t);
    trace.test[i] = roundAll(test);
    trace.trainLoss[i] = round(halfMse(train, y));
    trace.testLoss[i] = round(halfMse(test, target));
  });
  return trace;
}

function lossTooLarge(loss: number, initial: number): boolean {
  return !Number.isFinite(loss) || loss > DIVERGENCE_FACTOR * Math.max(initial, 1e-6);
}

async function createSession(p: LinearizedTrainingParams): Promise<ExperimentSession<LinearizedTrainingParams, LinearizedTrainingData>> {
  const spec = runningExampleMlpSpec(p);
  const set = runningExampleSet(p.points, p.dataSeed, 'circle');
  const gridXs = grid(p.gridPoints);
  const gridInputs = embedInputs(gridXs, 'circle');
  const target = gridXs.map(targetFunction);
  const coreSpec = networkSpecOf(spec);
  const analytic = {
    trainTrain: analyticKernels(set.inputs, set.inputs, coreSpec).ntk,
    testTrain: analyticKernels(gridInputs, set.inputs, coreSpec).ntk,
  };
  const etaMax = maxLearningRate(analytic.trainTrain);
  const eta = p.learningRate * etaMax;
  const steps = Math.round(p.steps);
  const plan = recordSteps(steps, p.records);

  const x = matrixTensor(set.inputs);
  const y = tf.tensor1d(set.targets, 'float32');
  const xGrid = matrixTensor(gridInputs);
  const yGrid = tf.tensor1d(target, 'float32');
  const mlp = createMlp(spec);
  // The linearization reads Theta_0 and f_0 now, before the network trains.
  const lin = createLinearized(mlp, x, y, xGrid, eta);
  const trainer = createTrainer(mlp, { x, y, learningRate: eta, xTest: xGrid, yTest: yGrid, divergenceFactor: DIVERGENCE_FACTOR });
  const f0 = { train: Array.from(lin.predictTrain()), test: Array.from(lin.predictTest()) };
  const empirical = lin.kernels();
  const n = set.targets.length;
  const empiricalKernels = {
    trainTrain: toRows(empirical.trainTrain, n, n, 17),
    testTrain: toRows(empirical.testTrain, gridXs.length, n, 17),
  };
  const etaMaxEmpirical = maxLearningRate(empiricalKernels.trainTrain);
  const flow = flowTrace(analytic, set.targets, target, f0, eta, plan);
  const flowEmpirical = flowTrace(empiricalKernels, set.targets, target, f0, eta, plan);

  const network = emptyTrace(plan.length);
  const linearized = emptyTrace(plan.length);
  const gap: (number | null)[] = Array(plan.length).fill(null);
  let maxGap: number | null = null;
  let step = 0;
  let next = 0;
  let netReport: StepReport = trainer.step(0);
  let netDiverged: Divergence | null = netReport.diverged ?? null;
  let linTrain: ArrayLike<number> = lin.predictTrain();
  const linLoss0 = halfMse(linTrain, set.targets);
  let linDiverged: Divergence | null = null;

  const advance = (k: number): void => {
    if (!netDiverged) {
      netReport = trainer.step(k);
      if (netReport.diverged) netDiverged = { ...netReport.diverged };
    }
    for (let i = 0; i < k && !linDiverged; i++) {
      lin.step(1);
      linTrain = lin.predictTrain();
      const loss = halfMse(linTrain, set.targets);
      if (lossTooLarge(loss, linLoss0)) {
        linDiverged = {
          step: lin.steps,
          reason: Number.isFinite(loss) ? `loss ${loss.toExponential(3)} exceeds ${DIVERGENCE_FACTOR} x the initial loss` : `loss is ${loss}`,
        };
      }
    }
  };

  const record = (i: number): void => {
    let netTest: number[] | null = null;
    if (!netDiverged) {
      netTest = roundAll(trainer.predict(xGrid));
      network.test[i] = netTest;
      network.trainLoss[i] = round(netReport.trainLoss);
      network.testLoss[i] = netReport.testLoss === undefined ? null : round(netReport.testLoss);
    }
    let linTest: number[] | null = null;
    if (!linDiverged) {
      linTest = roundAll(lin.predictTest());
      linearized.test[i] = linTest;
      linearized.trainLoss[i] = round(halfMse(linTrain, set.targets));
      linearized.testLoss[i] = round(halfMse(linTest, target));
    }
    if (netTest && linTest) {
      gap[i] = round(rmsGap(netTest, linTest));
      maxGap = Math.max(maxGap ?? 0, gap[i]!);
    }
  };

  record(0);
  next = 1;

  return {
    get totalUnits() { return steps; },
    get unitsDone() { return step; },
    async step(units: number) {
      let left = Math.min(units, steps - step);
      while (left > 0 && next < plan.length) {
        const k = Math.min(left, plan[next] - step);
        if (netDiverged && linDiverged) {
          // Nothing left to train: jump to the end; later records stay null.
          step += left;
          left = 0;
          while (next < plan.length && plan[next] <= step) next++;
          break;
        }
        advance(k);
        step += k;
        left -= k;
        if (step === plan[next]) { record(next); next++; }
      }
    },
    snapshot(): LinearizedTrainingData {
      return {
        width: spec.width, depth: spec.depth, seed: spec.seed, restart: p.restart,
        step, totalSteps: steps, recordSteps: plan, recorded: next,
        learningRate: round(eta), learningRateFraction: p.learningRate,
        etaMax: round(etaMax), etaMaxEmpirical: round(etaMaxEmpirical),
        trainXs: roundAll(set.xs), trainYs: roundAll(set.targets),
        grid: roundAll(gridXs), target: roundAll(target),
        network, linearized, flow, flowEmpirical, gap, maxGap,
        diverged: { network: netDiverged, linearized: linDiverged },
      };
    },
    dispose() {
      trainer.dispose(); lin.dispose(); mlp.dispose();
      x.dispose(); y.dispose(); xGrid.dispose(); yGrid.dispose();
    },
  };
}

function lastIndex<T>(values: (T | null)[]): number {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return i;
  return -1;
}

function summarize(d: LinearizedTrainingData): DataSummary {
  const rows = d.recordSteps.map((s, i) => [
    s, d.network.trainLoss[i] ?? 'n/a', d.linearized.trainLoss[i] ?? 'n/a', d.flow.trainLoss[i] ?? 'n/a',
    d.network.testLoss[i] ?? 'n/a', d.linearized.testLoss[i] ?? 'n/a', d.flow.testLoss[i] ?? 'n/a', d.gap[i] ?? 'n/a',
  ]);
  const last = lastIndex(d.gap);
  const notes = [
    `eta = ${d.learningRate} = ${d.learningRateFraction} x eta_max; eta_max = 2N/lambda_max = ${d.etaMax} (analytic NTK), ${d.etaMaxEmpirical} (this network's Theta_0)`,
    `RMS gap network vs linearization: ${last >= 0 ? `${d.gap[last]} at step ${d.recordSteps[last]}` : 'n/a'}; largest ${d.maxGap ?? 'n/a'}`,
  ];
  if (d.diverged.network) notes.push(`network diverged at step ${d.diverged.network.step}: ${d.diverged.network.reason}`);
  if (d.diverged.linearized) notes.push(`linearization diverged at step ${d.diverged.linearized.step}: ${d.diverged.linearized.reason}`);
  return {
    tables: [{
      title: 'losses at the recorded steps',
      table: { columns: ['step', 'train net', 'train lin', 'train flow', 'test net', 'test lin', 'test flow', 'gap net-lin'], rows },
    }],
    notes,
  };
}

export const linearizedTraining: ExperimentDefinition<typeof linearizedTrainingSchema, LinearizedTrainingData> = {
  name: 'linearized-training',
  summary: 'A network, its linearization and the closed-form NTK gradient flow trained side by side, recorded at log-spaced steps.',
  schema: linearizedTrainingSchema,
  modelParameters: (p) => 3 * p.width + (p.depth - 1) * (p.width * p.width + p.width) + p.width + 1,
  createSession,
  summarize,
};
