/**
 * spectral-bias, the tf-free part: parameters, the data a session reports,
 * and the target and its Fourier amplitudes on the evenly spaced circle
 * (see spectral-bias.ts for the experiment itself). The widget may import
 * values from here without pulling TensorFlow.js into the page.
 */
import type { ParamsOf } from '../../ui/params';

export const spectralBiasSchema = {
  width: { kind: 'log', label: 'width n', min: 8, max: 4096, default: 1024, integer: true },
  depth: { kind: 'int', label: 'depth L', min: 1, max: 4, default: 1 },
  activation: { kind: 'enum', label: 'activation', options: ['relu', 'erf', 'tanh'], default: 'relu' },
  weightVariance: { kind: 'float', label: 'sigma_w^2', min: 0.1, max: 4, step: 0.05, default: 2 },
  biasVariance: { kind: 'float', label: 'sigma_b^2', min: 0, max: 1, step: 0.01, default: 0.1 },
  frequency: { kind: 'int', label: 'high frequency k', min: 2, max: 12, default: 6 },
  amplitude: { kind: 'float', label: 'amplitude a of sin kx', min: 0, max: 1, step: 0.05, default: 0.5 },
  learningRate: { kind: 'float', label: 'learning rate / eta_max', min: 0.05, max: 1, step: 0.05, default: 0.4 },
  steps: { kind: 'log', label: 'gradient steps', min: 10, max: 10_000, default: 1000, integer: true },
  points: { kind: 'int', label: 'training points N', min: 26, max: 64, default: 32 },
  modes: { kind: 'int', label: 'top modes tracked', min: 1, max: 8, default: 5 },
  gridPoints: { kind: 'int', label: 'eigenfunction points', min: 21, max: 401, default: 161 },
  records: { kind: 'int', label: 'recorded steps (log-spaced)', min: 10, max: 200, default: 80 },
  seed: { kind: 'int', label: 'seed of the network initialization', min: 0, max: 1_000_000, default: 1 },
  restart: { kind: 'int', label: 'restart counter', min: 0, max: 1_000_000_000, default: 0 },
} as const;

export type SpectralBiasParams = ParamsOf<typeof spectralBiasSchema>;
export type Theory = 'analytic' | 'empirical';

/** Residual along the top modes of one kernel: [mode][record]. */
export interface ModeTraces {
  eigenvalues: number[];
  /** Dominant frequency of each tracked eigenvector. */
  frequencies: number[];
  measured: (number | null)[][];
  predicted: number[][];
  /** max over all steps so far of |measured - predicted| / |initial|, per mode. */
  maxDeviation: number[];
  /**
   * Rotation-invariant version: max over all steps so far of ||P_i (r_t - pred_t)|| / ||P_i r_0||,
   * P_i the projector on the eigenspace of lambda_i (eigenvalues equal to 1e-8 relative; a whole
   * pair even when only one of it is tracked). Equal to maxDeviation for a simple eigenvalue.
   */
  spaceDeviation: number[];
  /** Size of the eigenspace of each tracked mode (2 for an exactly degenerate pair). */
  multiplicity: number[];
}

/** Amplitude of one frequency in the network's fit over training: measured and predicted. */
export interface ComponentTrace {
  frequency: number;
  /** Target amplitude of sin(frequency x). */
  target: number;
  /** Eigenvalue of the analytic NTK along that sine (exact on the uniform grid). */
  eigenvalue: number;
  /** Rayleigh quotient of this network's Theta_0 along that sine. */
  eigenvalueEmpirical: number;
  measured: (number | null)[];
  /** a_target + (a_0 - a_target) (1 - eta lambda / N)^t with the analytic eigenvalue, and with Theta_0's. */
  predicted: number[];
  predictedEmpirical: number[];
  /** Rayleigh quotient of the network's current Theta_t along that sine, at the recorded steps (kernel drift). */
  eigenvalueOverTraining: (number | null)[];
}

export interface SpectralBiasData {
  width: number; depth: number; seed: number; restart: number;
  step: number; totalSteps: number; recordSteps: number[]; recorded: number;
  learningRate: number; learningRateFraction: number; etaMax: number;
  frequency: number; amplitude: number;
  trainXs: number[]; trainYs: number[];
  /** All eigenvalues, descending. */
  spectrum: Record<Theory, number[]>;
  /** Top modes tracked against each theory. */
  modes: Record<Theory, ModeTraces>;
  /** Nystrom eigenfunctions of the analytic NTK over `grid`, [mode][m], and their values at the training points. */
  grid: number[];
  eigenfunctions: number[][];
  eigenvectors: number[][];
  low: ComponentTrace;
  high: ComponentTrace;
  /** Latest network output on `grid`, and the noise-free target there. */
  fit: number[];
  target: number[];
  trainLoss: (number | null)[];
  diverged: { step: number; reason: string } | null;
}

/** N inputs evenly spaced on the circle (no duplicate at +-pi). */
export function circleGrid(count: number): number[] {
  return Array.from({ length: count }, (_, a) => -Math.PI + (2 * Math.PI * (a + 0.5)) / count);
}

/** The target sin x + a sin(k x). */
export function spectralTarget(x: number, frequency: number, amplitude: number): number {
  return Math.sin(x) + amplitude * Math.sin(frequency * x);
}

/** (2/N) sum_a f(x_a) sin(k x_a): amplitude of sin kx on the uniform grid. */
export function sineAmplitude(xs: readonly number[], f: ArrayLike<number>, k: number): number {
  let s = 0;
  for (let a = 0; a < xs.length; a++) s += f[a] * Math.sin(k * xs[a]);
  return (2 * s) / xs.length;
}

/** Predictions above eta_max grow like |1 - eta lambda / N|^t: kept finite (plain JSON) by capping at +-1e30. */
export const PREDICTION_CAP = 1e30;
