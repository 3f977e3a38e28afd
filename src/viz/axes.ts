/**
 * Labelled axes in the style of Observable Plot: the y label sits above the
 * plot, left-aligned ("↑ K(θ)"), the x label below on the right ("θ →"), so
 * neither needs a rotated label column and both fit a 375 px phone.
 * Optional light grid lines behind the marks.
 */
import { axisBottom, axisLeft, type AxisScale } from 'd3';
import type { ChartSize } from './chart';
import { layer, type Group } from './layer';
import { fontSize, guideOpacity } from './theme';

/** Explicit tick values with their labels, or an approximate count. */
export type TickSpec = { values: number[]; format: (v: number) => string } | { count: number; format?: (v: number) => string };

export interface AxesOptions {
  x: AxisScale<number> & { ticks(count?: number): number[]; tickFormat(count?: number, spec?: string): (v: number) => string };
  y: AxisScale<number> & { ticks(count?: number): number[]; tickFormat(count?: number, spec?: string): (v: number) => string };
  /** Axis titles with units where there are any, e.g. "angle θ between the inputs (radians)". */
  xLabel: string;
  yLabel: string;
  xTicks?: TickSpec;
  yTicks?: TickSpec;
  /** Draw light grid lines (default true). */
  grid?: boolean;
}

function resolve(scale: AxesOptions['x'], spec: TickSpec | undefined, fallbackCount: number): { values: number[]; format: (v: number) => string } {
  if (spec && 'values' in spec) return spec;
  const count = spec?.count ?? fallbackCount;
  const values = scale.ticks(count);
  return { values, format: spec?.format ?? scale.tickFormat(count) };
}

/** Draw (or redraw) both axes, their labels and the grid into `plot`, sized by `size`. */
export function drawAxes(plot: Group, size: ChartSize, options: AxesOptions): void {
  const { innerWidth: w, innerHeight: h } = size;
  const xt = resolve(options.x, options.xTicks, Math.max(2, Math.floor(w / 70)));
  const yt = resolve(options.y, options.yTicks, Math.max(2, Math.floor(h / 40)));
  const minus = (f: (v: number) => string) => (v: number) => f(v).replace('-', '−');

  const grid = layer(plot, 'grid');
  grid.attr('stroke', 'currentColor').attr('stroke-opacity', options.grid === false ? 0 : guideOpacity);
  grid.selectAll('line.gx').data(options.grid === false ? [] : xt.values).join('line').attr('class', 'gx')
    .attr('x1', (v) => options.x(v) ?? 0).attr('x2', (v) => options.x(v) ?? 0).attr('y1', 0).attr('y2', h);
  grid.selectAll('line.gy').data(options.grid === false ? [] : yt.values).join('line').attr('class', 'gy')
    .attr('y1', (v) => options.y(v) ?? 0).attr('y2', (v) => options.y(v) ?? 0).attr('x1', 0).attr('x2', w);

  const xAxis = layer(plot, 'axis-x');
  xAxis.attr('transform', `translate(0,${h})`)
    .call(axisBottom(options.x).tickValues(xt.values).tickFormat(minus(xt.format)).tickSizeOuter(0));
  const yAxis = layer(plot, 'axis-y');
  yAxis.call(axisLeft(options.y).tickValues(yt.values).tickFormat(minus(yt.format)).tickSizeOuter(0));
  for (const axis of [xAxis, yAxis]) {
    axis.attr('font-size', fontSize.tick).attr('font-family', 'inherit');
    axis.select('.domain').attr('stroke-opacity', 0.5);
  }

  const labels = layer(plot, 'axis-labels');
  labels.attr('font-size', fontSize.label);
  labels.selectAll('text.x-label').data([options.xLabel]).join('text').attr('class', 'x-label')
    .attr('x', w).attr('y', h + 30).attr('text-anchor', 'end').text((d) => `${d} →`);
  labels.selectAll('text.y-label').data([options.yLabel]).join('text').attr('class', 'y-label')
    .attr('x', -size.margin.left + 2).attr('y', -9).attr('text-anchor', 'start').text((d) => `↑ ${d}`);
}
