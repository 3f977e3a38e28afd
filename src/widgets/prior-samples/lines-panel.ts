/**
 * Left panel: every drawn network as a thin line over x in [-pi, pi], over
 * the NNGP band 0 ± 2 sqrt(K(x, x)), with the input x0 marked and each
 * network's value there as a dot.
 *
 * Networks arrive one by one from the worker; a curve's path is built once
 * and kept until the scales or the session change, so a redraw while
 * networks stream in costs the new paths only, at most MAX_NEW_PER_DRAW a frame.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { Chart } from '../../viz/chart';
import { drawAxes } from '../../viz/axes';
import { drawBands } from '../../viz/band';
import { layer } from '../../viz/layer';
import { renderLegend } from '../../viz/legend';
import { piTicks } from '../../viz/format';
import { colors } from '../../viz/theme';

export const PRIOR_COLORS = { networks: colors.blue, nngp: colors.orange, marker: '#444' } as const;
export const X_RANGE: [number, number] = [-Math.PI, Math.PI];

export interface LinesInput {
  signature: string;
  grid: number[];
  curves: number[][];
  nngpVariance: number[];
  width: number;
  x0: number;
  atX0: number[];
}

export interface LinesScales { x: ScaleLinear<number, number>; y: ScaleLinear<number, number> }

let clipCounter = 0;

/** New curves added per draw call (about 0.1-0.3 ms each on a laptop). */
export const MAX_NEW_PER_DRAW = 12;

/** SVG path of one curve; pixel values are clamped so far-off curves stay short strings (they are clipped anyway). */
function curvePath(grid: number[], values: number[], x: ScaleLinear<number, number>, y: ScaleLinear<number, number>): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < grid.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) { pen = false; continue; }
    const py = Math.max(-5000, Math.min(5000, y(v)));
    d += `${pen ? 'L' : 'M'}${x(grid[i]).toFixed(1)},${py.toFixed(1)}`;
    pen = true;
  }
  return d;
}

export function createLinesPanel(chart: Chart, legend: HTMLElement) {
  const clipId = `prior-clip-${++clipCounter}`;
  const defs = chart.plot.append('defs');
  const clipRect = defs.append('clipPath').attr('id', clipId).append('rect');

  let scales: LinesScales | null = null;
  let frameKey = '';

  /** Axes, band, pointer target and legend: redrawn only when the session, the size or the y range change. */
  function drawFrame(input: LinesInput, yDomain: [number, number]): LinesScales {
    const size = chart.size();
    const x = scaleLinear().domain(X_RANGE).range([0, size.innerWidth]);
    const y = scaleLinear().domain(yDomain).range([size.innerHeight, 0]);
    drawAxes(chart.plot, size, {
      x, y, xLabel: 'input x (angle on the unit circle)', yLabel: 'network output f(x)',
      xTicks: piTicks(X_RANGE[0], X_RANGE[1], Math.max(3, Math.floor(size.innerWidth / 55))),
      yTicks: { count: Math.max(3, Math.floor(size.innerHeight / 45)) },
    });
    clipRect.attr('width', size.innerWidth).attr('height', size.innerHeight);

    // A pointer target behind the marks (click or drag to move x0).
    layer(chart.plot, 'hit').selectAll('rect').data([0]).join('rect')
      .attr('width', size.innerWidth).attr('height', size.innerHeight).attr('fill', 'transparent');

    const sd = input.nngpVariance.map((k) => 2 * Math.sqrt(k));
    drawBands(layer(chart.plot, 'bands'), [{
      key: 'nngp', x: input.grid, lower: sd.map((s) => -s), upper: sd, color: PRIOR_COLORS.nngp, opacity: 0.16, className: 'nngp-band',
    }], x, y);
    const constant = sd.every((s) => Math.abs(s - sd[0]) < 1e-9 * (1 + sd[0]));
    layer(chart.plot, 'band-edges').selectAll('line').data([-1, 0, 1]).join('line')
      .attr('x1', 0).attr('x2', size.innerWidth)
      .attr('y1', (s) => y(s * (sd[0] ?? 0))).attr('y2', (s) => y(s * (sd[0] ?? 0)))
      .attr('stroke', PRIOR_COLORS.nngp).attr('stroke-width', (s) => (s === 0 ? 1.5 : 1))
      .attr('stroke-dasharray', (s) => (s === 0 ? null : '4 3')).attr('stroke-opacity', 0.9)
      .attr('display', constant ? null : 'none');

    renderLegend(legend, [
      { label: `random networks of width ${input.width}`, mark: 'line', color: PRIOR_COLORS.networks, width: 1.5 },
      { label: 'infinite width: mean 0 ± 2σ', mark: 'band-line', color: PRIOR_COLORS.nngp },
      { label: 'value at x⋆', mark: 'point', color: PRIOR_COLORS.networks },
    ]);
    return { x, y };
  }

  /**
   * Draw what is new. At most MAX_NEW_PER_DRAW curves are added per call, so
   * that one animation frame never builds hundreds of paths; `pending` tells
   * the caller to call again on the next frame.
   */
  function draw(input: LinesInput, yDomain: [number, number]): { scales: LinesScales; drawn: number; pending: boolean } {
    const size = chart.size();
    const key = `${input.signature}|${size.innerWidth}|${size.innerHeight}|${yDomain.join(',')}`;
    const curves = layer(chart.plot, 'curves').attr('clip-path', `url(#${clipId})`);
    if (key !== frameKey || !scales) {
      scales = drawFrame(input, yDomain);
      frameKey = key;
      curves.selectAll('path.network').remove();
    }
    const { x, y } = scales;

    // Curves: each path is built once per network and session; only new networks add work.
    const existing = curves.selectAll<SVGPathElement, number>('path.network').size();
    const drawn = Math.min(input.curves.length, existing + MAX_NEW_PER_DRAW);
    const paths = curves.selectAll<SVGPathElement, number>('path.network')
      .data(Array.from({ length: drawn }, (_, i) => i), (i) => String(i));
    paths.exit().remove();
    paths.enter().append('path').attr('class', 'line network')
      .attr('fill', 'none').attr('stroke', PRIOR_COLORS.networks).attr('stroke-width', 1).attr('stroke-opacity', 0.5)
      .attr('stroke-linejoin', 'round')
      .attr('d', (i) => curvePath(input.grid, input.curves[i], x, y));
    curves.attr('opacity', drawn > 100 ? 0.7 : 1); // many lines: lighter, so the band stays visible

    const marker = layer(chart.plot, 'x0-marker');
    const mx = x(input.x0);
    const right = mx > size.innerWidth - 40;
    marker.selectAll('line').data([0]).join('line')
      .attr('x1', mx).attr('x2', mx).attr('y1', 0).attr('y2', size.innerHeight)
      .attr('stroke', PRIOR_COLORS.marker).attr('stroke-width', 1.25).attr('stroke-dasharray', '5 3');
    marker.selectAll('text').data([0]).join('text')
      .attr('x', mx + (right ? -4 : 4)).attr('y', 12).attr('text-anchor', right ? 'end' : 'start').attr('font-size', 12)
      .text('x⋆');
    const dots = layer(chart.plot, 'x0-dots').attr('clip-path', `url(#${clipId})`);
    dots.selectAll('circle').data(input.atX0.slice(0, drawn).filter(Number.isFinite)).join('circle')
      .attr('class', 'x0-value').attr('cx', mx).attr('cy', (v) => Math.max(-50, Math.min(size.innerHeight + 50, y(v))))
      .attr('r', 2.4).attr('fill', PRIOR_COLORS.networks).attr('stroke', '#222').attr('stroke-width', 0.6);
    return { scales, drawn, pending: drawn < input.curves.length };
  }

  return { draw };
}
