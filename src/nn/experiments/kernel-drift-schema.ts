/**
 * kernel-drift: parameters and plain data (see kernel-drift.ts for the
 * experiment). Networks of several widths train one after another, smallest
 * first, on the running example with the same learning rate, and each is
 * measured at evenly spaced steps:
 *   kernel change       ||Theta_t - Theta_0||_F / ||Theta_0||_F,
 *   analytic distance   ||Theta_t - Theta||_F / ||Theta||_F  (Theta: infinite-width NTK),
 *   weight change       ||W_t - W_0||_F / ||W_0||_F per layer,
 * all kernels on the N training inputs; the first network of each width also
 * records Theta_0 and Theta_T on an even grid of inputs for heatmaps.
 */
import type { Matrix } from '../../core';
import type { ParamsOf } from '../../ui/params';
import type { MlpSpec } from '../index';
import type { PowerLawFit } from './fit';

export const kernelDriftSchema = {
  widths: {
    kind: 'list', label: 'widths n', min: 2, max: 8192, minLength: 1, maxLength: 12,
    default: [64, 128, 256, 512, 1024, 2048],
    description: 'Hidden widths, trained one after another from the smallest.',
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
  gridPoints: {
    kind: 'int', label: 'heatmap grid inputs', min: 0, max: 64, default: 24,
    description: 'Even grid over [-pi, pi) on which the first network of each width records Theta_0 and Theta_T (0: none).',
  },
  embedding: { kind: 'enum', label: 'input embedding', options: ['circle', 'affine'], default: 'circle' },
  seed: { kind: 'int', label: 'seed', min: 0, max: 1_000_000, default: 0 },
} as const;

export type KernelDriftParams = ParamsOf<typeof kernelDriftSchema>;

export interface MeanStd { mean: number | null; std: number | null }

/**
 * One training run (one width, one network), measured at step 0 and at the
 * end of every chunk; every array is aligned with `step`.
 */
export interface DriftCurve {
  width: number;
  /** Index of the network among those of its width. */
  seed: number;
  step: number[];
  /** ||Theta_t - Theta_0||_F / ||Theta_0||_F on the training inputs (0 at step 0). */
  kernelChange: number[];
  /** ||Theta_t - Theta||_F / ||Theta||_F, Theta the analytic infinite-width NTK on the training inputs. */
  analyticDistance: number[];
  /** Mean over layers of the relative weight change. */
  weightChange: number[];
  /** layerWeightChange[l][k]: ||W_l - W_l(0)||_F / ||W_l(0)||_F of layer l (1 = input layer) at measurement k. */
  layerWeightChange: number[][];
  /** (1 / 2N) sum (f - y)^2 on the training set. */
  trainLoss: number[];
  diverged: { step: number; reason: string } | null;
}

/** Per width, over its finished, non-diverged networks. */
export interface WidthSummary {
  width: number;
  /** Networks that reached the last step without diverging. */
  finished: number;
  kernelChange: MeanStd;
  analyticDistanceInitial: MeanStd;
  analyticDistanceFinal: MeanStd;
  weightChange: MeanStd;
  /** One entry per layer. */
  layerWeightChange: MeanStd[];
  /** Compute time of this width's networks so far (ms). */
  computeMs: number;
}

/** Kernels of the first network of one width on the heatmap grid (null until computed, or after divergence). */
export interface GridKernels {
  width: number;
  initial: Matrix | null;
  final: Matrix | null;
  /** ||Theta_0 - Theta||_F / ||Theta||_F and ||Theta_T - Theta||_F / ||Theta||_F on the grid. */
  initialDistance: number | null;
  finalDistance: number | null;
  /** ||Theta_T - Theta_0||_F / ||Theta_0||_F on the grid. */
  change: number | null;
}

export interface DriftProgress {
  /** Widths whose every network has finished (or diverged). */
  widthsDone: number;
  /** The network training now (null when done). */
  current: { width: number; seed: number; step: number } | null;
  /** Estimated work (parameter-steps) done and in total: the widget's time estimate. */
  workDone: number;
  workTotal: number;
  /** Compute time of the session so far (ms, pauses excluded). */
  computeMs: number;
}

export interface KernelDriftData {
  widths: number[];
  depth: number;
  activation: string;
  learningRate: number;
  maxLearningRate: number;
  learningRateFraction: number;
  steps: number;
  seeds: number;
  curves: DriftCurve[];
  perWidth: WidthSummary[];
  /** Per width: mean (and std) of the final relative kernel change (same as perWidth[i].kernelChange). */
  kernelChange: MeanStd[];
  /** Per width: mean over layers of the final relative weight change. */
  weightChange: MeanStd[];
  /** Power laws against width over the finished widths. */
  kernelFit: PowerLawFit | null;
  weightFit: PowerLawFit | null;
  /** One fit per layer of the final relative weight change. */
  layerWeightFits: (PowerLawFit | null)[];
  /** Fit of the distance to the analytic NTK at initialization. */
  analyticInitialFit: PowerLawFit | null;
  /** Heatmap grid (raw x in [-pi, pi)), the analytic NTK on it, and each width's first network. */
  grid: { xs: number[]; analytic: Matrix; kernels: GridKernels[] };
  progress: DriftProgress;
}

/** Spec of network `seedIndex` at a width (seed streams distinct per width and index). */
export function driftSpec(p: KernelDriftParams, width: number, seedIndex: number): MlpSpec {
  return {
    inputDim: 2, width, depth: p.depth, activation: p.activation as MlpSpec['activation'],
    weightVariance: p.weightVariance, biasVariance: p.biasVariance, parameterization: 'ntk',
    seed: p.seed * 1_000_003 + width * 1009 + seedIndex + 500_000,
  };
}

/** The widths of a run: rounded, deduplicated, ascending (small networks finish first). */
export function driftWidths(widths: readonly number[]): number[] {
  return [...new Set(widths.map((w) => Math.max(1, Math.round(w))))].sort((a, b) => a - b);
}
