/**
 * Drives the linearized-training worker (experiment `linearized-training`)
 * and decides what the transport shows. The main thread asks for work and
 * draws, nothing else:
 *
 * - Playing is a loop of `client.run(k)` requests with k = the steps to the
 *   next recorded step, one request per drawn snapshot: on the log time axis
 *   the run advances one recorded step per frame or so (about 80 of them), so
 *   the early steps, where the function changes fastest, are visible.
 * - Between requests the worker is idle, and the driver asks it for its
 *   TensorFlow.js memory counters (kept in `memory`, for leak checks).
 * - Pause, off-screen (setActive(false)) and parameter changes stop or
 *   restart the session; every restart bumps the experiment's `restart`
 *   counter and snapshots echo it, so a frame of an older session is dropped.
 */
import type { LinearizedTrainingData } from '../../nn/experiments/linearized-training';
import { createExperimentClient, type ExperimentClient, type ExperimentError, type MemoryInfo } from '../../nn/worker/client';
import type { TransportState } from '../../ui/transport';

/** Parameters the widget sends to the experiment (the rest keep the experiment's defaults). */
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

export interface MemoryRecord { step: number; numTensors: number; numBytes: number }

export interface DriverCallbacks {
  onData(data: LinearizedTrainingData): void;
  onState(state: TransportState): void;
  onInfo(info: { backend: string; stepsPerSecond: number | null }): void;
  onError(error: ExperimentError): void;
}

export interface TrainingDriver {
  readonly data: LinearizedTrainingData | undefined;
  readonly state: TransportState;
  readonly memory: readonly MemoryRecord[];
  play(): void;
  pause(): void;
  /** Train up to the next recorded step (when paused). */
  step(): void;
  /** Restart from t = 0 with the same parameters. */
  reset(): void;
  /** Restart with new parameters (plays). */
  setParams(params: RunParams): void;
  setActive(active: boolean): void;
  dispose(): Promise<void>;
}

const MEMORY_RECORDS = 200;

function finished(data: LinearizedTrainingData): boolean {
  return data.step >= data.totalSteps;
}

/** Steps from the current step to the next recorded one (at least 1). */
export function stepsToNextRecord(data: LinearizedTrainingData): number {
  const next = data.recordSteps.find((s) => s > data.step);
  return Math.max(1, (next ?? data.totalSteps) - data.step);
}

export function createTrainingDriver(initial: RunParams, callbacks: DriverCallbacks): TrainingDriver {
  let params = { ...initial };
  let restart = 0;
  const client: ExperimentClient<LinearizedTrainingData> = createExperimentClient('linearized-training', { ...params, restart });
  let wantPlay = true;
  let active = true;
  let looping = false;
  let disposed = false;
  let data: LinearizedTrainingData | undefined;
  let state: TransportState = 'paused';
  let waiters: (() => void)[] = [];
  const memory: MemoryRecord[] = [];

  const current = (d: LinearizedTrainingData | undefined): d is LinearizedTrainingData => d !== undefined && d.restart === restart;

  function publish(): void {
    let next: TransportState;
    if (data && finished(data)) next = data.diverged.network ? 'diverged' : 'done';
    else next = wantPlay && active && looping ? 'playing' : 'paused';
    if (next !== state) { state = next; callbacks.onState(next); }
  }

  client.onSnapshot = (snapshot) => {
    if (!current(snapshot)) return;
    data = snapshot;
    callbacks.onData(snapshot);
    for (const w of waiters.splice(0)) w();
    publish();
  };
  client.onProgress = (p) => callbacks.onInfo({ backend: client.backend, stepsPerSecond: p.unitsPerSecond > 0 ? p.unitsPerSecond : null });
  client.onError = (error) => callbacks.onError(error);
  client.ready.then((info) => {
    if (!disposed) callbacks.onInfo({ backend: info.backend, stepsPerSecond: null });
  }, () => { /* reported through onError */ });

  function currentData(): Promise<LinearizedTrainingData> {
    if (current(data)) return Promise.resolve(data);
    return new Promise((resolve) => {
      const check = (): void => {
        if (disposed) return;
        if (current(data)) resolve(data); else waiters.push(check);
      };
      waiters.push(check);
    });
  }

  async function recordMemory(step: number): Promise<void> {
    try {
      const m: MemoryInfo = await client.memory();
      memory.push({ step, numTensors: m.numTensors, numBytes: m.numBytes });
      if (memory.length > MEMORY_RECORDS) memory.splice(0, memory.length - MEMORY_RECORDS);
    } catch {
      // Disposed meanwhile.
    }
  }

  async function loop(): Promise<void> {
    if (looping || disposed) return;
    looping = true;
    publish();
    try {
      await client.ready;
      while (wantPlay && active && !disposed) {
        const now = await currentData();
        if (!(wantPlay && active) || disposed || finished(now)) break;
        client.run(stepsToNextRecord(now));
        const after = await client.settled();
        if (current(after)) await recordMemory(after.step);
      }
    } catch {
      // Disposed, or a fatal worker error (already reported through onError).
    } finally {
      looping = false;
      publish();
    }
  }

  function restartWith(next: RunParams): void {
    params = next;
    restart += 1;
    data = undefined;
    client.setParams({ ...next, restart });
    publish();
    if (wantPlay && active) void loop();
  }

  // Autoplay once the caller holds the driver (callbacks may read it).
  queueMicrotask(() => { void loop(); });

  return {
    get data() { return current(data) ? data : undefined; },
    get state() { return state; },
    get memory() { return memory; },
    play() {
      wantPlay = true;
      if (active) void loop();
      publish();
    },
    pause() {
      wantPlay = false;
      client.pause();
      publish();
    },
    step() {
      if (looping || !current(data) || finished(data)) return;
      client.run(stepsToNextRecord(data));
      void client.settled().then((d) => (current(d) ? recordMemory(d.step) : undefined), () => undefined);
    },
    reset() {
      wantPlay = true;
      restartWith({ ...params });
    },
    setParams(next) {
      const changed = (Object.keys(next) as (keyof RunParams)[]).some((k) => next[k] !== params[k]);
      if (!changed) return;
      wantPlay = true;
      restartWith({ ...next });
    },
    setActive(on) {
      if (on === active) return;
      active = on;
      if (!on) client.pause();
      else if (wantPlay) void loop();
      publish();
    },
    async dispose() {
      disposed = true;
      for (const w of waiters.splice(0)) w();
      waiters = [];
      await client.dispose();
    },
  };
}
