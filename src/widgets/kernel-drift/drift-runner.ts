/**
 * kernel-drift widget: the experiment worker plus a cache of finished widths,
 * so changing only the widths trains only the widths not trained yet.
 *
 * Every setting but the widths (and the display-only heatmap width) changes
 * the numbers, so it is the cache key; a width's results do not depend on
 * the other widths (kernel-drift-merge.ts). On a change of widths alone:
 * every chosen width cached -> drawn from the cache at once, the worker
 * paused; else the worker trains only the missing widths (or keeps its run,
 * if that run's unfinished widths are exactly the missing ones) and every
 * snapshot is merged with the cached widths. A width enters the cache when
 * all its networks are done. Any other change, or a reset, empties it.
 *
 * Stale snapshots: after set-params the worker may still deliver snapshots
 * of the previous run, which must not enter the cache under the new key.
 * The host handles control messages one after another, so the reply to a
 * memory request sent after set-params comes after the new run's first
 * snapshot; snapshots are taken into account only once it arrived.
 */
import type { KernelDriftData } from '../../nn/experiments/kernel-drift-schema';
import { finishedDriftWidths, mergeDriftRuns } from '../../nn/experiments/kernel-drift-merge';
import { createExperimentClient, type ExperimentClient, type ExperimentError, type MemoryInfo } from '../../nn/worker/client';
import type { KernelDriftWidgetParams } from './schema';
import { experimentParams } from './snapshot';

export interface DriftRunner {
  readonly ready: Promise<unknown>;
  readonly backend: string;
  /** The worker's state, or 'done' when every chosen width comes from the cache. */
  readonly state: string;
  /** Units of the worker's current run (they do not move while drawing from the cache). */
  readonly units: { done: number; total: number };
  /** Widths the worker's current run trains (the missing ones when it was started for them). */
  readonly runWidths: readonly number[];
  /** Widths held in the cache (finished with the current settings). */
  readonly cachedWidths: number[];
  /** New data to draw (merged with the cache); `final` asks for an immediate redraw. */
  onData: ((data: KernelDriftData, final: boolean) => void) | null;
  onState: (() => void) | null;
  onError: ((error: ExperimentError) => void) | null;
  /** Apply the widget's parameters; `reset` empties the cache first. */
  apply(p: KernelDriftWidgetParams, reset?: boolean): void;
  setActive(on: boolean): void;
  memory(): Promise<MemoryInfo>;
  dispose(): Promise<void>;
}

/** Everything that changes the numbers, i.e. every parameter but the widths and the heatmap width. */
export function resultKey(p: KernelDriftWidgetParams): string {
  const { widths: _widths, ...rest } = experimentParams(p);
  return JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

export function createDriftRunner(initial: KernelDriftWidgetParams): DriftRunner {
  let p = initial;
  let key = resultKey(p);
  /** Finished widths -> the run data they were finished in. */
  const cache = new Map<number, KernelDriftData>();
  let runWidths: number[] = [...p.widths];
  let runKey = key;
  /** Latest snapshot of the current run (undefined until one arrived after the barrier). */
  let run: KernelDriftData | undefined;
  let accepting = true;
  let generation = 0;
  let units = { done: 0, total: 0 };
  let active = true;
  /** False while every chosen width comes from the cache. */
  let needWorker = true;

  const client: ExperimentClient<KernelDriftData> = createExperimentClient<KernelDriftData>('kernel-drift', experimentParams(p));

  function missing(): number[] {
    return p.widths.filter((w) => !cache.has(w));
  }

  function emit(final: boolean): void {
    const earlier = [...new Set(p.widths.map((w) => cache.get(w)).filter((d): d is KernelDriftData => d !== undefined))];
    const current = needWorker && run ? run : null;
    if (!current && earlier.length === 0) return;
    runner.onData?.(mergeDriftRuns(p.widths, earlier, current), final);
  }

  client.onSnapshot = (d, info) => {
    if (!accepting || !same(d.widths, runWidths)) return;
    run = d;
    units = { done: info.unitsDone, total: info.totalUnits };
    if (runKey === key) for (const w of finishedDriftWidths(d)) if (!cache.has(w)) cache.set(w, d);
    emit(info.final || info.unitsDone >= info.totalUnits);
  };
  client.onState = () => runner.onState?.();
  client.onError = (e) => runner.onError?.(e);

  /** Start a worker run over `widths` with the current settings. */
  function restart(widths: number[]): void {
    runWidths = widths;
    runKey = key;
    run = undefined;
    accepting = false;
    const g = ++generation;
    client.setParams(experimentParams({ ...p, widths }));
    client.memory().then(() => { if (g === generation) accepting = true; }, () => undefined);
    if (active) client.run();
  }

  const runner: DriftRunner = {
    ready: client.ready,
    get backend() { return client.backend; },
    get state() { return needWorker ? client.state : 'done'; },
    get units() { return { ...units }; },
    get runWidths() { return runWidths; },
    get cachedWidths() { return [...cache.keys()].sort((a, b) => a - b); },
    onData: null,
    onState: null,
    onError: null,
    apply(next, reset = false) {
      p = next;
      const nextKey = resultKey(p);
      if (reset || nextKey !== key) { cache.clear(); key = nextKey; }
      const todo = missing();
      needWorker = todo.length > 0;
      if (!needWorker) {
        if (client.state === 'running') client.pause();
      } else if (runKey === key && same(runWidths.filter((w) => !cache.has(w)), todo)) {
        // The current run trains exactly the missing widths: keep it.
        if (active) client.run();
      } else restart(todo);
      emit(true);
      runner.onState?.();
    },
    setActive(on) {
      active = on;
      if (!needWorker) return;
      if (on) client.run(); else client.pause();
    },
    memory: () => client.memory(),
    dispose: () => client.dispose(),
  };
  client.run();
  return runner;
}
