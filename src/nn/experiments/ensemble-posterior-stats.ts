/**
 * The tf-free half of the ensemble-posterior experiment (ensemble-posterior.ts):
 * its parameter schema, its data types and the statistics computed from the
 * recorded curves. Widgets import this on the main thread (no TensorFlow.js).
 */
import type { ParamsOf } from '../../ui/params';

export const ensemblePosteriorSchema = {
  networks: { kind: 'int', label: 'networks M', min: 2, max: 64, default: 20 },
  width: { kind: 'log', label: 'width n', min: 8, max: 4096, default: 512, integer: true },
  depth: { kind: 'int', label: 'depth L', min: 1, max: 4, default: 1 },
  activation: { kind: 'enum', label: 'activation', options: ['relu', 'erf', 'tanh'], default: 'relu' },
  weightVariance: { kind: 'float', label: 'sigma_w^2', min: 0.1, max: 4, step: 0.05, default: 2 },
  biasVariance: { kind: 'float', label: 'sigma_b^2', min: 0, max: 1, step: 0.01, default: 0.1 },
  learningRate: {
    kind: 'float', label: 'learning rate / eta_max', min: 0.05, max: 1, step: 0.05, default: 0.5,
    description: 'eta as a fraction of eta_max = 2N / lambda_max of the analytic NTK.',
  },
  steps: { kind: 'log', label: 'gradient steps', min: 10, max: 10_000, default: 500, integer: true },
  records: { kind: 'int', label: 'recorded steps (log-spaced)', min: 5, max: 120, default: 40 },
  points: { kind: 'int', label: 'training points N', min: 2, max: 32, default: 16 },
  gridPoints: { kind: 'int', label: 'prediction points', min: 5, max: 201, default: 81 },
  dataSeed: { kind: 'int', label: 'seed of the training points', min: 0, max: 1_000_000, default: 0 },
  seed: { kind: 'int', label: 'seed of the initializations', min: 0, max: 1_000_000, default: 1 },
  acknowledged: {
    kind: 'int', label: 'finished networks the client already holds', min: 0, max: 64, default: 0,
    description: 'Live: snapshots then carry only the networks from this index on (a widget merges them), so the data crossing to the page stays small while training.',
  },
} as const;

/** Parameters that do not define the session (live; excluded from the signature). */
export const ENSEMBLE_LIVE_PARAMS = ['acknowledged'] as const;

export type EnsemblePosteriorParams = ParamsOf<typeof ensemblePosteriorSchema>;

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
  /** Networks finished (trained to the end or diverged). */
  networksDone: number;
  /** `networks` holds the finished networks from this index on (the `acknowledged` parameter; 0 = all). */
  networksFrom: number;
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

/** Session identity: every parameter but the live ones (they all change the networks or the analytic curves). */
export function ensembleSignature(p: EnsemblePosteriorParams): string {
  return Object.keys(ensemblePosteriorSchema)
    .filter((k) => !(ENSEMBLE_LIVE_PARAMS as readonly string[]).includes(k))
    .map((k) => String(p[k as keyof EnsemblePosteriorParams])).join('|');
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

