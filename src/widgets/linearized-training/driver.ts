/**
 * The linearized-training worker (experiment `linearized-training`), on the
 * shared paced driver (../shared/training-driver.ts). What is its own:
 *
 * - Pacing: each request trains up to the next recorded step, one request per
 *   drawn snapshot: on the log time axis the run advances one recorded step
 *   per frame or so (about 80 of them), so the early steps, where the
 *   function changes fastest, are visible. "Step" does the same once.
 * - Between requests the worker is idle, and the driver asks it for its
 *   TensorFlow.js memory counters (kept in `memory`, for leak checks).
 * - Every restart (reset or new parameters) bumps the restart counter, which
 *   snapshots echo, so a frame of an older session is dropped; reset plays.
 */
import type { LinearizedTrainingData } from '../../nn/experiments/linearized-training';
import type { ExperimentError } from '../../nn/worker/client';
import type { TransportState } from '../../ui/transport';
import { createPacedDriver, type PacedDriver } from '../shared/training-driver';

export type { MemoryRecord } from '../shared/training-driver';

/** Parameters the widget sends to the experiment (the rest keep the experiment's defaults; the driver adds `restart`). */
export interface RunParams {
  width: number;
  depth: number;
  activation: string;
  weightVariance: number;
  biasVariance: number;
  learningRate: number;
  steps: number;
  seed: number;
}

export interface DriverCallbacks {
  onData(data: LinearizedTrainingData): void;
  onState(state: TransportState): void;
  onInfo(info: { backend: string; stepsPerSecond: number | null }): void;
  onError(error: ExperimentError): void;
}

export type TrainingDriver = PacedDriver<RunParams, LinearizedTrainingData>;

/** Steps from the current step to the next recorded one (at least 1). */
export function stepsToNextRecord(data: LinearizedTrainingData): number {
  const next = data.recordSteps.find((s) => s > data.step);
  return Math.max(1, (next ?? data.totalSteps) - data.step);
}

export function createTrainingDriver(initial: RunParams, callbacks: DriverCallbacks): TrainingDriver {
  return createPacedDriver<RunParams, LinearizedTrainingData>({
    experiment: 'linearized-training',
    outcome: (d) => (d.step < d.totalSteps ? null : d.diverged.network ? 'diverged' : 'done'),
    stepsPerRequest: stepsToNextRecord,
    stepsPerPress: stepsToNextRecord,
    countParamChanges: true,
    resetPlays: true,
    recordMemory: true,
  }, initial, {
    onData: callbacks.onData,
    onState: callbacks.onState,
    onInfo: (info) => callbacks.onInfo({ backend: info.backend, stepsPerSecond: info.unitsPerSecond }),
    onError: callbacks.onError,
  });
}
