/**
 * Progress and time estimates of a kernel-drift run. The experiment reports
 * its work in parameter-steps (kernel-drift-plan.ts) and its compute time, so
 * the remaining time is (work left) x (measured ms per unit of work); before
 * anything was measured, a prior rate measured on wasm in Node is used and
 * the text says "about".
 */
import type { KernelDriftData } from '../../nn/experiments/kernel-drift-schema';
import { planUnits } from '../../nn/experiments/kernel-drift-plan';

/** ms per unit of work before anything is measured (wasm, one thread; ~1e-5 in Node, browsers a bit slower). */
export const PRIOR_MS_PER_WORK = 1.4e-5;

/** Measured ms per unit of work, or null before enough work was done to say. */
export function measuredRate(data: KernelDriftData | undefined): number | null {
  const p = data?.progress;
  if (!p || p.workDone <= 0 || p.computeMs < 200) return null;
  return p.computeMs / p.workDone;
}

/**
 * Slow-down per unit of work of a width whose hidden n x n float32 matrix no
 * longer fits in cache (over 32 MiB, i.e. n > 2896): such steps are
 * memory-bound. Measured in Chromium (wasm, one thread): width 4096 took 1.7x
 * the ms per unit of work of width 1024 (32.7 s against 1.35 s for 40 steps;
 * the work ratio is 14.1); Node gave about 1x, so this errs on the long side.
 */
export const MEMORY_BOUND_FACTOR = 1.6;
const CACHE_BYTES = 32 * 2 ** 20;

/** Relative cost per unit of work at this width (1, or MEMORY_BOUND_FACTOR above the cache size). */
export function costPerWork(width: number): number {
  return 4 * width * width > CACHE_BYTES ? MEMORY_BOUND_FACTOR : 1;
}

/**
 * ms per unit of work of the widest finished width that took long enough to
 * time (>= 300 ms), divided by its costPerWork: the best predictor of wider
 * widths, since small widths run faster per unit of work than large ones and
 * the run's average rate underestimates (4096 showed "~2 min" for ~3 min).
 */
export function widestRate(data: KernelDriftData | undefined, samples: number): number | null {
  if (!data) return null;
  // All networks of the width reached the last step (a diverged one took less time than the plan says).
  const timed = data.perWidth.filter((s) => s.finished === data.seeds && s.computeMs >= 300);
  const w = timed.at(-1);
  if (!w) return null;
  return w.computeMs / (widthWork(w.width, data.depth, data.seeds, data.steps, samples) * costPerWork(w.width));
}

/** Estimated training time (ms) of one width at a base rate (ms per unit of work at costPerWork 1). */
export function estimateWidthMs(width: number, depth: number, networks: number, steps: number, samples: number, rate: number): number {
  return widthWork(width, depth, networks, steps, samples) * costPerWork(width) * rate;
}

/** Estimated work of training `networks` networks of one width (the experiment's own plan). */
export function widthWork(width: number, depth: number, networks: number, steps: number, samples: number): number {
  return planUnits([width], depth, networks, steps, samples).reduce((s, u) => s + u.work, 0);
}

/** "12 s", "3 min", "1.5 h". */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 1) return '<1 s';
  if (s < 90) return `${Math.round(s)} s`;
  const min = s / 60;
  if (min < 90) return `${Math.round(min)} min`;
  return `${(min / 60).toFixed(1)} h`;
}

/** Estimated remaining compute time of a run (ms), or null when done. */
export function remainingMs(data: KernelDriftData, rate: number | null): number | null {
  const p = data.progress;
  if (!p.current || p.workTotal <= 0) return null;
  return Math.max(0, p.workTotal - p.workDone) * (rate ?? PRIOR_MS_PER_WORK);
}

/** One line for the footer: what trains now, how far, how long is left. */
export function progressText(data: KernelDriftData | undefined, backend: string, active: boolean): string {
  const on = backend ? ` (${backend})` : '';
  if (!data) return `Starting TensorFlow.js in a worker${on}…`;
  const p = data.progress;
  const paused = active ? '' : ' · paused off-screen';
  if (!p.current) {
    return `Trained ${data.widths.length} width${data.widths.length > 1 ? 's' : ''} × ${data.seeds} network${data.seeds > 1 ? 's' : ''}, `
      + `${data.steps} steps each, in ${formatDuration(data.perWidth.reduce((s, w) => s + w.computeMs, 0))} of compute in a worker${on}`;
  }
  const rate = measuredRate(data);
  const left = remainingMs(data, rate);
  const eta = left === null ? '' : ` · ${rate === null ? 'about ' : '≈ '}${formatDuration(left)} left`;
  const c = p.current;
  return `Training width ${c.width}, network ${c.seed + 1} of ${data.seeds}, step ${c.step} of ${data.steps} · `
    + `${p.widthsDone} of ${data.widths.length} widths done${eta}${on}${paused}`;
}

/** Fraction of the work of the current run done, in [0, 1] (1 when nothing is left to train). */
export function workFraction(data: KernelDriftData | undefined): number {
  const p = data?.progress;
  if (p && !p.current) return 1;
  return p && p.workTotal > 0 ? Math.min(1, p.workDone / p.workTotal) : 0;
}
