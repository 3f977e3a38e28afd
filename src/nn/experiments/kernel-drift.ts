/**
 * kernel-drift: how far the empirical NTK and the weights move during
 * training, against width (Lee et al. 2019, "Wide neural networks of any
 * depth evolve as linear models", Sec. 2.4 and Fig. 1/5). After T steps of
 * full-batch gradient descent on the running example,
 *   kernel change  ||Theta_T - Theta_0||_F / ||Theta_0||_F  ~  n^{-1/2},
 *   weight change  ||W_T - W_0||_F / ||W_0||_F per layer, small for wide nets.
 *
 * The learning rate is a fraction of the maximum stable rate 2N / lambda_max
 * of the analytic NTK of the training set (core's `maxLearningRate`); in the
 * NTK parameterization that rate does not depend on the width, so all widths
 * train at the same eta. For each seed, every width trains side by side, a
 * chunk of steps at a time, so a widget sees all curves grow together.
 */
import * as tf from '@tensorflow/tfjs';
import { maxLearningRate } from '../../core';
import type { ParamsOf } from '../../ui/params';
import { createMlp, createTrainer, type MlpSpec } from '../index';
import { analyticOracle, matrixTensor, runningExampleSet } from './data';
import { fitPowerLaw, meanAndStd, round, type PowerLawFit } from './fit';
import type { DataSummary, ExperimentDefinition, ExperimentSession } from './types';

export const kernelDriftSchema = {
  widths: {
    kind: 'list', label: 'widths n', min: 2, max: 8192, minLength: 1, maxLength: 12,
    default: [64, 128, 256, 512, 1024, 2048],
    description: 'Hidden widths trained side by side.',
  },
  depth: { kind: 'int', label: 'depth L', min: 1, max: 4, default: 2 },
  activation: { kind: 'enum', label: 'activation', options: ['relu', 'erf', 'tanh'], default: 'relu' },
  weightVariance: { kind: 'float', label: 'sigma_w^2', min: 0.1, max: 4, step: 0.05, default: 2 },
  biasVariance: { kind: 'float', label: 'sigma_b^2', min: 0, max: 2, step: 0.05, default: 0.1 },
  steps: { kind: 'int', label: 'gradient steps T', min: 1, max: 20_000, default: 200 },
  learningRateFraction: {
    kind: 'float', label: 'learning rate / max stable rate', min: 0.01, max: 1.5, step: 0.01, default: 0.5,
    description: 'eta as a fraction of 2N / lambda_max of the analytic NTK; above 1 training diverges.',
  },
  points: { kind: 'int', label: 'training points N', min: 2, max: 64, default: 16 },
  seeds: { kind: 'int', label: 'networks per width', min: 1, max: 32, default: 4 },
  samples: { kind: 'int', label: 'kernel measurements per run', min: 1, max: 200, default: 10 },
  embedding: { kind: 'enum', label: 'input embedding', options: ['circle', 'affine'], default: 'circle' },
  seed: { kind: 'int', label: 'seed', min: 0, max: 1_000_000, default: 0 },
} as const;

export type KernelDriftParams = ParamsOf<typeof kernelDriftSchema>;

/** One training run (one width, one seed), measured after each chunk of steps (all arrays aligned with `step`). */
export interface DriftCurve {
  width: number;
  seed: number;
  step: number[];
  kernelChange: number[];
  /** Mean over layers of the relative weight change. */
  weightChange: number[];
  trainLoss: number[];
  /** Relative weight change per layer at the last measurement. */
  layerWeightChange: number[];
  diverged: { step: number; reason: string } | null;
}

export interface KernelDriftData {
  widths: number[];
  learningRate: number;
  maxLearningRate: number;
  steps: number;
  curves: DriftCurve[];
  /** Per width, over finished, non-diverged seeds: mean (and std) of the final relative kernel change. */
  kernelChange: { mean: number | null; std: number | null }[];
  weightChange: { mean: number | null; std: number | null }[];
  kernelFit: PowerLawFit | null;
  weightFit: PowerLawFit | null;
}

/** Spec of the network of seed index s at a width. */
export function driftSpec(p: KernelDriftParams, width: number, seedIndex: number): MlpSpec {
  return {
    inputDim: 2, width, depth: p.depth, activation: p.activation as MlpSpec['activation'],
    weightVariance: p.weightVariance, biasVariance: p.biasVariance, parameterization: 'ntk',
    seed: p.seed * 1_000_003 + width * 1009 + seedIndex + 500_000,
  };
}

/** Step counts at which a run is measured: `samples` chunks covering T steps. */
export function chunkBoundaries(steps: number, samples: number): number[] {
  const count = Math.max(1, Math.min(samples, steps));
  const out: number[] = [];
  for (let i = 1; i <= count; i++) out.push(Math.round((i * steps) / count));
  return out;
}

async function createSession(p: KernelDriftParams): Promise<ExperimentSession<KernelDriftParams, KernelDriftData>> {
  const widths = [...p.widths].map((w) => Math.round(w));
  const set = runningExampleSet(p.points, p.seed, p.embedding as 'circle' | 'affine');
  const analytic = analyticOracle(driftSpec(p, widths[0], 0), set.inputs).ntk;
  const etaMax = maxLearningRate(analytic);
  const eta = p.learningRateFraction * etaMax;
  const x = matrixTensor(set.inputs);
  const y = tf.tensor1d(set.targets, 'float32');
  const boundaries = chunkBoundaries(p.steps, p.samples);
  const curves: DriftCurve[] = [];
  const totalUnits = p.seeds * boundaries.length * widths.length;
  let unitsDone = 0;

  type Run = { curve: DriftCurve; trainer: ReturnType<typeof createTrainer>; mlp: ReturnType<typeof createMlp>; done: boolean };
  let runs: Run[] = [];

  function startSeed(seedIndex: number): void {
    runs = widths.map((width) => {
      const mlp = createMlp(driftSpec(p, width, seedIndex));
      const trainer = createTrainer(mlp, { x, y, learningRate: eta, track: { kernel: true, weights: true } });
      const curve: DriftCurve = {
        width, seed: seedIndex, step: [], kernelChange: [], weightChange: [], trainLoss: [],
        layerWeightChange: [], diverged: null,
      };
      curves.push(curve);
      return { curve, trainer, mlp, done: false };
    });
  }

  function freeRuns(): void {
    for (const r of runs) { r.trainer.dispose(); r.mlp.dispose(); }
    runs = [];
  }

  function advance(run: Run, chunk: number): void {
    const target = boundaries[chunk];
    const stepsNow = target - (run.curve.step[run.curve.step.length - 1] ?? 0);
    if (run.done || stepsNow <= 0) return;
    const report = run.trainer.step(stepsNow);
    const c = run.curve;
    c.step.push(target);
    c.trainLoss.push(round(report.trainLoss));
    c.kernelChange.push(round(report.kernelChange ?? NaN));
    const layers = report.weightChange ?? [];
    c.layerWeightChange = layers.map((v) => round(v));
    c.weightChange.push(round(layers.length ? layers.reduce((a, b) => a + b, 0) / layers.length : NaN));
    if (report.diverged) { c.diverged = report.diverged; run.done = true; }
  }

  return {
    get totalUnits() { return totalUnits; },
    get unitsDone() { return unitsDone; },
    async step(units: number) {
      for (let k = 0; k < units && unitsDone < totalUnits; k++) {
        const perSeed = boundaries.length * widths.length;
        const seedIndex = Math.floor(unitsDone / perSeed);
        const within = unitsDone % perSeed;
        if (within === 0) { freeRuns(); startSeed(seedIndex); }
        advance(runs[within % widths.length], Math.floor(within / widths.length));
        unitsDone++;
        if (unitsDone === totalUnits) freeRuns();
        // Yield to the event loop so a worker can receive pause / dispose between chunks.
        await Promise.resolve();
      }
    },
    snapshot(): KernelDriftData {
      const finished = (c: DriftCurve) => c.diverged === null && c.step[c.step.length - 1] === p.steps;
      const perWidth = (pick: (c: DriftCurve) => number) => widths.map((w) =>
        meanAndStd(curves.filter((c) => c.width === w && finished(c)).map(pick)));
      const last = (v: number[]) => v[v.length - 1];
      const kernelChange = perWidth((c) => last(c.kernelChange));
      const weightChange = perWidth((c) => last(c.weightChange));
      return {
        widths, learningRate: round(eta), maxLearningRate: round(etaMax), steps: p.steps,
        curves: curves.map((c) => ({ ...c, step: [...c.step], kernelChange: [...c.kernelChange], weightChange: [...c.weightChange], trainLoss: [...c.trainLoss] })),
        kernelChange, weightChange,
        kernelFit: fitPowerLaw(widths, kernelChange.map((s) => s.mean)),
        weightFit: fitPowerLaw(widths, weightChange.map((s) => s.mean)),
      };
    },
    dispose() { freeRuns(); x.dispose(); y.dispose(); },
  };
}

function summarize(d: KernelDriftData): DataSummary {
  const diverged = d.curves.filter((c) => c.diverged);
  const rows = d.widths.map((w, i) => [
    w, d.kernelChange[i].mean ?? NaN, d.kernelChange[i].std ?? NaN, d.weightChange[i].mean ?? NaN,
    d.curves.filter((c) => c.width === w && !c.diverged).length,
  ]);
  const notes = [
    `learning rate ${d.learningRate} = fraction of max stable rate ${d.maxLearningRate}; ${d.steps} steps`,
    d.kernelFit ? `kernel change log-log slope: ${d.kernelFit.slope.toFixed(3)} (r^2 = ${d.kernelFit.r2.toFixed(3)}; theory -0.5)` : 'kernel change: not enough widths for a fit',
    d.weightFit ? `weight change log-log slope: ${d.weightFit.slope.toFixed(3)} (r^2 = ${d.weightFit.r2.toFixed(3)})` : 'weight change: not enough widths for a fit',
  ];
  if (diverged.length) notes.push(`${diverged.length} run(s) diverged (excluded): ${diverged.map((c) => `n=${c.width} seed ${c.seed} at step ${c.diverged?.step}`).join(', ')}`);
  return {
    tables: [{
      title: 'relative change after training (mean over seeds)',
      table: { columns: ['width', 'kernel change', 'std', 'weight change', 'seeds'], rows },
    }],
    notes,
  };
}

export const kernelDrift: ExperimentDefinition<typeof kernelDriftSchema, KernelDriftData> = {
  name: 'kernel-drift',
  summary: 'Relative change of the empirical NTK and of the weights after T steps of full-batch gradient descent, against width, with log-log slope fits.',
  schema: kernelDriftSchema,
  modelParameters: (p) => {
    const n = Math.max(...p.widths);
    return 2 * n + (p.depth - 1) * n * n + n;
  },
  createSession,
  summarize,
};
