/**
 * kernel-drift: combining runs over different widths (pure, no tensors).
 *
 * A width's networks depend only on the seed, the width and the network's
 * index (driftSpec), and the training set, eta = fraction x 2N / lambda_max
 * of the analytic NTK, and the heatmap grid depend on neither the width nor
 * the list of widths (in the NTK parameterization the analytic kernel has no
 * width). So a width finished in one run gives the same numbers as in any
 * other run with the same non-width parameters, and the data of a list of
 * widths can be assembled from earlier runs plus a run over the missing
 * widths: same curves, same per-width summaries, same fits, same grid
 * kernels as one run over the whole list. Progress describes what trains
 * now (the run), with the reused widths counted as done.
 */
import { driftWidths, type DriftCurve, type GridKernels, type KernelDriftData } from './kernel-drift-schema';
import { driftFits, summarizeWidths } from './kernel-drift-summary';

/** True when width `width` of `d` has all its networks, each at the last step or diverged. */
export function isWidthDone(d: KernelDriftData, width: number): boolean {
  const curves = d.curves.filter((c) => c.width === width);
  return curves.length === d.seeds && curves.every((c) => c.diverged !== null || c.step[c.step.length - 1] === d.steps);
}

/** Widths of `d` whose every network has finished (or diverged), ascending. */
export function finishedDriftWidths(d: KernelDriftData): number[] {
  return d.widths.filter((w) => isWidthDone(d, w));
}

/** The parameters two runs must share for their widths to be combined. */
function sameSettings(a: KernelDriftData, b: KernelDriftData): boolean {
  return a.depth === b.depth && a.activation === b.activation && a.steps === b.steps && a.seeds === b.seeds
    && a.learningRate === b.learningRate && a.maxLearningRate === b.maxLearningRate
    && a.learningRateFraction === b.learningRateFraction && a.grid.xs.length === b.grid.xs.length
    && a.grid.xs.every((x, i) => x === b.grid.xs[i]);
}

const copyCurve = (c: DriftCurve): DriftCurve => ({
  ...c, step: [...c.step], kernelChange: [...c.kernelChange], analyticDistance: [...c.analyticDistance],
  weightChange: [...c.weightChange], layerWeightChange: c.layerWeightChange.map((l) => [...l]), trainLoss: [...c.trainLoss],
  diverged: c.diverged ? { ...c.diverged } : null,
});

/**
 * The data a single run over `widths` would produce, from the finished
 * widths of `earlier` runs (each width from the first run in which it is
 * finished) and, for the others, `run` (a run over the missing widths, in
 * progress or done; null when nothing trains). A width found in neither has
 * no curves yet (as before its first network starts).
 *
 * Progress: widthsDone counts every done width of the list, reused or not;
 * current, workDone, workTotal and computeMs are the run's (the work being
 * done now), or, without a run, no current network, no work, and computeMs
 * the sum of the widths' compute times. Throws a RangeError if the runs
 * differ in a setting other than the widths.
 */
export function mergeDriftRuns(widths: readonly number[], earlier: readonly KernelDriftData[], run: KernelDriftData | null): KernelDriftData {
  const base = run ?? earlier[0];
  if (!base) throw new RangeError('mergeDriftRuns: no run to take the widths from');
  for (const d of earlier) if (!sameSettings(d, base)) throw new RangeError('mergeDriftRuns: the runs differ in a setting other than the widths');
  if (run && earlier.length && !sameSettings(run, earlier[0])) throw new RangeError('mergeDriftRuns: the runs differ in a setting other than the widths');
  const list = driftWidths(widths);
  const layers = base.depth + 1;
  const sourceOf = (w: number): KernelDriftData | null =>
    earlier.find((d) => d.widths.includes(w) && isWidthDone(d, w)) ?? (run && run.widths.includes(w) ? run : null);

  const curves: DriftCurve[] = [];
  const kernels: GridKernels[] = [];
  const computeMs = new Map<number, number>();
  for (const w of list) {
    const src = sourceOf(w);
    if (!src) continue;
    for (const c of src.curves) if (c.width === w) curves.push(copyCurve(c));
    const g = src.grid.kernels.find((k) => k.width === w);
    if (g) kernels.push({ ...g, initial: g.initial?.map((row) => [...row]) ?? null, final: g.final?.map((row) => [...row]) ?? null });
    computeMs.set(w, src.perWidth.find((s) => s.width === w)?.computeMs ?? 0);
  }
  const perWidth = summarizeWidths(list, curves, base.steps, layers, computeMs);
  const data: KernelDriftData = {
    widths: list, depth: base.depth, activation: base.activation, learningRate: base.learningRate,
    maxLearningRate: base.maxLearningRate, learningRateFraction: base.learningRateFraction, steps: base.steps, seeds: base.seeds,
    curves,
    perWidth,
    kernelChange: perWidth.map((s) => s.kernelChange),
    weightChange: perWidth.map((s) => s.weightChange),
    ...driftFits(perWidth, layers),
    grid: { xs: [...base.grid.xs], analytic: base.grid.analytic.map((row) => [...row]), kernels },
    progress: { widthsDone: 0, current: null, workDone: 0, workTotal: 0, computeMs: 0 },
  };
  const done = finishedDriftWidths(data);
  const current = run?.progress.current && list.includes(run.progress.current.width) ? { ...run.progress.current } : null;
  const firstOpen = list.find((w) => !done.includes(w));
  data.progress = run
    ? { widthsDone: done.length, current, workDone: run.progress.workDone, workTotal: run.progress.workTotal, computeMs: run.progress.computeMs }
    : {
      widthsDone: done.length,
      current: firstOpen === undefined ? null : { width: firstOpen, seed: 0, step: 0 },
      workDone: 0, workTotal: 0, computeMs: perWidth.reduce((s, w) => s + w.computeMs, 0),
    };
  return data;
}

/** The data of a subset of the finished widths of `d`, as a run over those widths alone would give (no training). */
export function selectDriftWidths(d: KernelDriftData, widths: readonly number[]): KernelDriftData {
  return mergeDriftRuns(widths, [d], null);
}
