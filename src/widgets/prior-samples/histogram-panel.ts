/**
 * Right panel: the distribution of f(x0) across random networks, drawn
 * sideways so that it shares the left panel's vertical axis. Bars: the
 * readout sample's histogram as a density; curve: the infinite-width
 * Gaussian N(0, K(x0, x0)); ticks on the left edge: the drawn networks'
 * values at x0 (the dots of the left panel).
 */
import { scaleLinear } from 'd3';
import type { Chart } from '../../viz/chart';
import { drawAxes } from '../../viz/axes';
import { drawHistogram, histogramBars, type BinnedCounts } from '../../viz/histogram';
import { layer } from '../../viz/layer';
import { renderLegend } from '../../viz/legend';
import { linePath } from '../../viz/line';
import { formatReadout } from '../../viz/format';
import { PRIOR_COLORS } from './lines-panel';

export interface HistogramInput {
  histogram: BinnedCounts & { below: number; above: number };
  /** K(x0, x0). */
  nngpAtX0: number;
  atX0: number[];
}

/**
 * Density axis: up to the taller of the bars and the Gaussian's peak, but at
 * most 3 times that peak (taller bars are cut and labelled); rounded up to a
 * quarter of the peak so the axis does not twitch while the histogram fills.
 */
export function densityLimit(input: HistogramInput): number {
  const peak = 1 / Math.sqrt(2 * Math.PI * input.nngpAtX0);
  const tallest = Math.max(0, ...histogramBars(input.histogram).map((b) => b.density));
  const step = peak / 4;
  return Math.ceil((1.04 * Math.min(3 * peak, Math.max(peak, tallest))) / step) * step;
}

export function createHistogramPanel(chart: Chart, legend: HTMLElement) {
  let frameKey = '';

  /** Axes, Gaussian density and legend: redrawn when the size, the ranges or K change. */
  function drawFrame(input: HistogramInput, yDomain: [number, number], densityMax: number): void {
    const size = chart.size();
    const x = scaleLinear().domain([0, densityMax]).range([0, size.innerWidth]);
    const y = scaleLinear().domain(yDomain).range([size.innerHeight, 0]);
    drawAxes(chart.plot, size, {
      x, y, xLabel: 'density', yLabel: 'f(x⋆)',
      xTicks: { count: Math.max(2, Math.floor(size.innerWidth / 60)) },
      yTicks: { count: Math.max(3, Math.floor(size.innerHeight / 45)) },
    });
    const k = input.nngpAtX0;
    const vs = Array.from({ length: 161 }, (_, i) => yDomain[0] + ((yDomain[1] - yDomain[0]) * i) / 160);
    const pdf = vs.map((v) => Math.exp((-0.5 * v * v) / k) / Math.sqrt(2 * Math.PI * k));
    layer(chart.plot, 'bars');
    layer(chart.plot, 'gaussian').selectAll('path').data([0]).join('path')
      .attr('class', 'line gaussian-density').attr('fill', 'none')
      .attr('stroke', PRIOR_COLORS.nngp).attr('stroke-width', 2)
      .attr('d', linePath(pdf, vs, x, y));
    renderLegend(legend, [
      { label: 'f(x⋆) across networks', mark: 'swatch', color: PRIOR_COLORS.networks, opacity: 0.5 },
      { label: 'Gaussian N(0, K(x⋆, x⋆))', mark: 'line', color: PRIOR_COLORS.nngp },
      { label: 'drawn networks', mark: 'line', color: '#222', width: 1 },
    ]);
  }

  function draw(input: HistogramInput, yDomain: [number, number]): { densityMax: number } {
    const size = chart.size();
    const densityMax = densityLimit(input);
    const key = `${size.innerWidth}|${size.innerHeight}|${yDomain.join(',')}|${densityMax}|${input.nngpAtX0}`;
    if (key !== frameKey) { drawFrame(input, yDomain, densityMax); frameKey = key; }
    const x = scaleLinear().domain([0, densityMax]).range([0, size.innerWidth]);
    const y = scaleLinear().domain(yDomain).range([size.innerHeight, 0]);

    const bars = histogramBars(input.histogram);
    drawHistogram(layer(chart.plot, 'bars'), bars, y, x, { orientation: 'horizontal', color: PRIOR_COLORS.networks, opacity: 0.5 });
    const clipped = bars.filter((b) => b.density > densityMax);
    layer(chart.plot, 'clip-labels').selectAll('text').data(clipped).join('text')
      .attr('x', size.innerWidth - 2).attr('y', (b) => y((b.from + b.to) / 2) - 4)
      .attr('text-anchor', 'end').attr('font-size', 10)
      .text((b) => `${formatReadout(b.density, 2)} ▸`);

    layer(chart.plot, 'rug').selectAll('line')
      .data(input.atX0.filter((v) => Number.isFinite(v) && v >= yDomain[0] && v <= yDomain[1])).join('line')
      .attr('class', 'rug-tick').attr('x1', 0).attr('x2', 9).attr('y1', (v) => y(v)).attr('y2', (v) => y(v))
      .attr('stroke', '#222').attr('stroke-width', 1).attr('stroke-opacity', 0.7);

    const beyond = [
      { key: 'above', n: input.histogram.above, yPos: 10 },
      { key: 'below', n: input.histogram.below, yPos: size.innerHeight - 4 },
    ].filter((d) => d.n > 0);
    layer(chart.plot, 'beyond').selectAll<SVGTextElement, (typeof beyond)[number]>('text').data(beyond, (d) => d.key).join('text')
      .attr('x', size.innerWidth - 2).attr('y', (d) => d.yPos).attr('text-anchor', 'end').attr('font-size', 10)
      .text((d) => `${d.key === 'above' ? '↑' : '↓'} ${d.n} beyond the axis`);
    return { densityMax };
  }

  return { draw };
}
