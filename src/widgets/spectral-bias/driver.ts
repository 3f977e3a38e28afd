/**
 * The spectral-bias worker (experiment `spectral-bias`) on the shared paced
 * driver: each request trains up to the next recorded step (log-spaced, so
 * the fast early modes are visible), one request per drawn snapshot; worker
 * memory is recorded between requests (leak checks); a change of parameters
 * or reset starts a new session (restart counter) and plays.
 */
import type { SpectralBiasData } from '../../nn/experiments/spectral-bias-schema';
import type { ExperimentError } from '../../nn/worker/client';
import type { TransportState } from '../../ui/transport';
import { createPacedDriver, type PacedDriver } from '../shared/training-driver';

export type { MemoryRecord } from '../shared/training-driver';

/** Parameters the widget sends to the experiment (the rest keep the experiment's defaults). */
export interface RunParams {
  width: number;
  depth: number;
  activation: string;
  frequency: number;
  amplitude: number;
  learningRate: number;
  steps: number;
  seed: number;
}

export type SpectralDriver = PacedDriver<RunParams, SpectralBiasData>;

/** Steps from the current step to the next recorded one (at least 1). */
export function stepsToNextRecord(data: SpectralBiasData): number {
  const next = data.recordSteps.find((s) => s > data.step);
  return Math.max(1, (next ?? data.totalSteps) - data.step);
}

export function createSpectralDriver(initial: RunParams, callbacks: {
  onData(data: SpectralBiasData): void;
  onState(state: TransportState): void;
  onInfo(info: { backend: string; stepsPerSecond: number | null }): void;
  onError(error: ExperimentError): void;
}): SpectralDriver {
  return createPacedDriver<RunParams, SpectralBiasData>({
    experiment: 'spectral-bias',
    outcome: (d) => (d.step < d.totalSteps ? null : d.diverged ? 'diverged' : 'done'),
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
