/**
 * A paced driver for a training experiment that runs in a worker: the main
 * thread only asks for work and draws, and this module decides when to ask
 * and what the transport (play / pause / step / reset) shows.
 *
 * - Playing is a loop of `client.run(k)` requests, one per drawn snapshot:
 *   k = `spec.stepsPerRequest(data)`, then the loop waits for the snapshot
 *   that closes the request (and, if the spec says so, for `spec.pace()`).
 * - The reader's wish to play (`wantPlay`, true at first: autoplay) and the
 *   widget being on screen (`active`) are kept apart: setActive(false) pauses
 *   the worker without forgetting the wish, and a reader's pause sticks.
 * - Every run is a session: reset (and, with `countParamChanges`, a change of
 *   parameters) bumps the experiment's `restart` counter, which its snapshots
 *   echo. A snapshot that does not echo the current counter (and, with
 *   `belongs`, the current parameters) is of an older session and dropped.
 * - With `recordMemory`, the loop asks the idle worker for its TensorFlow.js
 *   memory counters after each request (kept in `memory`, for leak checks).
 */
import { createExperimentClient, type ExperimentClient, type ExperimentError } from '../../nn/worker/client';
import type { ParamPatch } from '../../nn/worker/protocol';
import type { ParamValue } from '../../ui/params';
import type { TransportState } from '../../ui/transport';

/** What every snapshot of a paced experiment carries. */
export interface PacedRunData {
  step: number;
  totalSteps: number;
  /** Echo of the session's restart counter. */
  restart: number;
}

/** Run parameters the widget sends to the experiment (plain values, no `restart`: the driver adds it). */
export type RunParamsOf<P> = { readonly [K in keyof P]: ParamValue };

/** How a run ended: null while it goes on. */
export type RunOutcome = 'done' | 'diverged' | null;

export interface PacedDriverSpec<P extends RunParamsOf<P>, D extends PacedRunData> {
  /** Experiment name (see src/nn/experiments). */
  experiment: string;
  /** 'done' / 'diverged' once the run cannot go on, else null. */
  outcome(data: D): RunOutcome;
  /** Steps of one request of the play loop. */
  stepsPerRequest(data: D): number;
  /** Steps of one press of "step". */
  stepsPerPress(data: D): number;
  /** Extra check that a snapshot is of the current parameters (besides the restart echo). */
  belongs?(data: D, params: P): boolean;
  /** Whether a change of parameters bumps the restart counter too (else only reset does). */
  countParamChanges: boolean;
  /** Whether reset also undoes a reader's pause. */
  resetPlays: boolean;
  /** Awaited after each request of the play loop (e.g. the next animation frame). */
  pace?(): Promise<void>;
  /** Record the worker's memory counters after each request. */
  recordMemory?: boolean;
}

export interface MemoryRecord { step: number; numTensors: number; numBytes: number }

export interface PacedDriverCallbacks<D> {
  /** New data of the current session (drawn by the widget). */
  onData(data: D): void;
  /** The transport state changed. */
  onState(state: TransportState): void;
  /** Worker ready (backend name) or compute speed (steps per second, null: not known yet) changed. */
  onInfo(info: { backend: string; unitsPerSecond: number | null }): void;
  onError(error: ExperimentError): void;
}

export interface PacedDriver<P, D> {
  readonly client: ExperimentClient<D>;
  /** Latest data of the current session (undefined until its first snapshot). */
  readonly data: D | undefined;
  readonly state: TransportState;
  /** Worker memory counters after recent requests (empty without `recordMemory`). */
  readonly memory: readonly MemoryRecord[];
  play(): void;
  pause(): void;
  /** Train `stepsPerPress` steps (when paused and not finished). */
  step(): void;
  /** Restart training from t = 0 (same parameters). */
  reset(): void;
  /** New parameters: restart with them and play (nothing happens when none changed). */
  setParams(params: Partial<P>): void;
  /** On screen or not: pauses without changing whether the reader wants it to play. */
  setActive(active: boolean): void;
  dispose(): Promise<void>;
}

/** Memory records kept (the oldest are dropped). */
const MEMORY_RECORDS = 200;

/** Resolves at the next animation frame (or after 16 ms where there are none). */
export function nextFrame(): Promise<void> {
  const g = globalThis as { requestAnimationFrame?: (cb: () => void) => number };
  return new Promise((resolve) => {
    if (g.requestAnimationFrame) g.requestAnimationFrame(() => resolve()); else setTimeout(resolve, 16);
  });
}

function toPatch<P extends RunParamsOf<P>>(params: P, restart: number): ParamPatch {
  return { ...(params as Readonly<Record<string, ParamValue>>), restart };
}

export function createPacedDriver<P extends RunParamsOf<P>, D extends PacedRunData>(
  spec: PacedDriverSpec<P, D>, initial: P, callbacks: PacedDriverCallbacks<D>,
): PacedDriver<P, D> {
  let params: P = { ...initial };
  let restart = 0;
  const client = createExperimentClient<D>(spec.experiment, toPatch(params, restart));
  /** The reader wants it to play (autoplay until they press pause). */
  let wantPlay = true;
  let active = true;
  let looping = false;
  let disposed = false;
  let data: D | undefined;
  let state: TransportState = 'paused';
  let waiters: (() => void)[] = [];
  const memory: MemoryRecord[] = [];

  const current = (d: D | undefined): d is D =>
    d !== undefined && d.restart === restart && (spec.belongs ? spec.belongs(d, params) : true);
  const finished = (d: D): boolean => spec.outcome(d) !== null;

  function publish(): void {
    const outcome = data ? spec.outcome(data) : null;
    const next: TransportState = outcome ?? (wantPlay && active && looping ? 'playing' : 'paused');
    if (next !== state) { state = next; callbacks.onState(next); }
  }

  client.onSnapshot = (snapshot) => {
    if (!current(snapshot)) return;
    data = snapshot;
    callbacks.onData(snapshot);
    for (const w of waiters.splice(0)) w();
    publish();
  };
  client.onProgress = (p) => callbacks.onInfo({ backend: client.backend, unitsPerSecond: p.unitsPerSecond > 0 ? p.unitsPerSecond : null });
  client.onError = (error) => callbacks.onError(error);
  client.ready.then((info) => {
    if (!disposed) callbacks.onInfo({ backend: info.backend, unitsPerSecond: null });
  }, () => { /* reported through onError */ });

  /** Resolves once a snapshot of the current session has been drawn. */
  function currentData(): Promise<D> {
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
      const m = await client.memory();
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
        client.run(spec.stepsPerRequest(now));
        const after = await client.settled();
        if (spec.recordMemory && current(after)) await recordMemory(after.step);
        if (spec.pace) await spec.pace();
      }
    } catch {
      // Disposed, or a fatal worker error (already reported through onError).
    } finally {
      looping = false;
      publish();
    }
  }

  function restartWith(next: P, bump: boolean): void {
    params = next;
    if (bump) restart += 1;
    data = undefined;
    client.setParams(toPatch(next, restart));
    publish();
    if (wantPlay && active) void loop();
  }

  // Autoplay once the worker is ready, unless setActive(false) comes first. Deferred so that no
  // callback runs before the caller holds the driver (callbacks may read it).
  queueMicrotask(() => { void loop(); });

  return {
    client,
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
      client.run(spec.stepsPerPress(data));
      if (spec.recordMemory) void client.settled().then((d) => (current(d) ? recordMemory(d.step) : undefined), () => undefined);
    },
    reset() {
      if (spec.resetPlays) wantPlay = true;
      restartWith({ ...params }, true);
    },
    setParams(patch) {
      const next: P = { ...params, ...patch };
      const changed = (Object.keys(next) as (keyof P)[]).some((k) => next[k] !== params[k]);
      if (!changed) return;
      // A change of the network is a new run: play it.
      wantPlay = true;
      restartWith(next, spec.countParamChanges);
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
