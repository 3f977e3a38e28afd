/**
 * Run an experiment to completion, headless: the pure async
 * `experiment(params, onProgress)` form used by the CLI and the tests.
 */
import * as tf from '@tensorflow/tfjs';
import type { ParamSchema, ParamsOf } from '../../ui/params';
import { initBackend } from '../backend';
import { resolveParams } from './params';
import type { ExperimentDefinition, Progress } from './types';

export interface RunOptions {
  /** Stop early: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Minimum milliseconds between progress callbacks (the last one always fires); default 0. */
  progressIntervalMs?: number;
}

/**
 * Resolve `params` against the schema (defaults for missing keys; an invalid
 * value throws a RangeError, since a silent clamp would change a figure),
 * start a backend if none is running, drive the session unit by unit and
 * return the final plain-data snapshot. Tensors are freed even on error.
 */
export async function runExperiment<S extends ParamSchema, D>(
  definition: ExperimentDefinition<S, D>,
  params: Partial<ParamsOf<S>> = {},
  onProgress?: (progress: Progress<D>) => void,
  options: RunOptions = {},
): Promise<D> {
  const { values, notices } = resolveParams(definition.schema, params);
  if (notices.length) throw new RangeError(`${definition.name}: ${notices.join('; ')}`);
  if (!tf.getBackend()) await initBackend(undefined, { modelParameters: definition.modelParameters?.(values) });
  const session = await definition.createSession(values);
  try {
    if (!Number.isFinite(session.totalUnits)) {
      throw new RangeError(`${definition.name} is open-ended (no final result); run it in a worker or step it yourself`);
    }
    let last = 0;
    const interval = options.progressIntervalMs ?? 0;
    while (session.unitsDone < session.totalUnits) {
      options.signal?.throwIfAborted();
      await session.step(1);
      const now = performance.now();
      const finished = session.unitsDone >= session.totalUnits;
      if (onProgress && (finished || now - last >= interval)) {
        last = now;
        onProgress({ unitsDone: session.unitsDone, totalUnits: session.totalUnits, data: session.snapshot() });
      }
    }
    return session.snapshot();
  } finally {
    session.dispose();
  }
}
