/**
 * Left panel: kernel value against the angle θ between the inputs, the
 * chosen depth bold and shallower depths faint, NNGP in blue, NTK in orange;
 * a dotted guide at θ₀ (where the cobweb on the right starts).
 */
import { extent, format, scaleLinear, type ScaleLinear } from 'd3';
import type { Chart } from '../../viz/chart';
import { drawAxes } from '../../viz/axes';
import { drawLines, type LineSeries } from '../../viz/line';
import { layer } from '../../viz/layer';
import { renderLegend, type LegendItem } from '../../viz/legend';
import { piTicks } from '../../viz/format';
import { colors, fontSize } from '../../viz/theme';
import { THETA0, type KernelRecursionData } from './compute';
import type { KernelRecursionParams } from './schema';

export const KERNEL_COLORS = { nngp: colors.blue, ntk: colors.orange } as const;

const exponential = format('.2~e');

/**
 * y ticks of the kernel axis. Unnormalized kernels span 1e-65 (σ_w² = 0.1,
 * depth 50) to 1e16 (σ_w² = 4): plain labels such as "60,000,000,000,000,000"
 * or "0.0000000…1" do not fit the 44 px margin and were cut to "000,000".
 * Outside [1e-3, 1e5) the labels are written as 6e14, 1.5e−65.
 */
export function kernelTicks(y: ScaleLinear<number, number>, count: number): { values: number[]; format: (v: number) => string } {
  const values = y.ticks(count);
  const largest = Math.max(0, ...values.map(Math.abs));
  if (largest > 0 && (largest >= 1e5 || largest < 1e-3)) {
    return { values, format: (v) => (v === 0 ? '0' : exponential(v).replace('e+', 'e').replace(/-/g, '−')) };
  }
  return { values, format: y.tickFormat(count) };
}

function shownKernels(p: KernelRecursionParams): ('nngp' | 'ntk')[] {
  return p.kernel === 'both' ? ['nngp', 'ntk'] : [p.kernel as 'nngp' | 'ntk'];
}

export function drawKernelPanel(chart: Chart, legend: HTMLElement, data: KernelRecursionData, p: KernelRecursionParams): void {
  const size = chart.size();
  const kinds = shownKernels(p);
  const finiteValues = data.curves.flatMap((c) => kinds.flatMap((k) => c[k])).filter(Number.isFinite);
  const [lo, hi] = extent(finiteValues) as [number | undefined, number | undefined];
  const y = scaleLinear()
    .domain([Math.min(0, lo ?? 0), Math.max(p.normalize ? 1 : 0, hi ?? 1)])
    .nice()
    .range([size.innerHeight, 0]);
  const x = scaleLinear().domain([0, Math.PI]).range([0, size.innerWidth]);
  drawAxes(chart.plot, size, {
    x, y,
    xLabel: 'angle θ between the inputs',
    yLabel: p.normalize ? 'kernel K(θ) / K(0)' : 'kernel K(θ)',
    xTicks: piTicks(0, Math.PI, Math.max(2, Math.floor(size.innerWidth / 55))),
    yTicks: kernelTicks(y, Math.max(2, Math.floor(size.innerHeight / 40))),
  });

  const guide = layer(chart.plot, 'guides');
  guide.selectAll('line.theta0').data([THETA0]).join('line').attr('class', 'theta0')
    .attr('x1', (t) => x(t)).attr('x2', (t) => x(t)).attr('y1', 0).attr('y2', size.innerHeight)
    .attr('stroke', 'currentColor').attr('stroke-opacity', 0.45).attr('stroke-dasharray', '2 3');
  guide.selectAll('text.theta0').data([THETA0]).join('text').attr('class', 'theta0')
    .attr('x', (t) => x(t) + 4).attr('y', 12).attr('font-size', fontSize.annotation).attr('fill-opacity', 0.7).text('θ₀');

  const chosen = data.curves[data.curves.length - 1];
  const shallow = data.curves.slice(0, -1);
  const series: LineSeries[] = [];
  for (const kind of kinds) {
    shallow.forEach((c, i) => series.push({
      key: `${kind}-L${c.depth}`, x: data.theta, y: c[kind], color: KERNEL_COLORS[kind],
      width: 1.25, opacity: 0.22 + (0.3 * (i + 1)) / (shallow.length + 1), className: `${kind} shallow`,
    }));
    series.push({ key: `${kind}-chosen`, x: data.theta, y: chosen[kind], color: KERNEL_COLORS[kind], width: 2.75, className: `${kind} chosen` });
  }
  drawLines(layer(chart.plot, 'lines'), series, x, y);

  const items: LegendItem[] = kinds.map((k) => ({
    label: `${k === 'nngp' ? 'NNGP' : 'NTK'}, depth ${p.depth}`, mark: 'line', color: KERNEL_COLORS[k], width: 2.75,
  }));
  if (shallow.length) {
    items.push({ label: `depth ${shallow.map((c) => c.depth).join(', ')} (faint)`, mark: 'line', color: 'currentColor', width: 1.25, opacity: 0.4 });
  }
  renderLegend(legend, items);
}
