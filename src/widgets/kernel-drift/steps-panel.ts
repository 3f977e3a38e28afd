/**
 * Panels (a) and (b): a relative distance over the training steps, one colour
 * per width — thin lines for single networks, a thick line for the mean of
 * the width's networks at each measured step — on a log y axis (the widths
 * differ by orders of magnitude). (a) is the kernel change
 * ||Theta_t - Theta_0||_F / ||Theta_0||_F (0 at t = 0, so drawn from the first
 * measurement after it); (b) the distance ||Theta_t - Theta||_F / ||Theta||_F
 * to the analytic NTK, from t = 0.
 */
import { scaleLinear } from 'd3';
import type { DriftCurve, KernelDriftData } from '../../nn/experiments/kernel-drift-schema';
import { drawAxes } from '../../viz/axes';
import type { Chart } from '../../viz/chart';
import { layer } from '../../viz/layer';
import { drawLines, type LineSeries } from '../../viz/line';
import { logDomain, oneTwoFiveTicks, plainNumber } from '../../viz/loglog';
import { clipToDomain, lossScale, plotClip } from '../../viz/loss-curves';
import { widthColor } from './colors';

export type StepsMetric = 'kernelChange' | 'analyticDistance';

/** The mean over a width's networks at each measurement index that every network with data reached. */
export function meanCurve(curves: readonly DriftCurve[], metric: StepsMetric): { step: number[]; value: number[] } {
  if (curves.length === 0) return { step: [], value: [] };
  const longest = curves.reduce((a, c) => (c.step.length > a.step.length ? c : a));
  const step: number[] = [];
  const value: number[] = [];
  longest.step.forEach((s, k) => {
    const vs = curves.map((c) => c[metric][k]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (vs.length === 0) return;
    step.push(s);
    value.push(vs.reduce((a, b) => a + b, 0) / vs.length);
  });
  return { step, value };
}

export interface StepsPanelResult {
  yDomain: [number, number];
  /** Mean line per width as drawn (from t = 0 for the distance, from the first measurement after it for the change). */
  means: { width: number; step: number[]; value: number[] }[];
}

export function drawStepsPanel(chart: Chart, data: KernelDriftData | undefined, metric: StepsMetric, clipId: string): StepsPanelResult {
  const size = chart.size();
  const steps = data?.steps ?? 1;
  const x = scaleLinear().domain([0, steps]).range([0, size.innerWidth]);
  const skipFirst = metric === 'kernelChange';
  const curves = (data?.curves ?? []).filter((c) => !c.diverged);
  const values = curves.flatMap((c) => (skipFirst ? c[metric].slice(1) : c[metric]));
  const yDomain = logDomain(values, metric === 'kernelChange' ? [0.001, 1] : [0.01, 1], 1.3);
  const y = lossScale(yDomain, size.innerHeight);
  drawAxes(chart.plot, size, {
    x, y, xLabel: 'step t',
    yLabel: metric === 'kernelChange' ? '‖Θ̂ₜ − Θ̂₀‖ / ‖Θ̂₀‖ (log scale)' : '‖Θ̂ₜ − Θ‖ / ‖Θ‖ (log scale)',
    xTicks: { count: Math.max(2, Math.floor(size.innerWidth / 70)) },
    yTicks: { values: oneTwoFiveTicks(yDomain, Math.floor(size.innerHeight / 24)), format: plainNumber },
  });
  const clip = plotClip(chart.svg, clipId, size.innerWidth, size.innerHeight);
  const lines: LineSeries[] = [];
  const means: StepsPanelResult['means'] = [];
  const from = skipFirst ? 1 : 0;
  for (const width of data?.widths ?? []) {
    const own = curves.filter((c) => c.width === width);
    const color = widthColor(width);
    for (const c of own) {
      lines.push({
        key: `net-${width}-${c.seed}`, x: c.step.slice(from), y: clipToDomain(c[metric].slice(from), yDomain),
        color, width: 1, opacity: 0.35, className: `network-line width-${width}`,
      });
    }
    const mean = meanCurve(own, metric);
    if (mean.step.length > from) {
      means.push({ width, step: mean.step.slice(from), value: mean.value.slice(from) });
      lines.push({
        key: `mean-${width}`, x: mean.step.slice(from), y: clipToDomain(mean.value.slice(from), yDomain),
        color, width: 2.25, className: `mean-line width-${width}`,
      });
    }
  }
  drawLines(layer(chart.plot, 'lines').attr('clip-path', clip), lines, x, y);
  const empty = !data ? 'waiting for the worker…' : means.length === 0 ? 'training the first width…' : null;
  chart.message(empty);
  return { yDomain, means };
}
