/**
 * The worker side of the experiment protocol (protocol.ts), independent of
 * where it runs: inside a Web Worker (experiment-worker.ts) or in-process in
 * Node (tests, in-process.ts). It owns one experiment session at a time and
 * computes in chunks of about `chunkMs` milliseconds, yielding to the event
 * loop between chunks so that pause, set-params and dispose take effect fast.
 */
import * as tf from '@tensorflow/tfjs';
import { formatParam, type ParamValue } from '../../ui/params';
import { initBackend } from '../backend';
import { resolveParams } from '../experiments/params';
import type { AnyExperiment, ExperimentSession } from '../experiments/types';
import type { ClientMessage, MessageEndpoint, ParamPatch, RunState, WorkerMessage } from './protocol';

export interface HostOptions {
  /** Target compute time per chunk between yields (default 12 ms). */
  chunkMs?: number;
  /** Minimum time between progress messages (default 200 ms). */
  progressMs?: number;
  /** Experiment lookup (default: the registry, imported on first use). */
  find?: (name: string) => AnyExperiment | undefined | Promise<AnyExperiment | undefined>;
}

/** Let queued messages in: setImmediate in Node, a MessageChannel hop in browsers (no 4 ms clamp). */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (g.setImmediate) return new Promise((resolve) => { g.setImmediate!(resolve); });
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
    channel.port2.postMessage(null);
  });
}

function errorMessage(error: unknown, fatal: boolean): WorkerMessage {
  const e = error instanceof Error ? error : new Error(String(error));
  return { type: 'error', message: e.message, stack: e.stack, fatal };
}

/** Serve one client on `endpoint`. Returns a handle for tests (state, and a promise of the loop). */
export function createExperimentHost(endpoint: MessageEndpoint<ClientMessage, WorkerMessage>, options: HostOptions = {}) {
  const chunkMs = options.chunkMs ?? 12;
  const progressMs = options.progressMs ?? 200;
  const find = options.find
    ?? (async (name: string) => (await import('../experiments/registry')).findExperiment(name));

  let definition: AnyExperiment | null = null;
  let session: ExperimentSession<Record<string, ParamValue>, unknown> | null = null;
  let params: Record<string, ParamValue> = {};
  let backend: BackendChoice = undefined;
  let state: RunState = 'idle';
  let remaining = 0;
  let lastRunRequest: number | undefined;
  let credit = true;
  let seq = 0;
  let msPerUnit = 0;
  let lastProgress = 0;
  let loop: Promise<void> | null = null;
  let disposed = false;
  /** Set by pause / init / set-params / dispose; the loop stops after the current chunk. */
  let stopRequested = false;
  /** Control messages are handled one after another (init is async). */
  let queue: Promise<void> = Promise.resolve();

  type BackendChoice = 'wasm' | 'cpu' | 'webgl' | undefined;

  const post = (m: WorkerMessage) => endpoint.post(m);
  const setState = (s: RunState) => { if (s !== state) { state = s; post({ type: 'state', state: s }); } };

  function postSnapshot(final: boolean): void {
    if (!session) return;
    post({ type: 'snapshot', seq: ++seq, unitsDone: session.unitsDone, totalUnits: session.totalUnits, final, data: session.snapshot() });
    credit = false;
  }

  function postProgress(unitsPerSecond: number): void {
    if (!session) return;
    lastProgress = performance.now();
    post({ type: 'progress', unitsDone: session.unitsDone, totalUnits: session.totalUnits, unitsPerSecond });
  }

  async function runLoop(): Promise<void> {
    const s = session;
    if (!s) return;
    try {
      while (!stopRequested && state === 'running' && session === s && remaining > 0 && s.unitsDone < s.totalUnits) {
        const chunk = Math.max(1, Math.min(remaining, msPerUnit > 0 ? Math.floor(chunkMs / msPerUnit) : 1));
        const before = s.unitsDone;
        const t0 = performance.now();
        await s.step(chunk);
        const done = Math.max(1, s.unitsDone - before);
        const dt = performance.now() - t0;
        msPerUnit = msPerUnit === 0 ? dt / done : 0.7 * msPerUnit + 0.3 * (dt / done);
        remaining -= done;
        if (credit) postSnapshot(false);
        if (performance.now() - lastProgress >= progressMs) postProgress(msPerUnit > 0 ? 1000 / msPerUnit : 0);
        await yieldToEventLoop();
      }
      if (session !== s || disposed || stopRequested) return;
      if (state === 'running') {
        postProgress(msPerUnit > 0 ? 1000 / msPerUnit : 0);
        postSnapshot(true);
        setState(s.unitsDone >= s.totalUnits ? 'done' : 'idle');
      }
    } catch (error) {
      post(errorMessage(error, true));
      freeSession();
      setState('idle');
    }
  }

  function startLoop(): void {
    if (!loop) loop = runLoop().finally(() => { loop = null; });
  }

  async function stopLoop(): Promise<void> {
    stopRequested = true;
    if (loop) await loop;
    stopRequested = false;
  }

  function freeSession(): void {
    const s = session;
    session = null;
    if (s) s.dispose();
  }

  async function createSession(): Promise<void> {
    if (!definition) return;
    freeSession();
    msPerUnit = 0;
    credit = true;
    const chosen = await initBackend(backend, { modelParameters: definition.modelParameters?.(params) });
    session = await definition.createSession(params) as ExperimentSession<Record<string, ParamValue>, unknown>;
    post({
      type: 'ready', experiment: definition.name, backend: chosen, params: { ...params }, notices: [],
      totalUnits: session.totalUnits,
    });
  }

  function run(units: number | undefined): void {
    if (!session) { post(errorMessage(new Error('run before init'), false)); return; }
    lastRunRequest = units;
    remaining = units ?? Infinity;
    if (session.unitsDone >= session.totalUnits) { postSnapshot(true); setState('done'); return; }
    setState('running');
    stopRequested = false;
    startLoop();
  }

  async function handle(m: ClientMessage): Promise<void> {
    if (disposed) { post(errorMessage(new Error(`worker disposed; "${m.type}" ignored`), false)); return; }
    switch (m.type) {
      case 'init': {
        await stopLoop();
        const def = await find(m.experiment);
        if (!def) throw new Error(`unknown experiment "${m.experiment}"`);
        definition = def;
        backend = m.backend;
        const resolved = resolveParams(def.schema, m.params);
        params = resolved.values as Record<string, ParamValue>;
        setState('idle');
        await createSession();
        if (resolved.notices.length) post({ type: 'error', message: resolved.notices.join('; '), fatal: false });
        postSnapshot(true);
        return;
      }
      case 'run': run(m.units); return;
      case 'pause':
        if (state === 'running') { await stopLoop(); postSnapshot(true); setState('paused'); }
        stopRequested = false;
        return;
      case 'resume':
        if (state === 'paused' && session) {
          remaining = remaining > 0 ? remaining : (lastRunRequest ?? Infinity);
          setState('running');
          startLoop();
        }
        return;
      case 'snapshot': postSnapshot(true); return;
      case 'frame-done': credit = true; return;
      case 'memory': {
        const mem = tf.memory();
        post({ type: 'memory', requestId: m.requestId, numTensors: mem.numTensors, numBytes: mem.numBytes, backend: tf.getBackend() ?? '' });
        return;
      }
      case 'set-params': await setParams(m.params); return;
      case 'dispose': {
        await stopLoop();
        freeSession();
        disposed = true;
        post({ type: 'disposed' });
        return;
      }
      default: {
        const unknown = (m as { type?: unknown }).type;
        post(errorMessage(new Error(`unknown message type "${String(unknown)}"`), false));
      }
    }
  }

  async function setParams(patch: ParamPatch): Promise<void> {
    if (!definition || !session) throw new Error('set-params before init');
    const resolved = resolveParams(definition.schema, { ...params, ...patch });
    const next = resolved.values as Record<string, ParamValue>;
    const changed = Object.keys(next).filter((k) =>
      formatParam(definition!.schema[k], next[k]) !== formatParam(definition!.schema[k], params[k]));
    if (resolved.notices.length) post({ type: 'error', message: resolved.notices.join('; '), fatal: false });
    if (changed.length === 0) return;
    const live = session.liveParams ?? [];
    params = next;
    if (session.setParams && changed.every((k) => live.includes(k))) {
      session.setParams(Object.fromEntries(changed.map((k) => [k, next[k]])));
      postSnapshot(true);
      return;
    }
    const wasRunning = state === 'running';
    await stopLoop();
    await createSession();
    postSnapshot(true);
    if (wasRunning) run(lastRunRequest);
    else setState('idle');
  }

  endpoint.listen((m) => {
    // frame-done and pause must act while a chunk is computing: handle them at once.
    if (m.type === 'frame-done') { credit = true; return; }
    if (m.type === 'pause' || m.type === 'dispose' || m.type === 'init') stopRequested = true;
    queue = queue.then(() => handle(m)).catch((error: unknown) => {
      post(errorMessage(error, !session));
    });
  });

  return {
    get state() { return state; },
    get session() { return session; },
    /** Resolves when every message received so far has been handled. */
    settled(): Promise<void> { return queue; },
  };
}
