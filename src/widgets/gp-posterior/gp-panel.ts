/**
 * The posterior plot: ±2σ band, posterior samples, posterior mean, training
 * points and the keyboard cursor, over x ∈ [−π, π].
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { Chart } from '../../viz/chart';
import { drawAxes } from '../../viz/axes';
import { drawBands } from '../../viz/band';
import { drawLines, type LineSeries } from '../../viz/line';
import { drawPoints } from '../../viz/points';
import { layer, type Group } from '../../viz/layer';
import { renderLegend } from '../../viz/legend';
import { piTicks } from '../../viz/format';
import { colors } from '../../viz/theme';
import { X_RANGE, type GpData } from './compute';

export const GP_COLORS = { mean: colors.blue, band: colors.blue, samples: colors.teal, train: colors.orange, cursor: colors.red } as const;
/** y range always shown (the range of the targets); widened to fit the band, up to ±8. */
const BASE_Y: [number, number] = [-3, 3];
export const MAX_Y = 8;

/** Largest |mean| and |mean ± 2σ| over the grid (finite values only), to tell when the plot clips them. */
export function extentOf(data: Pick<GpData, 'mean' | 'sd'>): { mean: number; band: number } {
  let mean = 0;
  let band = 0;
  data.mean.forEach((m, i) => {
    if (Number.isFinite(m)) mean = Math.max(mean, Math.abs(m));
    const s = data.sd[i];
    if (Number.isFinite(m) && Number.isFinite(s)) band = Math.max(band, Math.abs(m) + 2 * s);
  });
  return { mean, band };
}

/**
 * A group whose contents are clipped to the plotting area: a nested <svg> with
 * overflow hidden (no clipPath, so no document ids that two copies of the
 * widget could share). Curves far outside the y range (a huge prior variance,
 * a wildly swinging mean) then stay inside the plot instead of covering the
 * legend, readout and controls (the chart's SVG has overflow: visible).
 */
function clippedArea(plot: Group, width: number, height: number): Group {
  const clip = layer(plot, 'clipped').selectAll<SVGSVGElement, number>('svg.plot-clip').data([0]).join('svg')
    .attr('class', 'plot-clip').attr('width', width).attr('height', height).attr('overflow', 'hidden');
  return clip.selectAll<SVGGElement, number>('g.plot-clip-inner').data([0]).join('g').attr('class', 'plot-clip-inner') as unknown as Group;
}

export interface GpScales { x: ScaleLinear<number, number>; y: ScaleLinear<number, number> }

export interface Cursor { x: number; y: number; visible: boolean }

export function drawGpPanel(chart: Chart, legend: HTMLElement, data: GpData, cursor: Cursor): GpScales {
  const size = chart.size();
  let lo = BASE_Y[0];
  let hi = BASE_Y[1];
  data.mean.forEach((m, i) => {
    const a = m - 2 * data.sd[i];
    const b = m + 2 * data.sd[i];
    if (Number.isFinite(a)) lo = Math.min(lo, Math.max(-MAX_Y, a));
    if (Number.isFinite(b)) hi = Math.max(hi, Math.min(MAX_Y, b));
  });
  const x = scaleLinear().domain(X_RANGE).range([0, size.innerWidth]);
  const y = scaleLinear().domain([lo, hi]).nice().range([size.innerHeight, 0]).clamp(false);
  drawAxes(chart.plot, size, {
    x, y, xLabel: 'input x (angle on the unit circle)', yLabel: 'output f(x)',
    xTicks: piTicks(X_RANGE[0], X_RANGE[1], Math.max(3, Math.floor(size.innerWidth / 55))),
  });

  // A click target behind the marks, covering the plotting area.
  layer(chart.plot, 'hit').selectAll('rect').data([0]).join('rect')
    .attr('width', size.innerWidth).attr('height', size.innerHeight).attr('fill', 'transparent');

  const lower = data.mean.map((m, i) => m - 2 * data.sd[i]);
  const upper = data.mean.map((m, i) => m + 2 * data.sd[i]);
  const clipped = clippedArea(chart.plot, size.innerWidth, size.innerHeight);
  drawBands(layer(clipped, 'bands'), [{ key: 'band', x: data.x, lower, upper, color: GP_COLORS.band, opacity: 0.18, className: 'posterior-band' }], x, y);
  const lines: LineSeries[] = data.samples.map((s, i) => ({
    key: `sample-${i}`, x: data.sampleX, y: s, color: GP_COLORS.samples, width: 1.1, opacity: 0.75, className: 'sample',
  }));
  lines.push({ key: 'mean', x: data.x, y: data.mean, color: GP_COLORS.mean, width: 2.5, className: 'posterior-mean' });
  drawLines(layer(clipped, 'lines'), lines, x, y);
  drawPoints(layer(chart.plot, 'train'), data.train.x.map((tx, i) => ({ x: tx, y: data.train.y[i] })), x, y,
    { r: 5, fill: GP_COLORS.train, stroke: '#222', strokeWidth: 1.25, className: 'train-point' });

  const c = layer(chart.plot, 'cursor');
  c.attr('display', cursor.visible ? null : 'none').attr('transform', `translate(${x(cursor.x)},${y(cursor.y)})`);
  c.selectAll('line.h').data([0]).join('line').attr('class', 'h').attr('x1', -12).attr('x2', 12)
    .attr('stroke', GP_COLORS.cursor).attr('stroke-width', 1.5);
  c.selectAll('line.v').data([0]).join('line').attr('class', 'v').attr('y1', -12).attr('y2', 12)
    .attr('stroke', GP_COLORS.cursor).attr('stroke-width', 1.5);
  c.selectAll('circle').data([0]).join('circle').attr('r', 6).attr('fill', 'none')
    .attr('stroke', GP_COLORS.cursor).attr('stroke-width', 1.5);

  renderLegend(legend, [
    { label: 'posterior mean', mark: 'line', color: GP_COLORS.mean, width: 2.5 },
    { label: 'mean ± 2σ', mark: 'band', color: GP_COLORS.band, opacity: 0.25 },
    ...(data.samples.length ? [{ label: `${data.samples.length} posterior sample${data.samples.length > 1 ? 's' : ''}`, mark: 'line' as const, color: GP_COLORS.samples, width: 1.1 }] : []),
    { label: data.train.x.length ? 'training points' : 'no training points: the prior', mark: 'point', color: GP_COLORS.train },
  ]);
  return { x, y };
}
