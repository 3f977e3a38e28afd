/**
 * prior-samples: random networks at initialization, drawn over the running
 * example's inputs, against the infinite-width limit: a Gaussian process with
 * the NNGP covariance K = K^{L+1} (Neal 1996 for one hidden layer; Lee et al.
 * 2018 and Matthews et al. 2018 for any depth).
 *
 * One unit of work is one network: the engine's `createMlp` (tfjs, forward
 * only) evaluated on a grid of x in [-pi, pi] embedded on the unit circle.
 * Each unit also advances a large readout sample of f(x0), drawn exactly and
 * cheaply one input at a time (prior-samples-stats.ts), from which the
 * histogram, the excess kurtosis and the KS distance to N(0, K(x0, x0)) are
 * computed: about `readoutSamples` networks instead of `count`, so that the
 * readout's noise floor is low.
 *
 * x0 is a live parameter: on the circle every input has the same K(x, x) and
 * the same distribution of f(x), so moving x0 only changes which value of each
 * drawn curve is marked (read off the curve by linear interpolation).
 */
import { embedInputs } from '../../core';
import type { ParamsOf } from '../../ui/params';
import { createMlp, type MlpSpec } from '../index';
import { matrixTensor } from './data';
import { round } from './fit';
import {
  firstLayerVariance, histogram, ksDistanceToGaussian, moments, nngpDiagonal, noiseFloors, priorGrid, priorSignature,
  readoutRng, sampleOutputsAtInput, theoryExcessKurtosis, valueAt,
  HISTOGRAM_BINS, HISTOGRAM_RANGE_SIGMAS, PRIOR_GRID_POINTS, PRIOR_READOUT_SAMPLES,
  type Histogram, type PriorNetworkSpec,
} from './prior-samples-stats';
import type { DataSummary, ExperimentDefinition, ExperimentSession } from './types';

export const priorSamplesSchema = {
  count: { kind: 'int', label: 'networks drawn', min: 30, max: 200, default: 50 },
  width: { kind: 'log', label: 'width n', min: 1, max: 4096, default: 4, integer: true },
  depth: { kind: 'int', label: 'depth L', min: 1, max: 4, default: 1 },
  activation: { kind: 'enum', label: 'activation', options: ['relu', 'erf', 'tanh'], default: 'relu' },
  weightVariance: { kind: 'float', label: 'sigma_w^2', min: 0.1, max: 4, step: 0.05, default: 2 },
  biasVariance: { kind: 'float', label: 'sigma_b^2', min: 0, max: 2, step: 0.01, default: 0 },
  x0: { kind: 'float', label: 'input x0 of the histogram', min: -3.14159, max: 3.14159, step: 0.01, default: 1 },
  readoutSamples: { kind: 'int', label: 'networks in the readout sample', min: 100, max: 50_000, default: PRIOR_READOUT_SAMPLES },
  gridPoints: { kind: 'int', label: 'points per curve', min: 16, max: 400, default: PRIOR_GRID_POINTS },
  seed: { kind: 'int', label: 'seed', min: 0, max: 1_000_000, default: 1 },
} as const;

export type PriorSamplesParams = ParamsOf<typeof priorSamplesSchema>;


export interface PriorReadout {
  /** Readout networks drawn so far, and the target number. */
  samples: number;
  target: number;
  /** f(x0) of the readout sample, binned over [-4 sigma, 4 sigma]. */
  histogram: Histogram;
  variance: number;
  excessKurtosis: number;
  /** KS distance between the sample's distribution and N(0, K(x0, x0)). */
  ks: number;
  /** Exact excess kurtosis at this width where a closed form exists, else null. */
  theoryKurtosis: number | null;
  /** For this many Gaussian samples: standard error of the kurtosis, mean KS distance and its 95th percentile. */
  kurtosisNoise: number;
  ksFloor: number;
  ks95: number;
}

export interface PriorSamplesData {
  /** Identifies the session's networks: priorSignature(params)|readoutSamples|gridPoints (x0 excluded). */
  signature: string;
  width: number;
  depth: number;
  count: number;
  networksDone: number;
  /** Raw inputs x in [-pi, pi] of every curve. */
  grid: number[];
  /** Output of each network drawn so far on the grid. */
  curves: number[][];
  /** NNGP variance K(x, x) on the grid (the band is 0 ± 2 sqrt(K)). */
  nngpVariance: number[];
  x0: number;
  /** K(x0, x0). */
  nngpAtX0: number;
  /** Each drawn network's value at x0 (linear interpolation of its curve). */
  atX0: number[];
  readout: PriorReadout;
}

/** Seed of drawn network i (distinct for every seed and i < 1009). */
export function networkSeed(seed: number, index: number): number {
  return seed * 1009 + index + 1;
}

function specOf(p: PriorSamplesParams): PriorNetworkSpec {
  return {
    width: Math.round(p.width), depth: p.depth, activation: p.activation as PriorNetworkSpec['activation'],
    weightVariance: p.weightVariance, biasVariance: p.biasVariance,
  };
}

function mlpSpec(spec: PriorNetworkSpec, seed: number): MlpSpec {
  return { inputDim: 2, ...spec, parameterization: 'ntk', seed };
}


async function createSession(p: PriorSamplesParams): Promise<ExperimentSession<PriorSamplesParams, PriorSamplesData>> {
  const spec = specOf(p);
  const xs = priorGrid(p.gridPoints);
  const nngpVariance = nngpDiagonal(xs, spec);
  let x0 = p.x0;
  const nngpAtX0 = nngpDiagonal([x0], spec)[0];
  const sigma = Math.sqrt(nngpAtX0);
  const q1 = firstLayerVariance(spec, 1, 2);
  const theoryKurtosis = theoryExcessKurtosis(spec, q1);
  const inputs = matrixTensor(embedInputs(xs));
  const curves: number[][] = [];
  const readout = new Float64Array(p.readoutSamples);
  const rng = readoutRng(p.seed);
  let readoutDone = 0;
  const signature = `${priorSignature({ ...spec, count: p.count, seed: p.seed })}|${p.readoutSamples}|${p.gridPoints}`;

  async function drawNetwork(index: number): Promise<void> {
    const mlp = createMlp(mlpSpec(spec, networkSeed(p.seed, index)));
    try {
      const out = mlp.forward(inputs);
      const values = await out.data();
      out.dispose();
      curves.push(Array.from(values, (v) => round(v)));
    } finally {
      mlp.dispose();
    }
  }

  function advanceReadout(networksDone: number): void {
    const goal = networksDone >= p.count ? p.readoutSamples : Math.floor((p.readoutSamples * networksDone) / p.count);
    if (goal <= readoutDone) return;
    sampleOutputsAtInput(spec, q1, goal - readoutDone, rng, readout, readoutDone);
    readoutDone = goal;
  }

  function readoutData(): PriorReadout {
    const sample = readout.subarray(0, readoutDone);
    const m = moments(sample);
    const floors = noiseFloors(Math.max(1, readoutDone));
    const r = HISTOGRAM_RANGE_SIGMAS * sigma;
    return {
      samples: readoutDone, target: p.readoutSamples,
      histogram: histogram(sample, -r, r, HISTOGRAM_BINS),
      variance: round(m.variance), excessKurtosis: round(m.excessKurtosis),
      ks: readoutDone ? round(ksDistanceToGaussian(sample, sigma)) : NaN,
      theoryKurtosis: theoryKurtosis === null ? null : round(theoryKurtosis),
      kurtosisNoise: round(floors.kurtosis), ksFloor: round(floors.ks), ks95: round(floors.ks95),
    };
  }

  return {
    get totalUnits() { return p.count; },
    get unitsDone() { return curves.length; },
    liveParams: ['x0'],
    setParams(patch) { if (patch.x0 !== undefined) x0 = patch.x0; },
    async step(units: number) {
      for (let k = 0; k < units && curves.length < p.count; k++) {
        await drawNetwork(curves.length);
        advanceReadout(curves.length);
      }
    },
    snapshot(): PriorSamplesData {
      return {
        signature, width: spec.width, depth: spec.depth, count: p.count, networksDone: curves.length,
        grid: xs.map((v) => round(v)),
        curves: curves.slice(),
        nngpVariance: nngpVariance.map((v) => round(v)),
        x0, nngpAtX0: round(nngpAtX0),
        atX0: curves.map((c) => round(valueAt(xs, c, x0))),
        readout: readoutData(),
      };
    },
    dispose() { inputs.dispose(); },
  };
}

function summarize(d: PriorSamplesData): DataSummary {
  const r = d.readout;
  const drawn = moments(d.atX0);
  const fmt = (v: number | null) => (v === null || !Number.isFinite(v) ? 'n/a' : String(Number(v.toPrecision(4))));
  return {
    tables: [{
      title: `f(x0) at x0 = ${d.x0}, width ${d.width}, depth ${d.depth}`,
      table: {
        columns: ['sample', 'networks', 'variance', 'NNGP K(x0,x0)', 'excess kurtosis', 'KS distance'],
        rows: [
          ['drawn networks', d.networksDone, fmt(drawn.variance), d.nngpAtX0, fmt(drawn.excessKurtosis), '-'],
          ['readout sample', r.samples, fmt(r.variance), d.nngpAtX0, fmt(r.excessKurtosis), fmt(r.ks)],
        ],
      },
    }],
    notes: [
      `exact excess kurtosis at this width: ${fmt(r.theoryKurtosis)} (0 for a Gaussian; standard error for Gaussian outputs ${fmt(r.kurtosisNoise)})`,
      `KS distance for ${r.samples} Gaussian samples: ${fmt(r.ksFloor)} on average, below ${fmt(r.ks95)} in 95% of draws`,
    ],
  };
}

export const priorSamples: ExperimentDefinition<typeof priorSamplesSchema, PriorSamplesData> = {
  name: 'prior-samples',
  summary: 'Random networks at initialization over x, and the distribution of f(x0) against the NNGP Gaussian N(0, K(x0, x0)).',
  schema: priorSamplesSchema,
  modelParameters: (p) => 2 * p.width + (p.depth - 1) * p.width * p.width + p.width,
  createSession,
  summarize,
};
