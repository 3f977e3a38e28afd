/**
 * Left panel: the trained networks at the shown step as thin lines over
 * x in [-π, π], the infinite-width ensemble's mean ± 2σ band (NTK, discrete
 * steps), optionally the NNGP posterior's mean ± 2σ, and the training points.
 * Curves beyond the fixed y range are pulled in just outside it and clipped.
 */
import { scaleLinear } from 'd3';
import { drawAxes } from '../../viz/axes';
import { drawBands, type BandSeries } from '../../viz/band';
import type { Chart } from '../../viz/chart';
import { piTicks } from '../../viz/format';
import { layer } from '../../viz/layer';
import { renderLegend, type LegendItem } from '../../viz/legend';
import { drawLines, type LineSeries } from '../../viz/line';
import { plotClip } from '../../viz/loss-curves';
import { drawPoints } from '../../viz/points';
import { STYLE } from './styles';
import type { Band } from './view';

const X_RANGE: [number, number] = [-Math.PI, Math.PI];

export interface FunctionPanelInput {
  grid: number[];
  curves: number[][];
  /** Null before the worker's first snapshot (the frame only: axes and legend). */
  ntk: Band | null;
  nngp: Band | null;
  trainXs: number[];
  /** Training points named in the legend (known before they arrive). */
  trainCount: number;
  trainYs: number[];
  yDomain: [number, number];
  width: number;
  clipId: string;
}

export function drawFunctionPanel(chart: Chart, legend: HTMLElement, input: FunctionPanelInput): void {
  const { grid, yDomain } = input;
  const size = chart.size();
  const x = scaleLinear().domain(X_RANGE).range([0, size.innerWidth]);
  const y = scaleLinear().domain(yDomain).range([size.innerHeight, 0]);
  drawAxes(chart.plot, size, {
    x, y, xLabel: 'input x', yLabel: 'output f(x)',
    xTicks: piTicks(X_RANGE[0], X_RANGE[1], Math.max(3, Math.floor(size.innerWidth / 55))),
    yTicks: { count: Math.max(3, Math.floor(size.innerHeight / 45)) },
  });
  const clip = plotClip(chart.svg, input.clipId, size.innerWidth, size.innerHeight);

  const bands: BandSeries[] = [];
  if (input.nngp) bands.push({ key: 'nngp', x: grid, lower: input.nngp.lower, upper: input.nngp.upper, color: STYLE.nngp.color, opacity: STYLE.nngp.fill, className: 'nngp-band' });
  if (input.ntk) bands.push({ key: 'ntk', x: grid, lower: input.ntk.lower, upper: input.ntk.upper, color: STYLE.ntk.color, opacity: STYLE.ntk.fill, className: 'ntk-band' });
  drawBands(layer(chart.plot, 'bands').attr('clip-path', clip), bands, x, y);

  const limit = 3 * Math.max(Math.abs(yDomain[0]), Math.abs(yDomain[1]));
  const pull = (v: number) => Math.max(-limit, Math.min(limit, v));
  const networks: LineSeries[] = input.curves.map((c, i) => ({
    key: `net-${i}`, x: grid, y: c.map(pull), color: STYLE.network.color, width: STYLE.network.width,
    opacity: STYLE.network.opacity, className: 'network',
  }));
  drawLines(layer(chart.plot, 'networks').attr('clip-path', clip), networks, x, y);

  const means: LineSeries[] = input.ntk ? [{ key: 'ntk-mean', x: grid, y: input.ntk.mean, color: STYLE.ntk.color, width: STYLE.ntk.width, className: 'ntk-mean' }] : [];
  if (input.nngp) {
    const { color, width, dash } = STYLE.nngp;
    means.push({ key: 'nngp-mean', x: grid, y: input.nngp.mean, color, width, dash, className: 'nngp-mean' });
    means.push({ key: 'nngp-lower', x: grid, y: input.nngp.lower, color, width: 1, dash, opacity: 0.8, className: 'nngp-edge' });
    means.push({ key: 'nngp-upper', x: grid, y: input.nngp.upper, color, width: 1, dash, opacity: 0.8, className: 'nngp-edge' });
  }
  drawLines(layer(chart.plot, 'means').attr('clip-path', clip), means, x, y);
  drawPoints(layer(chart.plot, 'train'), input.trainXs.map((tx, i) => ({ x: tx, y: input.trainYs[i] })), x, y,
    { r: 3.5, fill: '#fff', stroke: '#222', strokeWidth: 1.3, className: 'train-point' });

  const legendKey = `${input.width}|${input.nngp ? 1 : 0}|${input.trainCount}`;
  if (legend.dataset.key === legendKey) return;
  legend.dataset.key = legendKey;
  const items: LegendItem[] = [
    { label: `trained networks, width ${input.width}`, mark: 'line', color: STYLE.network.color, width: 1.5 },
    { label: 'infinite-width ensemble (NTK): mean ± 2σ', mark: 'band-line', color: STYLE.ntk.color },
  ];
  if (input.nngp) items.push({ label: 'NNGP posterior: mean ± 2σ', mark: 'line', color: STYLE.nngp.color, dash: STYLE.nngp.dash, width: 1.5 });
  items.push({ label: `${input.trainCount} training points`, mark: 'point', color: '#fff' });
  renderLegend(legend, items);
}
