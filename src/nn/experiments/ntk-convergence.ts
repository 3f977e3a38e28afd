/**
 * ntk-convergence: the empirical NTK of one random network approaches the
 * analytic (infinite-width) NTK as the width n grows, with relative error
 *   e(n) = ||Theta_n - Theta_inf||_F / ||Theta_inf||_F  ~  C n^{-1/2}
 * (Jacot et al. 2018 for the limit; Yang 2020, Tensor Programs II, Fig. 1 for
 * the rate). For each width, `seeds` independent networks are drawn; the mean
 * error per width is fitted on log-log axes.
 *
 * The empirical kernel uses the engine's structured NTK (explicit per-layer
 * formula, float32); the oracle is core's `analyticKernels` (float64) for the
 * very same spec.
 */
import { embedInputs, type Matrix } from '../../core';
import type { ParamsOf } from '../../ui/params';
import { createMlp, ntkStructured, type MlpSpec } from '../index';
import { analyticOracle, matrixTensor, relativeFrobeniusError, runningExampleSet, toRows } from './data';
import { fitPowerLaw, meanAndStd, round, type PowerLawFit } from './fit';
import type { DataSummary, ExperimentDefinition, ExperimentSession } from './types';

export const ntkConvergenceSchema = {
  widths: {
    kind: 'list', label: 'widths n', min: 2, max: 8192, minLength: 2, maxLength: 16,
    default: [32, 64, 128, 256, 512, 1024, 2048, 4096],
    description: 'Hidden widths at which the empirical NTK is compared with the analytic one.',
  },
  seeds: { kind: 'int', label: 'networks per width', min: 1, max: 64, default: 8 },
  depth: { kind: 'int', label: 'depth L', min: 1, max: 6, default: 2 },
  activation: { kind: 'enum', label: 'activation', options: ['relu', 'erf', 'tanh', 'gelu'], default: 'relu' },
  weightVariance: { kind: 'float', label: 'sigma_w^2', min: 0.1, max: 4, step: 0.05, default: 2 },
  biasVariance: { kind: 'float', label: 'sigma_b^2', min: 0, max: 2, step: 0.05, default: 0.1 },
  points: { kind: 'int', label: 'inputs N', min: 2, max: 64, default: 12 },
  embedding: { kind: 'enum', label: 'input embedding', options: ['circle', 'affine'], default: 'circle' },
  inputs: {
    kind: 'enum', label: 'kernel inputs', options: ['example', 'grid'], default: 'example',
    description: 'example: the running example\'s N random training inputs; grid: N evenly spaced inputs over [-pi, pi) (the ntk-heatmaps grid).',
  },
  seed: { kind: 'int', label: 'seed', min: 0, max: 1_000_000, default: 0 },
} as const;

export type NtkConvergenceParams = ParamsOf<typeof ntkConvergenceSchema>;

/** Plain data of the figure (partial while running). */
export interface NtkConvergenceData {
  widths: number[];
  /** Raw inputs x in [-pi, pi] of the N kernel points. */
  xs: number[];
  /** errors[w][s]: relative Frobenius error of seed s at widths[w] (shorter while running). */
  errors: number[][];
  /** Mean and sample std over seeds per width (null before the first seed). */
  meanError: (number | null)[];
  stdError: (number | null)[];
  /** Least-squares slope of log mean error against log width (null before two widths). */
  fit: PowerLawFit | null;
  /** Analytic NTK on the inputs (N x N). */
  analytic: Matrix;
  /** Empirical NTK of the first network at each width (null until computed). */
  sampleKernels: (Matrix | null)[];
}

/**
 * N evenly spaced raw inputs over [-pi, pi): the centres of N equal cells, so
 * that on the circle embedding no two inputs coincide (x = -pi and x = pi would).
 */
export function kernelGrid(points: number): number[] {
  return Array.from({ length: points }, (_, i) => -Math.PI + (2 * Math.PI * (i + 0.5)) / points);
}

/** The kernel inputs of a run: the running example's random inputs, or the even grid. */
export function kernelInputs(points: number, seed: number, embedding: 'circle' | 'affine', inputs: string): { xs: number[]; inputs: Matrix } {
  if (inputs !== 'grid') return runningExampleSet(points, seed, embedding);
  const xs = kernelGrid(points);
  return { xs, inputs: embedInputs(xs, embedding) };
}

/** The MLP spec of network `seedIndex` at a width (seed streams distinct per width and index). */
export function convergenceSpec(p: NtkConvergenceParams, width: number, seedIndex: number): MlpSpec {
  return {
    inputDim: 2, width, depth: p.depth, activation: p.activation as MlpSpec['activation'],
    weightVariance: p.weightVariance, biasVariance: p.biasVariance, parameterization: 'ntk',
    seed: p.seed * 1_000_003 + width * 1009 + seedIndex,
  };
}

async function createSession(p: NtkConvergenceParams): Promise<ExperimentSession<NtkConvergenceParams, NtkConvergenceData>> {
  const widths = [...p.widths].map((w) => Math.round(w));
  const set = kernelInputs(p.points, p.seed, p.embedding as 'circle' | 'affine', p.inputs);
  const analytic = analyticOracle(convergenceSpec(p, widths[0], 0), set.inputs).ntk;
  const x = matrixTensor(set.inputs);
  const errors: number[][] = widths.map(() => []);
  const sampleKernels: (Matrix | null)[] = widths.map(() => null);
  const totalUnits = widths.length * p.seeds;
  let unitsDone = 0;

  async function computeOne(widthIndex: number, seedIndex: number): Promise<void> {
    const mlp = createMlp(convergenceSpec(p, widths[widthIndex], seedIndex));
    try {
      const kernel = ntkStructured(mlp, x);
      const values = await kernel.data();
      kernel.dispose();
      errors[widthIndex].push(relativeFrobeniusError(values, analytic));
      if (seedIndex === 0) sampleKernels[widthIndex] = toRows(values, p.points, p.points);
    } finally {
      mlp.dispose();
    }
  }

  return {
    get totalUnits() { return totalUnits; },
    get unitsDone() { return unitsDone; },
    async step(units: number) {
      for (let k = 0; k < units && unitsDone < totalUnits; k++) {
        await computeOne(Math.floor(unitsDone / p.seeds), unitsDone % p.seeds);
        unitsDone++;
      }
    },
    snapshot(): NtkConvergenceData {
      const stats = errors.map((e) => meanAndStd(e));
      const complete = errors.map((e) => e.length === p.seeds);
      const meanError = stats.map((s) => s.mean);
      return {
        widths,
        xs: set.xs.map((v) => round(v)),
        errors: errors.map((e) => e.map((v) => round(v))),
        meanError: meanError.map((m) => (m === null ? null : round(m))),
        stdError: stats.map((s) => (s.std === null ? null : round(s.std))),
        fit: fitPowerLaw(widths.filter((_, i) => complete[i]), meanError.filter((_, i) => complete[i])),
        analytic: analytic.map((row) => row.map((v) => round(v))),
        sampleKernels,
      };
    },
    dispose() { x.dispose(); },
  };
}

function summarize(d: NtkConvergenceData): DataSummary {
  const rows = d.widths.map((w, i) => [w, d.meanError[i] ?? NaN, d.stdError[i] ?? NaN, d.errors[i].length]);
  const notes = d.fit
    ? [`fitted log-log slope of mean error vs width: ${d.fit.slope.toFixed(3)} (r^2 = ${d.fit.r2.toFixed(3)}; theory -0.5)`]
    : ['not enough widths for a fit'];
  return { tables: [{ title: 'relative Frobenius error ||Theta_n - Theta_inf||_F / ||Theta_inf||_F', table: { columns: ['width', 'mean error', 'std', 'seeds'], rows } }], notes };
}

export const ntkConvergence: ExperimentDefinition<typeof ntkConvergenceSchema, NtkConvergenceData> = {
  name: 'ntk-convergence',
  summary: 'Empirical NTK vs analytic NTK: relative Frobenius error against width, over several seeds, with a log-log slope fit.',
  schema: ntkConvergenceSchema,
  modelParameters: (p) => {
    const n = Math.max(...p.widths);
    return 2 * n + (p.depth - 1) * n * n + n;
  },
  createSession,
  summarize,
};
