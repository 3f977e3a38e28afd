/**
 * Left panel: the (σ_w², σ_b²) plane as a heatmap, the critical line χ₁ = 1
 * and the marker at the current variances.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { Chart } from '../../viz/chart';
import { drawAxes } from '../../viz/axes';
import { cellEdges, drawHeatmap } from '../../viz/heatmap';
import { drawLines } from '../../viz/line';
import { layer, type Group } from '../../viz/layer';
import { fontSize } from '../../viz/theme';
import type { PhaseGrid } from './grid-job';
import { BIAS_RANGE, fineCentres, GRID_RESOLUTION, WEIGHT_RANGE } from './compute';
import type { PhaseDiagramParams } from './schema';

export interface PlaneScales { x: ScaleLinear<number, number>; y: ScaleLinear<number, number> }

/** Outer edges of the fine grid: the plane's fixed domain (coarse levels are clipped to it). */
export const PLANE_X = cellEdges(fineCentres(WEIGHT_RANGE, GRID_RESOLUTION[0]));
export const PLANE_Y = cellEdges(fineCentres(BIAS_RANGE, GRID_RESOLUTION[1]));

/** Scales of the plane for the chart's current size. */
export function planeScales(chart: Chart): PlaneScales {
  const size = chart.size();
  return {
    x: scaleLinear().domain(PLANE_X).range([0, size.innerWidth]),
    y: scaleLinear().domain(PLANE_Y).range([size.innerHeight, 0]),
  };
}

/** Draw the plane; `grid` is null until the coarsest level is computed. */
export function drawHeatmapPanel(chart: Chart, grid: PhaseGrid | null, raster: string, p: PhaseDiagramParams): PlaneScales {
  const size = chart.size();
  const scales = planeScales(chart);
  const { x, y } = scales;
  const clip = layer(chart.plot, 'heat').selectAll<SVGSVGElement, number>('svg.heat-clip').data([0]).join('svg')
    .attr('class', 'heat-clip').attr('width', size.innerWidth).attr('height', size.innerHeight).attr('overflow', 'hidden');
  const inner = clip.selectAll<SVGGElement, number>('g').data([0]).join('g') as unknown as Group;
  drawHeatmap(inner, {
    href: grid ? raster : '',
    x: grid ? cellEdges(grid.weightVariance) : PLANE_X,
    y: grid ? cellEdges(grid.biasVariance) : PLANE_Y,
  }, x, y);
  drawAxes(chart.plot, size, {
    x, y, grid: false,
    xLabel: 'weight variance σ_w²', yLabel: 'bias variance σ_b²',
    xTicks: { count: Math.max(2, Math.floor(size.innerWidth / 60)) },
    yTicks: { count: Math.max(2, Math.floor(size.innerHeight / 45)) },
  });

  const line = grid?.criticalLine ?? [];
  const lx = line.map((pt) => pt.weightVariance);
  const ly = line.map((pt) => pt.biasVariance);
  const lines = layer(chart.plot, 'critical');
  drawLines(lines, line.length > 1 ? [
    { key: 'halo', x: lx, y: ly, color: 'white', width: 4, opacity: 0.7, className: 'critical-halo' },
    { key: 'critical', x: lx, y: ly, color: '#111', width: 1.75, dash: '6 3', className: 'critical-line' },
  ] : [], x, y);
  const top = line.length > 1 ? line[line.length - 1] : null;
  lines.selectAll('text.critical-label').data(top ? [top] : []).join('text').attr('class', 'critical-label')
    .attr('x', (pt) => x(pt.weightVariance) + 6).attr('y', (pt) => Math.max(12, y(pt.biasVariance) + 14))
    .attr('font-size', fontSize.annotation).attr('fill', '#111')
    .attr('paint-order', 'stroke').attr('stroke', 'white').attr('stroke-width', 3).attr('stroke-opacity', 0.7)
    .text('χ₁ = 1');

  const marker = layer(chart.plot, 'marker');
  marker.attr('transform', `translate(${x(p.weightVariance)},${y(p.biasVariance)})`);
  marker.selectAll('circle.ring').data([0]).join('circle').attr('class', 'ring')
    .attr('r', 8).attr('fill', 'none').attr('stroke', 'white').attr('stroke-width', 4);
  marker.selectAll('circle.marker').data([0]).join('circle').attr('class', 'marker')
    .attr('r', 8).attr('fill', 'none').attr('stroke', '#111').attr('stroke-width', 2);
  marker.selectAll('circle.dot').data([0]).join('circle').attr('class', 'dot')
    .attr('r', 2).attr('fill', '#111');
  return scales;
}
