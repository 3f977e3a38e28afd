/**
 * kernel-drift: per-width summaries and power-law fits of the measured
 * curves (pure functions of plain data, no tensors).
 *
 * A network counts for its width once it has reached the last step without
 * diverging; means and standard deviations are over those networks, and the
 * log-log fits (fitPowerLaw: least squares of log y on log n) are over the
 * widths with at least one such network, so a width appears on the "against
 * width" plots only when it is finished.
 */
import { fitPowerLaw, meanAndStd, round, type PowerLawFit } from './fit';
import type { DriftCurve, MeanStd, WidthSummary } from './kernel-drift-schema';

const last = (v: readonly number[]): number => v[v.length - 1];

function rounded(s: MeanStd): MeanStd {
  return { mean: s.mean === null ? null : round(s.mean), std: s.std === null ? null : round(s.std) };
}

/** True when the run reached step `steps` without diverging. */
export function isFinished(c: DriftCurve, steps: number): boolean {
  return c.diverged === null && last(c.step) === steps;
}

/** Mean and spread per width of the final measurements of its finished networks. */
export function summarizeWidths(
  widths: readonly number[], curves: readonly DriftCurve[], steps: number, layers: number, computeMs: ReadonlyMap<number, number>,
): WidthSummary[] {
  return widths.map((width) => {
    const done = curves.filter((c) => c.width === width && isFinished(c, steps));
    const stat = (pick: (c: DriftCurve) => number) => rounded(meanAndStd(done.map(pick)));
    return {
      width,
      finished: done.length,
      kernelChange: stat((c) => last(c.kernelChange)),
      analyticDistanceInitial: stat((c) => c.analyticDistance[0]),
      analyticDistanceFinal: stat((c) => last(c.analyticDistance)),
      weightChange: stat((c) => last(c.weightChange)),
      layerWeightChange: Array.from({ length: layers }, (_, l) => stat((c) => last(c.layerWeightChange[l]))),
      computeMs: Math.round(computeMs.get(width) ?? 0),
    };
  });
}

export interface DriftFits {
  kernelFit: PowerLawFit | null;
  weightFit: PowerLawFit | null;
  layerWeightFits: (PowerLawFit | null)[];
  analyticInitialFit: PowerLawFit | null;
}

/** Log-log fits against width of the per-width means. */
export function driftFits(perWidth: readonly WidthSummary[], layers: number): DriftFits {
  const widths = perWidth.map((s) => s.width);
  const fit = (pick: (s: WidthSummary) => MeanStd) => fitPowerLaw(widths, perWidth.map((s) => pick(s).mean));
  return {
    kernelFit: fit((s) => s.kernelChange),
    weightFit: fit((s) => s.weightChange),
    layerWeightFits: Array.from({ length: layers }, (_, l) => fit((s) => s.layerWeightChange[l])),
    analyticInitialFit: fit((s) => s.analyticDistanceInitial),
  };
}
