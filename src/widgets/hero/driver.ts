/**
 * Drives the hero's training in its worker (experiment `hero`) and decides
 * what the transport shows. The main thread only asks for work and draws:
 *
 * - Playing is a loop of `client.run(k)` requests, one per drawn snapshot
 *   and at most one every other animation frame, with k = stepsPerRequest(t):
 *   one step at a time early on, when the function changes fastest, then
 *   about 2.5% of t per request, so the whole run takes several seconds to
 *   watch instead of a blur, and heavy networks simply go as fast as the
 *   worker can.
 * - Pause, off-screen (setActive(false)) and parameter changes stop or
 *   restart the worker's session; a new session is recognized by the
 *   parameters its snapshots echo (width, depth, seed, restart counter), so an
 *   old session's last frame never decides anything.
 */
import type { HeroData } from '../../nn/experiments/hero';
import { createExperimentClient, type ExperimentClient, type ExperimentError } from '../../nn/worker/client';
import type { TransportState } from '../../ui/transport';

/** Parameters the widget sends to the `hero` experiment (the rest keep the experiment's defaults). */
export interface HeroRunParams {
  width: number;
  depth: number;
  seed: number;
  restart: number;
}

/** Steps per request at step t: 1 until t = 40, then t / 40 (rounded up). */
export function stepsPerRequest(t: number): number {
  return Math.max(1, Math.ceil(t / 40));
}

function nextFrame(): Promise<void> {
  const g = globalThis as { requestAnimationFrame?: (cb: () => void) => number };
  return new Promise((resolve) => {
    if (g.requestAnimationFrame) g.requestAnimationFrame(() => resolve()); else setTimeout(resolve, 16);
  });
}

/** Steps one press of "step" trains. */
export const STEPS_PER_PRESS = 10;

export interface HeroDriverCallbacks {
  /** New data of the current session (drawn by the widget). */
  onData(data: HeroData): void;
  /** The transport state changed. */
  onState(state: TransportState): void;
  /** Worker ready (backend name) or compute speed (ms per step) changed. */
  onInfo(info: { backend: string; msPerStep: number | null }): void;
  onError(error: ExperimentError): void;
}

export interface HeroDriver {
  readonly client: ExperimentClient<HeroData>;
  /** Latest data of the current session (undefined until its first snapshot). */
  readonly data: HeroData | undefined;
  readonly state: TransportState;
  play(): void;
  pause(): void;
  step(): void;
  /** Restart training from t = 0 (same parameters). */
  reset(): void;
  /** New parameters: restart with them. */
  setParams(params: Omit<HeroRunParams, 'restart'>): void;
  /** On screen or not: pauses without changing whether the reader wants it to play. */
  setActive(active: boolean): void;
  dispose(): Promise<void>;
}

function belongsTo(data: HeroData | undefined, p: HeroRunParams): data is HeroData {
  return data !== undefined && data.width === p.width && data.depth === p.depth && data.seed === p.seed && data.restart === p.restart;
}

function finished(data: HeroData): boolean {
  return data.diverged !== null || data.step >= data.totalSteps;
}

export function createHeroDriver(initial: Omit<HeroRunParams, 'restart'>, callbacks: HeroDriverCallbacks): HeroDriver {
  let params: HeroRunParams = { ...initial, restart: 0 };
  const client = createExperimentClient<HeroData>('hero', { ...params });
  /** The reader wants it to play (autoplay until they press pause). */
  let wantPlay = true;
  let active = true;
  let looping = false;
  let disposed = false;
  let data: HeroData | undefined;
  let state: TransportState = 'paused';
  let waiters: (() => void)[] = [];

  function publish(): void {
    let next: TransportState;
    if (data && data.diverged) next = 'diverged';
    else if (data && finished(data)) next = 'done';
    else next = wantPlay && active && looping ? 'playing' : 'paused';
    if (next !== state) { state = next; callbacks.onState(next); }
  }

  client.onSnapshot = (snapshot) => {
    if (!belongsTo(snapshot, params)) return;
    data = snapshot;
    callbacks.onData(snapshot);
    for (const w of waiters.splice(0)) w();
    publish();
  };
  client.onProgress = (p) => {
    callbacks.onInfo({ backend: client.backend, msPerStep: p.unitsPerSecond > 0 ? 1000 / p.unitsPerSecond : null });
  };
  client.onError = (error) => callbacks.onError(error);
  client.ready.then((info) => {
    if (!disposed) callbacks.onInfo({ backend: info.backend, msPerStep: null });
  }, () => { /* reported through onError */ });

  /** Resolves once a snapshot of the current session has been drawn. */
  function currentData(): Promise<HeroData> {
    if (belongsTo(data, params)) return Promise.resolve(data);
    return new Promise((resolve) => {
      const check = (): void => {
        if (disposed) return;
        if (belongsTo(data, params)) resolve(data); else waiters.push(check);
      };
      waiters.push(check);
    });
  }

  async function loop(): Promise<void> {
    if (looping || disposed) return;
    looping = true;
    publish();
    try {
      await client.ready;
      while (wantPlay && active && !disposed) {
        const now = await currentData();
        if (!(wantPlay && active) || disposed) break;
        if (finished(now)) break;
        client.run(stepsPerRequest(now.step));
        await client.settled();
        // Draw at most every other frame (~30 per second): half the rendering and rasterizing
        // work on the main thread for a picture that changes smoothly anyway.
        await nextFrame();
      }
    } catch {
      // Disposed, or a fatal worker error (already reported through onError).
    } finally {
      looping = false;
      publish();
    }
  }

  function restart(next: HeroRunParams): void {
    params = next;
    data = undefined;
    client.setParams({ ...next });
    publish();
    if (wantPlay && active) void loop();
  }

  // Autoplay once the worker is ready, unless setActive(false) comes first. Deferred so that no
  // callback runs before createHeroDriver has returned.
  queueMicrotask(() => { void loop(); });

  return {
    client,
    get data() { return data; },
    get state() { return state; },
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
      if (looping || !data || finished(data)) return;
      client.run(STEPS_PER_PRESS);
    },
    reset() { restart({ ...params, restart: params.restart + 1 }); },
    setParams(p) {
      const next = { ...params, ...p };
      if (next.width === params.width && next.depth === params.depth && next.seed === params.seed) return;
      // A change of the network is a new run: play it.
      wantPlay = true;
      restart(next);
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
