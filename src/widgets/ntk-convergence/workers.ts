/**
 * The widget's two experiment workers and when each may compute:
 *  - `ntk-heatmaps`: the empirical NTK of one network at the chosen width
 *    (structured or generic, with the other method for comparison) and the
 *    analytic NTK; restarted by every parameter change;
 *  - `ntk-convergence`: widths 32..4096, SWEEP_SEEDS networks each, on the
 *    same grid and architecture, one network per unit of work (widths appear
 *    one by one); restarted only when the architecture or the seed changes.
 * The heatmaps (what the reader just changed) go first: the sweep holds while
 * they compute, so at most one worker is busy and a two-core machine keeps a
 * core for the page. Off-screen both stop. No TensorFlow.js here.
 */
import type { NtkHeatmapsData } from '../../nn/experiments/ntk-heatmaps';
import type { NtkConvergenceData } from '../../nn/experiments/ntk-convergence';
import { createExperimentClient, type ExperimentError, type MemoryInfo, type SnapshotInfo } from '../../nn/worker/client';
import type { NtkConvergenceWidgetParams } from './schema';

/** Grid inputs N of the heatmaps (and of the sweep, so both measure the same error). */
export const GRID_POINTS = 24;
/** Networks per width in the sweep. */
export const SWEEP_SEEDS = 5;
/** Widths of the sweep: powers of two from 32 to 4096. */
export const SWEEP_WIDTHS = [32, 64, 128, 256, 512, 1024, 2048, 4096];
/** Parameters that restart the sweep (width and method do not). */
export const SWEEP_KEYS: readonly (keyof NtkConvergenceWidgetParams)[] = ['depth', 'activation', 'weightVariance', 'biasVariance', 'seed'];

/** ntk-heatmaps parameters of the widget's state. */
export function heatParams(p: NtkConvergenceWidgetParams) {
  return {
    width: p.width, depth: p.depth, activation: p.activation, weightVariance: p.weightVariance, biasVariance: p.biasVariance,
    points: GRID_POINTS, method: p.method, compare: true, embedding: 'circle', seed: p.seed,
  };
}

/** ntk-convergence parameters of the widget's state (grid inputs: the heatmap network is the sweep's first). */
export function sweepParams(p: NtkConvergenceWidgetParams) {
  return {
    widths: SWEEP_WIDTHS, seeds: SWEEP_SEEDS, depth: p.depth, activation: p.activation,
    weightVariance: p.weightVariance, biasVariance: p.biasVariance, points: GRID_POINTS,
    embedding: 'circle', inputs: 'grid', seed: p.seed,
  };
}

export interface WorkerHandlers {
  heat(data: NtkHeatmapsData): void;
  sweep(data: NtkConvergenceData, info: SnapshotInfo): void;
  error(error: ExperimentError): void;
}

export interface Workers {
  /** Restart what `changed` affects and compute. */
  update(p: NtkConvergenceWidgetParams, changed: readonly (keyof NtkConvergenceWidgetParams)[]): void;
  setActive(active: boolean): void;
  /** Backend reported by the workers ('' until ready). */
  backend(): string;
  /** Resolves when both workers are ready. */
  ready: Promise<unknown>;
  memory(): Promise<{ heatmaps: MemoryInfo; sweep: MemoryInfo }>;
  dispose(): void;
}

export function createWorkers(p: NtkConvergenceWidgetParams, on: WorkerHandlers): Workers {
  const heat = createExperimentClient<NtkHeatmapsData>('ntk-heatmaps', heatParams(p));
  const sweep = createExperimentClient<NtkConvergenceData>('ntk-convergence', sweepParams(p));
  let active = true;
  let disposed = false;
  /** True from a heatmap (re)start until its worker reports done. */
  let heatBusy = true;
  heat.onError = on.error;
  sweep.onError = on.error;
  heat.onSnapshot = (d) => on.heat(d);
  sweep.onSnapshot = (d, info) => on.sweep(d, info);
  heat.onState = (state) => { if (state === 'done') { heatBusy = false; drive(); } };

  function drive(): void {
    if (disposed) return;
    if (!active) { heat.pause(); sweep.pause(); return; }
    if (heatBusy) { heat.run(); sweep.pause(); } else sweep.run();
  }
  drive();

  return {
    update(next, changed) {
      heatBusy = true;
      heat.setParams(heatParams(next));
      if (changed.some((k) => SWEEP_KEYS.includes(k))) sweep.setParams(sweepParams(next));
      drive();
    },
    setActive(value) {
      if (value === active) return;
      active = value;
      drive();
    },
    backend: () => heat.backend || sweep.backend,
    ready: Promise.all([heat.ready, sweep.ready]),
    async memory() {
      const [heatmaps, sweepMemory] = await Promise.all([heat.memory(), sweep.memory()]);
      return { heatmaps, sweep: sweepMemory };
    },
    dispose() {
      disposed = true;
      void heat.dispose();
      void sweep.dispose();
    },
  };
}
