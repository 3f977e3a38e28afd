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
  if (!p.current) return null;
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
      + `${data.steps} steps each, in ${formatDuration(p.computeMs)} of compute in a worker${on}`;
  }
  const rate = measuredRate(data);
  const left = remainingMs(data, rate);
  const eta = left === null ? '' : ` · ${rate === null ? 'about ' : '≈ '}${formatDuration(left)} left`;
  const c = p.current;
  return `Training width ${c.width}, network ${c.seed + 1} of ${data.seeds}, step ${c.step} of ${data.steps} · `
    + `${p.widthsDone} of ${data.widths.length} widths done${eta}${on}${paused}`;
}

/** Fraction of the work done, in [0, 1]. */
export function workFraction(data: KernelDriftData | undefined): number {
  const p = data?.progress;
  return p && p.workTotal > 0 ? Math.min(1, p.workDone / p.workTotal) : 0;
}
