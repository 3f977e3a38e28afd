/**
 * Bottom panel: relative Frobenius error ‖Θ̂ − Θ‖_F / ‖Θ‖_F against width on
 * log-log axes (Yang 2020, Fig. 1): one point per network (seed), the mean
 * over seeds per width, the least-squares power law through the means, a
 * dashed slope −1/2 through the same centre, and a ring on the network whose
 * kernel the heatmaps show.
 */
import type { Chart } from '../../viz/chart';
import { renderLegend } from '../../viz/legend';
import { drawLogLog, lawThrough, logDomain, type PowerLaw } from '../../viz/loglog';
import { colors } from '../../viz/theme';

/** The sweep as drawn (a subset of the ntk-convergence experiment's data). */
export interface SweepView {
  widths: number[];
  /** errors[w][s]: one per finished network. */
  errors: number[][];
  /** Networks per width when complete. */
  seeds: number;
  fit: { slope: number; intercept: number; r2: number } | null;
}

/** The network of the heatmaps: its width and error (null while computing). */
export interface HighlightView { width: number; error: number | null }

export const SWEEP_X_RANGE: [number, number] = [32, 4096];

/** Widths whose networks are all done, with their mean errors. */
export function completeMeans(sweep: SweepView): { widths: number[]; means: number[] } {
  const widths: number[] = [];
  const means: number[] = [];
  sweep.widths.forEach((w, i) => {
    const e = sweep.errors[i] ?? [];
    if (e.length === sweep.seeds && e.length > 0) {
      widths.push(w);
      means.push(e.reduce((a, b) => a + b, 0) / e.length);
    }
  });
  return { widths, means };
}

/**
 * The reference law of slope −1/2, through the centre of the fit (geometric
 * mean of the fitted widths) so the two lines cross there and differ only in
 * slope; before a fit, through the first mean.
 */
export function referenceLaw(sweep: SweepView): PowerLaw | null {
  const { widths, means } = completeMeans(sweep);
  if (widths.length === 0) return null;
  if (!sweep.fit || widths.length < 2) return lawThrough(-0.5, widths[0], means[0]);
  const centre = Math.exp(widths.reduce((a, w) => a + Math.log(w), 0) / widths.length);
  return lawThrough(-0.5, centre, Math.exp(sweep.fit.intercept) * centre ** sweep.fit.slope);
}

export function drawLogLogPanel(chart: Chart, legend: HTMLElement, sweep: SweepView | null, highlight: HighlightView | null): void {
  const size = chart.size();
  const s: SweepView = sweep ?? { widths: [], errors: [], seeds: 1, fit: null };
  const all = s.errors.flat();
  const hasHighlight = !!highlight && highlight.error !== null && highlight.error > 0;
  const xDomain: [number, number] = [Math.min(SWEEP_X_RANGE[0], highlight?.width ?? Infinity) / 1.3, SWEEP_X_RANGE[1] * 1.3];
  const yDomain = logDomain(hasHighlight ? [...all, highlight!.error!] : all, [0.01, 1], 1.3);
  const { widths, means } = completeMeans(s);
  const reference = referenceLaw(s);
  drawLogLog(chart.plot, size, {
    xDomain, yDomain,
    xLabel: 'width n (log scale)', yLabel: 'relative error ‖Θ̂ − Θ‖_F / ‖Θ‖_F (log scale)',
    points: [{
      data: s.widths.flatMap((w, i) => (s.errors[i] ?? []).map((e, k) => ({ x: w, y: e, key: `${w}-${k}` }))),
      style: { r: 3, fill: colors.blue, className: 'seed-point', stroke: 'none' },
    }],
    lines: [{ key: 'mean', x: widths, y: means, color: colors.blue, width: 2, className: 'mean-line' }],
    laws: [
      ...(reference ? [{ ...reference, key: 'reference', color: 'currentColor', width: 1.25, dash: '5 4', opacity: 0.7, className: 'reference-line' }] : []),
      ...(s.fit ? [{ slope: s.fit.slope, intercept: s.fit.intercept, key: 'fit', color: colors.orange, width: 2, className: 'fit-line' }] : []),
    ],
    highlights: hasHighlight ? [{
      data: [{ x: highlight!.width, y: highlight!.error!, key: 'shown' }],
      style: { r: 6, fill: 'none', stroke: colors.red, strokeWidth: 2.5, className: 'shown-network' },
    }] : [],
  });
  chart.svg.querySelectorAll('circle.seed-point').forEach((c) => c.setAttribute('fill-opacity', '0.45'));
  renderLegend(legend, [
    { label: 'one network (seed)', mark: 'point', color: colors.blue, opacity: 0.45 },
    { label: `mean of ${s.seeds} networks`, mark: 'line', color: colors.blue },
    { label: s.fit ? `fit: slope ${s.fit.slope.toFixed(2).replace('-', '−')}` : 'fit (needs two widths)', mark: 'line', color: colors.orange },
    { label: 'slope −1/2', mark: 'line', color: 'currentColor', dash: '5 4', width: 1.25 },
    { label: 'network in the heatmaps', mark: 'point', color: 'none' },
  ]);
  const ring = legend.querySelector('.legend-item:last-child circle');
  ring?.setAttribute('stroke', colors.red);
  ring?.setAttribute('stroke-width', '2');
}
