/**
 * ensemble-posterior: many networks, identical but for the seed of their
 * initialization, trained by full-batch gradient descent on the running
 * example, against the distribution that infinite width predicts for them
 * (Lee et al. 2019, arXiv 1902.06720, Sec. 2.3.1, eqs. 15-16): over random
 * initializations the trained network is a Gaussian process with
 *   A_t  = Theta(x*, X) Theta^{-1} (I - (I - eta Theta / N)^t)      (t gradient steps),
 *   mean = A_t y,
 *   cov  = K(x*, x*) + A_t K(X, X) A_t^T - A_t K(X, x*) - K(x*, X) A_t^T,
 * with Theta the analytic NTK and K the NNGP (core's ensemblePosterior with
 * dynamics 'gradient-descent', since the networks take discrete steps). For
 * comparison: the Bayesian posterior of the NNGP prior given the same data
 * (core's gpPosterior, noise-free), which the trained ensemble is not.
 *
 * Every network is recorded on a grid of x at the same log-spaced steps
 * (0, 1, 2, ..., steps), so a widget can move through training time without
 * retraining. Networks train one after another; a network's curves join the
 * data when it has finished (or diverged). Readouts per recorded step: the
 * ensemble's mean and unbiased variance per grid point, and the fraction of
 * (network, grid point) values inside the analytic mean ± 2 sigma (0.954 for
 * an exactly Gaussian ensemble).
 *
 * One unit of work = at most CHUNK_STEPS gradient steps of the network in
 * training (ending early at a recorded step).
 */
import * as tf from '@tensorflow/tfjs';
import { analyticKernels, embedInputs, ensemblePosterior, gpPosterior, maxLearningRate, type Matrix } from '../../core';
import type { ParamsOf } from '../../ui/params';
import { createMlp, createTrainer, type Trainer } from '../index';
import { grid, matrixTensor, networkSpecOf, runningExampleMlpSpec, runningExampleSet } from './data';
import { round } from './fit';
import { recordSteps } from './linearized-training';
import type { DataSummary, ExperimentDefinition, ExperimentSession } from './types';

export const ensemblePosteriorSchema = {
  networks: { kind: 'int', label: 'networks M', min: 2, max: 64, default: 16 },
  width: { kind: 'log', label: 'width n', min: 8, max: 4096, default: 512, integer: true },
  depth: { kind: 'int', label: 'depth L', min: 1, max: 4, default: 1 },
  activation: { kind: 'enum', label: 'activation', options: ['relu', 'erf', 'tanh'], default: 'relu' },
  weightVariance: { kind: 'float', label: 'sigma_w^2', min: 0.1, max: 4, step: 0.05, default: 2 },
  biasVariance: { kind: 'float', label: 'sigma_b^2', min: 0, max: 1, step: 0.01, default: 0.1 },
  learningRate: {
    kind: 'float', label: 'learning rate / eta_max', min: 0.05, max: 1, step: 0.05, default: 0.5,
    description: 'eta as a fraction of eta_max = 2N / lambda_max of the analytic NTK.',
  },
  steps: { kind: 'log', label: 'gradient steps', min: 10, max: 10_000, default: 1000, integer: true },
  records: { kind: 'int', label: 'recorded steps (log-spaced)', min: 5, max: 120, default: 40 },
  points: { kind: 'int', label: 'training points N', min: 2, max: 32, default: 16 },
  gridPoints: { kind: 'int', label: 'prediction points', min: 5, max: 201, default: 81 },
  dataSeed: { kind: 'int', label: 'seed of the training points', min: 0, max: 1_000_000, default: 0 },
  seed: { kind: 'int', label: 'seed of the initializations', min: 0, max: 1_000_000, default: 1 },
} as const;

export type EnsemblePosteriorParams = ParamsOf<typeof ensemblePosteriorSchema>;

/** Gradient steps per unit of work (a few milliseconds at the default width). */
export const CHUNK_STEPS = 25;
/** A network stops when its loss exceeds this multiple of its initial loss (the trainer's rule). */
const DIVERGENCE_FACTOR = 1e6;

/** One trained network: its prediction on the grid at each recorded step (null after divergence). */
export interface TrainedNetwork {
  index: number;
  seed: number;
  test: (number[] | null)[];
  diverged: { step: number; reason: string } | null;
}

/** Mean and variance per grid point (aligned with `grid`). */
export interface Moments { mean: number[]; variance: number[] }

export interface EnsemblePosteriorData {
  /** Identifies the session (a widget drops snapshots of a replaced one). */
  signature: string;
  width: number;
  depth: number;
  networksTotal: number;
  /** Networks finished (trained to the end or diverged), in `networks`. */
  networksDone: number;
  /** The network in training and its step (null when all are done). */
  training: { index: number; step: number } | null;
  totalSteps: number;
  recordSteps: number[];
  learningRate: number;
  learningRateFraction: number;
  etaMax: number;
  trainXs: number[];
  trainYs: number[];
  grid: number[];
  networks: TrainedNetwork[];
  /** Infinite-width trained ensemble (NTK, discrete steps) at each recorded step. */
  analytic: Moments[];
  /** Bayesian NNGP posterior (does not depend on t). */
  nngp: Moments;
  /** Over the finished, non-diverged networks, per recorded step (null with fewer than 2). */
  ensemble: (Moments | null)[];
  /** Fraction of network values on the grid inside analytic mean ± 2 sigma, per recorded step (null: no network yet). */
  coverage: (number | null)[];
  /** Finished networks that diverged. */
  diverged: number;
}

/** Seed of network i of a session (distinct for i < 1009). */
export function ensembleNetworkSeed(seed: number, index: number): number {
  return seed * 1009 + index + 1;
}

/** Session identity: every parameter (they all change the networks or the analytic curves). */
export function ensembleSignature(p: EnsemblePosteriorParams): string {
  return Object.keys(ensemblePosteriorSchema).map((k) => String(p[k as keyof EnsemblePosteriorParams])).join('|');
}

/** Two-sided band test: |v - mean| <= 2 sd, with a float32 allowance for sd ~ 0 (training points at late times). */
export function insideBand(value: number, mean: number, variance: number): boolean {
  const half = 2 * Math.sqrt(Math.max(variance, 0));
  return Math.abs(value - mean) <= half + 1e-6 * (1 + Math.abs(mean));
}

/** Sample mean and unbiased variance per grid point of the given curves (at least 2). */
export function sampleMoments(curves: readonly (readonly number[])[]): Moments {
  const m = curves.length;
  const g = curves[0].length;
  const mean = new Array<number>(g).fill(0);
  const variance = new Array<number>(g).fill(0);
  for (const c of curves) for (let j = 0; j < g; j++) mean[j] += c[j] / m;
  for (const c of curves) for (let j = 0; j < g; j++) variance[j] += (c[j] - mean[j]) ** 2 / (m - 1);
  return { mean, variance };
}

const roundAll = (v: ArrayLike<number>): number[] => Array.from(v, (x) => round(x));

function diagonal(m: Matrix): number[] {
  return m.map((row, i) => Math.max(row[i], 0));
}

/** Analytic ensemble (discrete GD) at every recorded step and the NNGP posterior, on the grid. */
function analyticCurves(
  p: EnsemblePosteriorParams, trainInputs: Matrix, y: number[], gridInputs: Matrix, plan: number[],
): { analytic: Moments[]; nngp: Moments; eta: number; etaMax: number } {
  const spec = networkSpecOf(runningExampleMlpSpec(p));
  const tt = analyticKernels(trainInputs, trainInputs, spec);
  const st = analyticKernels(gridInputs, trainInputs, spec);
  const ss = analyticKernels(gridInputs, gridInputs, spec);
  const etaMax = maxLearningRate(tt.ntk);
  const eta = p.learningRate * etaMax;
  const nngpBlocks = { trainTrain: tt.nngp, testTrain: st.nngp, testTest: ss.nngp };
  const ntkBlocks = { trainTrain: tt.ntk, testTrain: st.ntk, testTest: ss.ntk };
  const analytic = plan.map((t) => {
    const e = ensemblePosterior({ nngp: nngpBlocks, ntk: ntkBlocks, yTrain: y, time: t, learningRate: eta, dynamics: 'gradient-descent' });
    return { mean: roundAll(e.mean), variance: roundAll(diagonal(e.covariance)) };
  });
  const gp = gpPosterior({ kTrainTrain: tt.nngp, kTestTrain: st.nngp, kTestTest: ss.nngp, yTrain: y });
  return { analytic, nngp: { mean: roundAll(gp.mean), variance: roundAll(diagonal(gp.covariance)) }, eta, etaMax };
}

/** Units of work to train one network through the plan. */
function unitsPerNetwork(plan: number[]): number {
  let units = 0;
  for (let i = 1; i < plan.length; i++) units += Math.ceil((plan[i] - plan[i - 1]) / CHUNK_STEPS);
  return units;
}

async function createSession(p: EnsemblePosteriorParams): Promise<ExperimentSession<EnsemblePosteriorParams, EnsemblePosteriorData>> {
  const steps = Math.round(p.steps);
  const plan = recordSteps(steps, p.records);
  const set = runningExampleSet(p.points, p.dataSeed, 'circle');
  const gridXs = grid(p.gridPoints);
  const gridInputs = embedInputs(gridXs, 'circle');
  const { analytic, nngp, eta, etaMax } = analyticCurves(p, set.inputs, set.targets, gridInputs, plan);
  const perNetwork = unitsPerNetwork(plan);
  const totalUnits = perNetwork * p.networks;
  const signature = ensembleSignature(p);

  const x = matrixTensor(set.inputs);
  const y = tf.tensor1d(set.targets, 'float32');
  const xGrid = matrixTensor(gridInputs);
  const networks: TrainedNetwork[] = [];
  let unitsDone = 0;
  type Running = { net: TrainedNetwork; mlp: ReturnType<typeof createMlp>; trainer: Trainer; step: number; next: number };
  let current: Running | null = null;
  let stats: { count: number; ensemble: (Moments | null)[]; coverage: (number | null)[] } | null = null;

  function startNetwork(index: number): Running {
    const seed = ensembleNetworkSeed(p.seed, index);
    const mlp = createMlp(runningExampleMlpSpec({ ...p, seed }));
    const trainer = createTrainer(mlp, { x, y, learningRate: eta, divergenceFactor: DIVERGENCE_FACTOR });
    const net: TrainedNetwork = { index, seed, test: Array(plan.length).fill(null), diverged: null };
    net.test[0] = roundAll(trainer.predict(xGrid));
    current = { net, mlp, trainer, step: 0, next: 1 };
    return current;
  }

  function finishNetwork(): void {
    if (!current) return;
    networks.push(current.net);
    current.trainer.dispose();
    current.mlp.dispose();
    current = null;
  }

  /** One unit: up to CHUNK_STEPS steps of the current network, recording at plan steps. */
  function advance(): void {
    const c = current ?? startNetwork(networks.length);
    const k = Math.min(CHUNK_STEPS, plan[c.next] - c.step);
    const report = c.trainer.step(k);
    c.step += k;
    if (report.diverged) {
      c.net.diverged = { ...report.diverged };
      unitsDone = perNetwork * (networks.length + 1);
      finishNetwork();
      return;
    }
    unitsDone++;
    if (c.step === plan[c.next]) {
      c.net.test[c.next] = roundAll(c.trainer.predict(xGrid));
      c.next++;
      if (c.next >= plan.length) finishNetwork();
    }
  }

  function statistics(): { ensemble: (Moments | null)[]; coverage: (number | null)[] } {
    if (stats && stats.count === networks.length) return stats;
    const ensemble = plan.map((_, r) => {
      const curves = networks.map((n) => n.test[r]).filter((c): c is number[] => c !== null);
      if (curves.length < 2) return null;
      const s = sampleMoments(curves);
      return { mean: roundAll(s.mean), variance: roundAll(s.variance) };
    });
    const coverage = plan.map((_, r) => {
      let inside = 0;
      let total = 0;
      for (const n of networks) {
        const c = n.test[r];
        if (!c) continue;
        c.forEach((v, j) => { total++; if (insideBand(v, analytic[r].mean[j], analytic[r].variance[j])) inside++; });
      }
      return total ? round(inside / total) : null;
    });
    stats = { count: networks.length, ensemble, coverage };
    return stats;
  }

  return {
    get totalUnits() { return totalUnits; },
    get unitsDone() { return unitsDone; },
    async step(units: number) {
      for (let i = 0; i < units && unitsDone < totalUnits; i++) {
        advance();
        // Let a worker receive pause / dispose between chunks.
        await Promise.resolve();
      }
    },
    snapshot(): EnsemblePosteriorData {
      const s = statistics();
      const cur: Running | null = current;
      return {
        signature, width: Math.round(p.width), depth: p.depth,
        networksTotal: p.networks, networksDone: networks.length,
        training: cur ? { index: cur.net.index, step: cur.step } : null,
        totalSteps: steps, recordSteps: plan,
        learningRate: round(eta), learningRateFraction: p.learningRate, etaMax: round(etaMax),
        trainXs: roundAll(set.xs), trainYs: roundAll(set.targets), grid: roundAll(gridXs),
        networks: networks.slice(), analytic, nngp,
        ensemble: s.ensemble, coverage: s.coverage,
        diverged: networks.filter((n) => n.diverged).length,
      };
    },
    dispose() {
      if (current) { current.trainer.dispose(); current.mlp.dispose(); current = null; }
      x.dispose(); y.dispose(); xGrid.dispose();
    },
  };
}

/** Largest |ensemble mean - analytic mean| / standard error and variance ratio range at record r. */
export function agreementAt(d: EnsemblePosteriorData, r: number): { maxZ: number; minRatio: number; maxRatio: number } | null {
  const e = d.ensemble[r];
  if (!e) return null;
  const m = d.networks.filter((n) => n.test[r] !== null).length;
  let maxZ = 0;
  let minRatio = Infinity;
  let maxRatio = 0;
  d.analytic[r].mean.forEach((mu, j) => {
    const v = d.analytic[r].variance[j];
    if (v <= 0) return;
    maxZ = Math.max(maxZ, Math.abs(e.mean[j] - mu) / Math.sqrt(v / m));
    minRatio = Math.min(minRatio, e.variance[j] / v);
    maxRatio = Math.max(maxRatio, e.variance[j] / v);
  });
  return { maxZ, minRatio, maxRatio };
}

function summarize(d: EnsemblePosteriorData): DataSummary {
  const rows = d.recordSteps.map((s, r) => {
    const a = agreementAt(d, r);
    return [s, d.coverage[r] ?? 'n/a', a ? round(a.maxZ) : 'n/a', a ? round(a.minRatio) : 'n/a', a ? round(a.maxRatio) : 'n/a'];
  });
  const last = d.recordSteps.length - 1;
  const notes = [
    `${d.networksDone} networks of width ${d.width}, depth ${d.depth}; eta = ${d.learningRate} = ${d.learningRateFraction} x eta_max (${d.etaMax})`,
    `fraction of network values inside the analytic mean ± 2 sigma at step ${d.recordSteps[last]}: ${d.coverage[last] ?? 'n/a'} (0.954 for a Gaussian ensemble)`,
  ];
  if (d.diverged) notes.push(`${d.diverged} network(s) diverged and are left out of the statistics`);
  return {
    tables: [{
      title: 'trained ensemble vs the analytic NTK ensemble (discrete gradient descent)',
      table: { columns: ['step', 'inside ±2σ', 'max |z| of mean', 'min var ratio', 'max var ratio'], rows },
    }],
    notes,
  };
}

export const ensemblePosteriorExperiment: ExperimentDefinition<typeof ensemblePosteriorSchema, EnsemblePosteriorData> = {
  name: 'ensemble-posterior',
  summary: 'Networks trained from many seeds against the infinite-width ensemble posterior (NTK, discrete steps) and the NNGP posterior.',
  schema: ensemblePosteriorSchema,
  modelParameters: (p) => 3 * p.width + (p.depth - 1) * (p.width * p.width + p.width) + p.width + 1,
  createSession,
  summarize,
};
