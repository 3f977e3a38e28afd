/**
 * Panel (d): how much of each frequency of the target the network has learned,
 * a_k(t) / a_k with a_k(t) = (2/N) sum_a f_t(x_a) sin(k x_a) on the evenly spaced
 * training inputs, for sin x and sin kx: measured (solid) and predicted from the
 * eigenvalue of that sine, a_k + (a_k(0) - a_k)(1 - eta lambda(k) / N)^t (dashed).
 */
import { scaleLinear } from 'd3';
import { drawAxes } from '../../viz/axes';
import type { Chart } from '../../viz/chart';
import { layer } from '../../viz/layer';
import { drawLines, type LineSeries } from '../../viz/line';
import { drawTimeMarker, plotClip, stepScale, stepTicks } from '../../viz/loss-curves';
import type { ComponentTrace } from '../../nn/experiments/spectral-bias-schema';
import { drawNote, unstableNote } from './modes-panel';
import { HIGH_COLOR, LOW_COLOR, PREDICTION_DASH } from './styles';

export interface ComponentsInput {
  low: ComponentTrace;
  high: ComponentTrace;
  /** Which eigenvalue predicts: the analytic NTK's or Theta_0's. */
  kernel: 'analytic' | 'empirical';
  recordSteps: number[];
  totalSteps: number;
  step: number;
  clipId: string;
  learningRate: number;
  count: number;
}

/** Learned fraction a(t) / a_target (null stays a gap). */
export const fractionOf = (values: readonly (number | null)[], target: number): number[] =>
  values.map((v) => (v === null || !(target !== 0) ? Number.NaN : v / target));

export function drawComponentsPanel(chart: Chart, input: ComponentsInput): { low: number[]; high: number[]; lowPredicted: number[]; highPredicted: number[] } {
  const size = chart.size();
  const x = stepScale(input.totalSteps, size.innerWidth);
  const pick = (c: ComponentTrace) => (input.kernel === 'analytic' ? c.predicted : c.predictedEmpirical);
  const low = fractionOf(input.low.measured, input.low.target);
  const high = fractionOf(input.high.measured, input.high.target);
  const lowPredicted = fractionOf(pick(input.low), input.low.target);
  const highPredicted = fractionOf(pick(input.high), input.high.target);
  const finite = [...low, ...high, ...lowPredicted, ...highPredicted].filter(Number.isFinite);
  const lo = Math.min(-0.1, Math.floor(Math.min(0, ...finite) * 5) / 5);
  const hi = Math.max(1.1, Math.ceil(Math.max(1, ...finite) * 5) / 5);
  const yDomain: [number, number] = [Math.max(lo, -1.5), Math.min(hi, 2.5)];
  const y = scaleLinear().domain(yDomain).range([size.innerHeight, 0]);
  // Predictions that grow without bound (eta above the stable rate) leave the plot just beyond its edge.
  const inside = (values: number[]) => values.map((v) => (Number.isFinite(v) ? Math.max(yDomain[0] - 1, Math.min(yDomain[1] + 1, v)) : v));
  drawAxes(chart.plot, size, {
    x, y, xLabel: 'step t (log scale)', yLabel: 'fraction of each frequency learned',
    xTicks: stepTicks(input.totalSteps, Math.max(3, Math.floor(size.innerWidth / 50))),
    yTicks: { count: Math.max(3, Math.floor(size.innerHeight / 40)), format: (v) => `${Math.round(v * 100)}%` },
  });
  layer(chart.plot, 'full').selectAll('line').data([1]).join('line')
    .attr('x1', 0).attr('x2', size.innerWidth).attr('y1', y(1)).attr('y2', y(1))
    .attr('stroke', 'currentColor').attr('stroke-opacity', 0.35);
  const clip = plotClip(chart.svg, input.clipId, size.innerWidth, size.innerHeight);
  const lines: LineSeries[] = [
    { key: 'low-pred', x: input.recordSteps, y: inside(lowPredicted), color: LOW_COLOR, width: 1.6, dash: PREDICTION_DASH, className: 'component-predicted component-low' },
    { key: 'high-pred', x: input.recordSteps, y: inside(highPredicted), color: HIGH_COLOR, width: 1.6, dash: PREDICTION_DASH, className: 'component-predicted component-high' },
    { key: 'low', x: input.recordSteps, y: inside(low), color: LOW_COLOR, width: 2.4, opacity: 0.8, className: 'component-measured component-low' },
    { key: 'high', x: input.recordSteps, y: inside(high), color: HIGH_COLOR, width: 2.4, opacity: 0.8, className: 'component-measured component-high' },
  ];
  drawLines(layer(chart.plot, 'lines').attr('clip-path', clip), lines, x, y);
  drawTimeMarker(layer(chart.plot, 'marker'), x(input.step), { width: size.innerWidth, height: size.innerHeight }, null);
  const eig = (c: ComponentTrace) => (input.kernel === 'analytic' ? c.eigenvalue : c.eigenvalueEmpirical);
  drawNote(chart, unstableNote([eig(input.low), eig(input.high)], input.learningRate, input.count));
  return { low, high, lowPredicted, highPredicted };
}
