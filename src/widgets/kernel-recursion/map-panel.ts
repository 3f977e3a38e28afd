/**
 * Right panel: the correlation map c ↦ F(c) on [−1, 1] with the identity
 * line, the stable fixed point c* and the cobweb of iterates
 * c⁰ → F(c⁰) → F(F(c⁰)) … (vertical step to the curve, horizontal step to the
 * identity), one step per layer.
 */
import { scaleLinear } from 'd3';
import type { Chart } from '../../viz/chart';
import { drawAxes } from '../../viz/axes';
import { drawLines } from '../../viz/line';
import { drawPoints } from '../../viz/points';
import { layer } from '../../viz/layer';
import { renderLegend } from '../../viz/legend';
import { colors, fontSize } from '../../viz/theme';
import type { KernelRecursionData } from './compute';

export const MAP_COLORS = { map: colors.purple, cobweb: colors.red, fixedPoint: colors.green } as const;

/** Cobweb polyline through (c⁰, c⁰), (c⁰, c¹), (c¹, c¹), (c¹, c²), … */
export function cobwebPath(iterates: readonly number[]): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  if (!iterates.length) return { x, y };
  x.push(iterates[0]);
  y.push(iterates[0]);
  for (let l = 1; l < iterates.length; l++) {
    x.push(iterates[l - 1], iterates[l]);
    y.push(iterates[l], iterates[l]);
  }
  return { x, y };
}

export function drawMapPanel(chart: Chart, legend: HTMLElement, data: KernelRecursionData): void {
  const size = chart.size();
  const side = Math.min(size.innerWidth, size.innerHeight);
  const x = scaleLinear().domain([-1, 1]).range([0, side]);
  const y = scaleLinear().domain([-1, 1]).range([side, 0]);
  // Square plotting area: centre it horizontally inside the frame.
  const dx = (size.innerWidth - side) / 2;
  const plot = chart.plot;
  const square = { ...size, innerWidth: side, innerHeight: side };
  layer(plot, 'square').attr('transform', `translate(${dx},${size.innerHeight - side})`);
  const g = layer(plot, 'square');
  drawAxes(g, square, {
    x, y, xLabel: 'correlation c in layer l', yLabel: 'F(c), correlation in layer l + 1',
    xTicks: { values: [-1, -0.5, 0, 0.5, 1], format: (v) => String(v) },
    yTicks: { values: [-1, -0.5, 0, 0.5, 1], format: (v) => String(v) },
  });
  const { c, F, cStar, iterates } = data.map;
  const web = cobwebPath(iterates);
  drawLines(layer(g, 'lines'), [
    { key: 'identity', x: [-1, 1], y: [-1, 1], color: 'currentColor', width: 1, opacity: 0.45, dash: '4 3', className: 'identity' },
    { key: 'cobweb', x: web.x, y: web.y, color: MAP_COLORS.cobweb, width: 1.25, opacity: 0.85, className: 'cobweb' },
    { key: 'map', x: c, y: F, color: MAP_COLORS.map, width: 2.5, className: 'map' },
  ], x, y);
  const marks = layer(g, 'marks');
  drawPoints(marks, iterates.length ? [{ x: iterates[0], y: iterates[0], key: 'c0' }] : [], x, y,
    { r: 3.5, fill: MAP_COLORS.cobweb, className: 'start' });
  drawPoints(marks, Number.isFinite(cStar) ? [{ x: cStar, y: cStar, key: 'cstar' }] : [], x, y,
    { r: 5, fill: MAP_COLORS.fixedPoint, stroke: 'white', strokeWidth: 1.5, className: 'fixed-point' });
  marks.selectAll('text.cstar-label').data(Number.isFinite(cStar) ? [cStar] : []).join('text').attr('class', 'cstar-label')
    .attr('x', (v) => x(v) - 8).attr('y', (v) => y(v) - 8).attr('text-anchor', 'end')
    .attr('font-size', fontSize.annotation).text('c*');

  renderLegend(legend, [
    { label: 'F(c) at q*', mark: 'line', color: MAP_COLORS.map, width: 2.5 },
    { label: 'identity', mark: 'line', color: 'currentColor', dash: '4 3', width: 1, opacity: 0.6 },
    { label: `${iterates.length - 1} layers from c⁰ = cos θ₀`, mark: 'line', color: MAP_COLORS.cobweb, width: 1.25 },
    { label: 'fixed point c*', mark: 'point', color: MAP_COLORS.fixedPoint },
  ]);
}
