/**
 * Right panel: the correlation c^l of two inputs over layers l = 0..depth at
 * the marker's variances, with the fixed point c* dashed.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { Chart } from '../../viz/chart';
import { drawAxes } from '../../viz/axes';
import { drawLines } from '../../viz/line';
import { drawPoints } from '../../viz/points';
import { layer } from '../../viz/layer';
import { renderLegend } from '../../viz/legend';
import { colors } from '../../viz/theme';
import type { MarkerData } from './compute';

export const DEPTH_COLORS = { correlation: colors.blue, fixedPoint: colors.green } as const;

/** Ticks on the layer axis: whole layers only (depth 3 used to show 0.5, 1.5, 2.5). */
export function layerTicks(x: ScaleLinear<number, number>, count: number): { values: number[]; format: (v: number) => string } {
  return { values: x.ticks(count).filter(Number.isInteger), format: (v) => String(v) };
}

export function drawDepthPanel(chart: Chart, legend: HTMLElement, marker: MarkerData): void {
  const size = chart.size();
  const depth = marker.correlations.length - 1;
  const layers = marker.correlations.map((_, l) => l);
  const x = scaleLinear().domain([0, Math.max(1, depth)]).range([0, size.innerWidth]);
  const y = scaleLinear().domain([-1, 1]).range([size.innerHeight, 0]);
  drawAxes(chart.plot, size, {
    x, y, xLabel: 'layer l', yLabel: 'correlation cˡ of the two inputs',
    xTicks: layerTicks(x, Math.max(2, Math.floor(size.innerWidth / 60))),
  });
  const cStar = marker.cStar;
  drawLines(layer(chart.plot, 'lines'), [
    ...(Number.isFinite(cStar)
      ? [{ key: 'cstar', x: [0, Math.max(1, depth)], y: [cStar, cStar], color: DEPTH_COLORS.fixedPoint, width: 1.75, dash: '6 4', className: 'fixed-point' }]
      : []),
    { key: 'correlation', x: layers, y: marker.correlations, color: DEPTH_COLORS.correlation, width: 2.25, className: 'correlation' },
  ], x, y);
  const showDots = depth <= 60;
  drawPoints(layer(chart.plot, 'dots'), showDots ? layers.map((l) => ({ x: l, y: marker.correlations[l] })) : [], x, y,
    { r: 2.5, fill: DEPTH_COLORS.correlation, className: 'layer-dot' });
  renderLegend(legend, [
    { label: 'cˡ at the marker', mark: 'line', color: DEPTH_COLORS.correlation, width: 2.25 },
    { label: `fixed point c* = ${Number.isFinite(cStar) ? cStar.toFixed(3) : '—'}`, mark: 'line', color: DEPTH_COLORS.fixedPoint, dash: '6 4', width: 1.75 },
  ]);
}
