/**
 * Reading the recorded history of a linearized-training session: which
 * recorded step the time slider points at, which one can be drawn yet, and a
 * y range for the predictions that stays fixed while the reader scrubs.
 * Pure functions of the worker's data; nothing here recomputes training.
 */
import type { LinearizedTrainingData, ModelTrace } from '../../nn/experiments/linearized-training';

/** Models drawn by the widget, in drawing order (bottom to top). */
export const MODELS = ['network', 'linearized', 'flow', 'flowEmpirical'] as const;
export type ModelName = (typeof MODELS)[number];

/** Record index the slider position `time` in [0, 1] asks for (log-spaced records: equal slider steps are equal ratios of t). */
export function requestedIndex(records: number, time: number): number {
  if (records <= 1) return 0;
  return Math.min(records - 1, Math.max(0, Math.round(time * (records - 1))));
}

/** Slider position of record `index`. */
export function timeOfIndex(records: number, index: number): number {
  return records <= 1 ? 0 : index / (records - 1);
}

/**
 * Record drawn for the slider position: the requested one once the network
 * and its linearization have reached it, else the latest they have reached
 * (so during training the figure follows the run up to the chosen time).
 */
export function shownIndex(data: LinearizedTrainingData, time: number): number {
  return Math.max(0, Math.min(requestedIndex(data.recordSteps.length, time), data.recorded - 1));
}

/** Index of the recorded step nearest to `step` on a log(1 + t) axis. */
export function nearestRecord(recordSteps: readonly number[], step: number): number {
  const target = Math.log1p(Math.max(0, step));
  let best = 0;
  recordSteps.forEach((s, i) => {
    if (Math.abs(Math.log1p(s) - target) < Math.abs(Math.log1p(recordSteps[best]) - target)) best = i;
  });
  return best;
}

export function trace(data: LinearizedTrainingData, model: ModelName): ModelTrace {
  return data[model];
}

/** The step at which `model` diverged, if it did (flows never diverge). */
export function divergedAt(data: LinearizedTrainingData, model: ModelName): number | null {
  if (model === 'network') return data.diverged.network?.step ?? null;
  if (model === 'linearized') return data.diverged.linearized?.step ?? null;
  return null;
}

/** Base y range of the prediction plot: the running example's range. */
export const BASE_Y: [number, number] = [-2, 2];
/** Predictions beyond ±MAX_Y leave the plot (clipped) instead of squashing it. */
export const MAX_Y = 6;

/**
 * y range of the prediction plot for a session: the targets, the training
 * points and every closed-form prediction (known for all t at the start, and
 * from f_0 to the converged fit), padded, within ±MAX_Y. It does not depend
 * on training progress or on the time shown, so scrubbing never rescales.
 */
export function predictionDomain(data: LinearizedTrainingData): [number, number] {
  let lo = BASE_Y[0];
  let hi = BASE_Y[1];
  const take = (v: number | null | undefined): void => {
    if (v === null || v === undefined || !Number.isFinite(v)) return;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  };
  data.trainYs.forEach(take);
  data.target.forEach(take);
  for (const row of data.flow.test) row?.forEach(take);
  const pad = 0.08 * (hi - lo);
  return [Math.max(-MAX_Y, lo - pad), Math.min(MAX_Y, hi + pad)];
}

/** RMS over the grid of a - b (null if either is missing). */
export function rmsDifference(a: readonly number[] | null, b: readonly number[] | null): number | null {
  if (!a || !b || a.length !== b.length || a.length === 0) return null;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s / a.length);
}
