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
import { createMlp, createTrainer, type Trainer } from '../index';
import { grid, matrixTensor, networkSpecOf, runningExampleMlpSpec, runningExampleSet } from './data';
import { round } from './fit';
import { recordSteps } from './linearized-training';
import {
  agreementAt, ensembleNetworkSeed, ensemblePosteriorSchema, ensembleSignature, insideBand, sampleMoments,
  type EnsemblePosteriorData, type EnsemblePosteriorParams, type Moments, type TrainedNetwork,
} from './ensemble-posterior-stats';
import type { DataSummary, ExperimentDefinition, ExperimentSession } from './types';

export * from './ensemble-posterior-stats';

/** Gradient steps per unit of work (a few milliseconds at the default width). */
export const CHUNK_STEPS = 25;
/** A network stops when its loss exceeds this multiple of its initial loss (the trainer's rule). */
const DIVERGENCE_FACTOR = 1e6;

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
  let acknowledged = p.acknowledged;

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
    liveParams: ['acknowledged'],
    setParams(patch) { if (patch.acknowledged !== undefined) acknowledged = patch.acknowledged; },
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
        networksFrom: Math.min(acknowledged, networks.length),
        networks: networks.slice(Math.min(acknowledged, networks.length)), analytic, nngp,
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
