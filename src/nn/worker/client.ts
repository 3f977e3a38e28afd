/**
 * Main-thread side of an experiment worker (protocol.ts). A widget creates one
 * client, which starts one module Worker, and only draws what arrives:
 *
 *   const client = createExperimentClient<TrainMlpData>('train-mlp', { width: 512 });
 *   client.onSnapshot = (data) => draw(data);      // at most once per animation frame
 *   client.onError = (e) => ctx.setStatus(e.message, 'error');
 *   const { backend } = await client.ready;        // show it in the footer
 *   client.run(1000);                              // or client.run() until the experiment finishes
 *   ...
 *   await client.dispose();                        // frees tensors, terminates the worker
 *
 * This module imports no TensorFlow.js: the heavy code lives in the worker.
 */
import type { BackendName } from '../backend';
import type { ClientMessage, MessageEndpoint, ParamPatch, RunState, WorkerMessage } from './protocol';

/** A transport to an experiment host; `terminate` ends it for good. */
export interface ClientEndpoint extends MessageEndpoint<WorkerMessage, ClientMessage> {
  terminate(): void;
}

export interface ReadyInfo {
  experiment: string;
  backend: string;
  params: ParamPatch;
  totalUnits: number;
}

export interface SnapshotInfo {
  seq: number;
  unitsDone: number;
  totalUnits: number;
  /** True for the snapshot that ends a run (done, paused or k units reached) or answers a request. */
  final: boolean;
}

export interface ProgressInfo {
  unitsDone: number;
  totalUnits: number;
  unitsPerSecond: number;
}

export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  backend: string;
}

/** An error raised in the worker (or by the worker failing to start). */
export class ExperimentError extends Error {
  override name = 'ExperimentError';
  constructor(message: string, readonly fatal: boolean, readonly workerStack?: string) {
    super(message);
  }
}

export interface ExperimentClientOptions {
  backend?: BackendName;
  /** Transport to the host (default: a new module Worker). Node tests pass createInProcessEndpoint(). */
  endpoint?: ClientEndpoint;
  /** Frame scheduler (default requestAnimationFrame, or a 16 ms timer where there is none). */
  requestFrame?: (callback: () => void) => void;
  /** How long dispose waits for the worker to free its tensors before terminating it (default 2000 ms). */
  disposeTimeoutMs?: number;
}

export interface ExperimentClient<D> {
  /** Resolves when the session exists (rejects on a fatal start-up error). */
  readonly ready: Promise<ReadyInfo>;
  /** Backend name reported by the worker ('' until ready). */
  readonly backend: string;
  /** Last state reported by the worker (or requested: run/resume set 'running' at once). */
  readonly state: RunState;
  /** Data of the last delivered snapshot. */
  readonly latest: D | undefined;
  /** Every error received, in order. */
  readonly errors: readonly ExperimentError[];
  readonly disposed: boolean;
  /** Called at most once per animation frame with the newest snapshot. */
  onSnapshot: ((data: D, info: SnapshotInfo) => void) | null;
  onProgress: ((progress: ProgressInfo) => void) | null;
  onState: ((state: RunState) => void) | null;
  /** Errors from the worker. Without a handler they go to console.error: never dropped. */
  onError: ((error: ExperimentError) => void) | null;
  /** Compute `units` more units (undefined: until the experiment finishes). */
  run(units?: number): void;
  pause(): void;
  resume(): void;
  /** Change parameters; non-live ones restart the session (training resumes if it was running). */
  setParams(patch: ParamPatch): void;
  /** Ask for a snapshot now. */
  requestSnapshot(): void;
  /** tfjs memory counters inside the worker. */
  memory(): Promise<MemoryInfo>;
  /** Resolves with the latest data once the worker stops running (idle, paused or done) and it was drawn. */
  settled(): Promise<D>;
  /** Free everything and terminate the worker. Idempotent. */
  dispose(): Promise<void>;
}

function defaultFrame(callback: () => void): void {
  const g = globalThis as { requestAnimationFrame?: (cb: () => void) => number };
  if (g.requestAnimationFrame) g.requestAnimationFrame(callback);
  else setTimeout(callback, 16);
}

function workerEndpoint(): ClientEndpoint {
  const worker = new Worker(new URL('./experiment-worker.ts', import.meta.url), { type: 'module' });
  return {
    post: (m) => worker.postMessage(m),
    listen(receiver) {
      worker.onmessage = (event: MessageEvent<WorkerMessage>) => receiver(event.data);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        receiver({ type: 'error', message: event.message || 'experiment worker failed to start', fatal: true });
      };
      worker.onmessageerror = () => receiver({ type: 'error', message: 'a worker message could not be read', fatal: false });
    },
    terminate: () => worker.terminate(),
  };
}

interface Waiter<T> { resolve(value: T): void; reject(error: Error): void }

/** Start an experiment in its own worker. */
export function createExperimentClient<D = unknown>(
  experiment: string, params: ParamPatch = {}, options: ExperimentClientOptions = {},
): ExperimentClient<D> {
  const endpoint = options.endpoint ?? workerEndpoint();
  const requestFrame = options.requestFrame ?? defaultFrame;
  const disposeTimeoutMs = options.disposeTimeoutMs ?? 2000;

  let backend = '';
  let state: RunState = 'idle';
  let latest: D | undefined;
  let disposed = false;
  const errors: ExperimentError[] = [];
  let pending: { data: D; info: SnapshotInfo } | null = null;
  let frameScheduled = false;
  let lastDeliveredSeq = 0;
  let lastReceivedSeq = 0;
  /** Seq of the snapshot that closed the latest run; settled() waits until it is drawn. */
  let settleSeq = -1;
  let nextRequestId = 1;
  const memoryWaiters = new Map<number, Waiter<MemoryInfo>>();
  const settleWaiters: Waiter<D>[] = [];
  let onDisposed: (() => void) | null = null;

  let readyResolve!: (info: ReadyInfo) => void;
  let readyReject!: (error: Error) => void;
  let isReady = false;
  const ready = new Promise<ReadyInfo>((resolve, reject) => { readyResolve = resolve; readyReject = reject; });
  ready.catch(() => { /* surfaced through onError as well */ });

  const send = (m: ClientMessage) => { if (!disposed) endpoint.post(m); };

  function report(error: ExperimentError): void {
    errors.push(error);
    if (client.onError) client.onError(error);
    else console.error(`[${experiment} worker] ${error.message}`);
    if (error.fatal) {
      if (!isReady) readyReject(error);
      for (const w of settleWaiters.splice(0)) w.reject(error);
    }
  }

  function stoppedAndDrawn(): boolean {
    return state !== 'running' && lastDeliveredSeq >= settleSeq && pending === null;
  }

  function checkSettled(): void {
    if (!stoppedAndDrawn() || latest === undefined) return;
    for (const w of settleWaiters.splice(0)) w.resolve(latest);
  }

  function deliver(): void {
    frameScheduled = false;
    if (disposed || !pending) return;
    const { data, info } = pending;
    pending = null;
    latest = data;
    lastDeliveredSeq = info.seq;
    try {
      client.onSnapshot?.(data, info);
    } catch (error) {
      report(new ExperimentError(`onSnapshot threw: ${error instanceof Error ? error.message : String(error)}`, false));
    }
    send({ type: 'frame-done' });
    checkSettled();
  }

  function receive(m: WorkerMessage): void {
    if (disposed && m.type !== 'disposed') return;
    switch (m.type) {
      case 'ready':
        backend = m.backend;
        isReady = true;
        readyResolve({ experiment: m.experiment, backend: m.backend, params: m.params, totalUnits: m.totalUnits });
        return;
      case 'snapshot':
        lastReceivedSeq = m.seq;
        pending = { data: m.data as D, info: { seq: m.seq, unitsDone: m.unitsDone, totalUnits: m.totalUnits, final: m.final } };
        if (!frameScheduled) { frameScheduled = true; requestFrame(deliver); }
        return;
      case 'progress':
        client.onProgress?.({ unitsDone: m.unitsDone, totalUnits: m.totalUnits, unitsPerSecond: m.unitsPerSecond });
        return;
      case 'state':
        state = m.state;
        if (m.state !== 'running') settleSeq = lastReceivedSeq;
        client.onState?.(m.state);
        checkSettled();
        return;
      case 'memory': {
        const w = memoryWaiters.get(m.requestId);
        memoryWaiters.delete(m.requestId);
        w?.resolve({ numTensors: m.numTensors, numBytes: m.numBytes, backend: m.backend });
        return;
      }
      case 'error':
        report(new ExperimentError(m.message, m.fatal, m.stack));
        return;
      case 'disposed':
        onDisposed?.();
        return;
    }
  }

  endpoint.listen(receive);
  send({ type: 'init', experiment, params, backend: options.backend });

  const client: ExperimentClient<D> = {
    ready,
    get backend() { return backend; },
    get state() { return state; },
    get latest() { return latest; },
    get errors() { return errors; },
    get disposed() { return disposed; },
    onSnapshot: null,
    onProgress: null,
    onState: null,
    onError: null,
    run(units?: number) {
      if (units !== undefined && !(units >= 1)) throw new RangeError(`run: units must be >= 1, got ${units}`);
      state = 'running';
      send({ type: 'run', units });
    },
    pause() { send({ type: 'pause' }); },
    resume() { if (state === 'paused') state = 'running'; send({ type: 'resume' }); },
    setParams(patch: ParamPatch) { send({ type: 'set-params', params: patch }); },
    requestSnapshot() { send({ type: 'snapshot' }); },
    memory() {
      if (disposed) return Promise.reject(new ExperimentError('client disposed', true));
      const requestId = nextRequestId++;
      return new Promise<MemoryInfo>((resolve, reject) => {
        memoryWaiters.set(requestId, { resolve, reject });
        send({ type: 'memory', requestId });
      });
    },
    settled() {
      if (disposed) return Promise.reject(new ExperimentError('client disposed', true));
      return new Promise<D>((resolve, reject) => {
        settleWaiters.push({ resolve, reject });
        checkSettled();
      });
    },
    async dispose() {
      if (disposed) return;
      const freed = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, disposeTimeoutMs);
        onDisposed = () => { clearTimeout(timer); resolve(); };
      });
      endpoint.post({ type: 'dispose' });
      disposed = true;
      await freed;
      endpoint.terminate();
      const gone = new ExperimentError('client disposed', true);
      if (!isReady) readyReject(gone);
      for (const w of memoryWaiters.values()) w.reject(gone);
      memoryWaiters.clear();
      for (const w of settleWaiters.splice(0)) w.reject(gone);
    },
  };
  return client;
}
