/**
 * Panel (a): the eigenvalues lambda_1 >= lambda_2 >= ... of the kernel on the
 * training inputs as stems on a log axis, index i on x. The tracked top modes
 * carry their colours; the eigenvalues of the two target frequencies (sin x,
 * sin kx) are labelled, so the reader sees how far apart the two rates are.
 */
import { scaleLinear, scaleLog } from 'd3';
import { drawAxes } from '../../viz/axes';
import type { Chart } from '../../viz/chart';
import { layer } from '../../viz/layer';
import { formatPowerOfTen, logTicks } from '../../viz/loss-curves';
import { fontSize } from '../../viz/theme';
import { HIGH_COLOR, LOW_COLOR, OTHER_MODE_COLOR, modeColor } from './styles';

export interface SpectrumInput {
  values: number[];
  tracked: number;
  /** Eigenvalues of sin x and sin kx, with k. */
  low: number;
  high: number;
  frequency: number;
}

/** Power-of-ten domain covering positive values (at most 8 decades below the top). */
export function spectrumDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (!positive.length) return [1e-3, 1];
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...positive)) + 1e-9);
  const lo = Math.max(10 ** Math.floor(Math.log10(Math.min(...positive)) - 1e-9), hi / 1e8);
  return [lo, hi];
}

/** Index (0-based) of the first eigenvalue within 1e-6 relative of `lambda`, or -1. */
export function indexOfEigenvalue(values: readonly number[], lambda: number): number {
  return values.findIndex((v) => Math.abs(v - lambda) <= 1e-4 * Math.max(Math.abs(lambda), 1e-12));
}

export function drawSpectrumPanel(chart: Chart, input: SpectrumInput): { domain: [number, number] } {
  const size = chart.size();
  const n = input.values.length;
  const domain = spectrumDomain(input.values);
  const x = scaleLinear().domain([0.5, n + 0.5]).range([0, size.innerWidth]);
  const y = scaleLog().domain(domain).range([size.innerHeight, 0]).clamp(true);
  const ticks = logTicks(domain, Math.max(3, Math.floor(size.innerHeight / 30)));
  drawAxes(chart.plot, size, {
    x, y, xLabel: 'index i', yLabel: 'eigenvalue λᵢ (log scale)',
    xTicks: { values: [1, ...[8, 16, 24, 32, 48, 64].filter((v) => v <= n)], format: (v) => String(v) },
    yTicks: { values: ticks.values, format: formatPowerOfTen },
  });
  const items = input.values.map((v, i) => ({ i, v, color: i < input.tracked ? modeColor(i) : OTHER_MODE_COLOR }));
  layer(chart.plot, 'stems').selectAll('line').data(items).join('line')
    .attr('class', 'stem')
    .attr('x1', (d) => x(d.i + 1)).attr('x2', (d) => x(d.i + 1))
    .attr('y1', size.innerHeight).attr('y2', (d) => y(Math.max(d.v, domain[0])))
    .attr('stroke', (d) => d.color).attr('stroke-width', 1.5).attr('stroke-opacity', 0.8);
  layer(chart.plot, 'heads').selectAll('circle').data(items).join('circle')
    .attr('class', 'eigenvalue')
    .attr('cx', (d) => x(d.i + 1)).attr('cy', (d) => y(Math.max(d.v, domain[0])))
    .attr('r', (d) => (d.i < input.tracked ? 3.5 : 2.5)).attr('fill', (d) => d.color);
  const labels = [
    { lambda: input.low, text: 'sin x', color: LOW_COLOR },
    { lambda: input.high, text: `sin ${input.frequency}x`, color: HIGH_COLOR },
  ].map((l) => ({ ...l, i: indexOfEigenvalue(input.values, l.lambda) })).filter((l) => l.i >= 0);
  layer(chart.plot, 'freq-labels').selectAll('text').data(labels).join('text')
    .attr('class', 'frequency-label')
    .attr('x', (d) => x(d.i + 1) + 6).attr('y', (d) => y(Math.max(input.values[d.i], domain[0])) - 6)
    .attr('font-size', fontSize.annotation).attr('font-weight', 600).attr('fill', (d) => d.color)
    .text((d) => `← ${d.text}`);
  return { domain };
}
