/**
 * Panel (e): the empirical NTK of one network before training (Theta_0),
 * after T steps (Theta_T) and the analytic infinite-width NTK Theta, side by
 * side on an even grid of inputs x, x' in [-pi, pi), all on one colour scale
 * (viridis over the range of the three) so equal colours mean equal values.
 * Entry (i, j) is drawn at x' = x_j (horizontal), x = x_i (vertical, upwards).
 * Under each map: its relative distance to Theta, and how far training moved it.
 */
import { axisBottom, axisLeft, scaleLinear, select } from 'd3';
import type { GridKernels, KernelDriftData } from '../../nn/experiments/kernel-drift-schema';
import type { Chart } from '../../viz/chart';
import { renderColorbar } from '../../viz/colorbar';
import { drawHeatmap } from '../../viz/heatmap';
import { layer, type Group } from '../../viz/layer';
import { formatReadout, piTicks } from '../../viz/format';
import { fontSize } from '../../viz/theme';
import { kernelColor, kernelColorbar, kernelDomain } from '../../viz/kernel-colors';
import { createRasterCache } from '../../viz/raster-cache';

const GAP = 14;
const EDGES: [number, number] = [-Math.PI, Math.PI];

/** The grid kernels of the trained width nearest (in log) to `wanted`, or null before any is recorded. */
export function nearestGridKernels(data: KernelDriftData | undefined, wanted: number): GridKernels | null {
  const kernels = data?.grid.kernels ?? [];
  let best: GridKernels | null = null;
  for (const g of kernels) {
    if (!best || Math.abs(Math.log(g.width / wanted)) < Math.abs(Math.log(best.width / wanted)) - 1e-9) best = g;
  }
  return best;
}

export interface HeatmapsState {
  width: number | null;
  domain: [number, number] | null;
  titles: string[];
  notes: string[];
}

export interface DriftHeatmaps {
  draw(data: KernelDriftData | undefined, wanted: number, force?: boolean): HeatmapsState;
}

export function createDriftHeatmaps(chart: Chart, legend: HTMLElement): DriftHeatmaps {
  const rasters = createRasterCache();
  let barKey = '';

  return {
    draw(data, wanted, force = false) {
      const g = nearestGridKernels(data, wanted);
      const analytic = data?.grid.analytic ?? [];
      const size = chart.size();
      const side = Math.max(40, Math.min((size.innerWidth - 2 * GAP) / 3, size.innerHeight));
      const start = Math.max(0, (size.innerWidth - (3 * side + 2 * GAP)) / 2);
      const lefts = [0, 1, 2].map((i) => start + i * (side + GAP));
      const narrow = side < 140;
      const domain = g ? kernelDomain(g.initial, g.final, analytic) : null;
      const color = domain ? kernelColor(domain) : null;
      const fmt = (v: number | null) => (v === null ? '–' : formatReadout(v, 2));
      const T = data?.steps ?? 0;
      const views = [
        { key: 'initial', title: g ? (narrow ? `Θ̂₀, n = ${g.width}` : `Θ̂ at t = 0, width ${g.width}`) : 'Θ̂ at t = 0',
          href: g?.initial && domain && color ? rasters.get('initial', g.initial, domain, color) : '',
          note: g ? `to Θ: ${fmt(g.initialDistance)}` : '', empty: data ? 'training…' : 'waiting…' },
        { key: 'final', title: narrow ? `Θ̂ at t = ${T}` : `Θ̂ after T = ${T} steps`,
          href: g?.final && domain && color ? rasters.get('final', g.final, domain, color) : '',
          note: g?.final ? `to Θ: ${fmt(g.finalDistance)} · moved ${fmt(g.change)}` : '',
          empty: g && !g.final && data?.curves.some((c) => c.width === g.width && c.seed === 0 && c.diverged) ? 'diverged' : data ? 'training…' : 'waiting…' },
        { key: 'analytic', title: narrow ? 'Θ (n → ∞)' : 'Θ analytic (n → ∞)',
          href: domain && color && analytic.length ? rasters.get('analytic', analytic, domain, color) : '',
          note: '', empty: 'waiting…' },
      ];
      const x = scaleLinear().domain(EDGES).range([0, side]);
      const y = scaleLinear().domain(EDGES).range([side, 0]);
      const ticks = piTicks(EDGES[0], EDGES[1], 5);
      const tickValues = ticks.values.filter((v) => Math.abs(v) < Math.PI - 1e-6);
      const maps = layer(chart.plot, 'maps');
      maps.selectAll<SVGGElement, (typeof views)[number]>('g.map').data(views, (v) => v.key).join('g')
        .attr('class', (v) => `map map-${v.key}`)
        .attr('transform', (_, i) => `translate(${lefts[i]},0)`)
        .each(function (view, i) {
          const m = select<SVGGElement, unknown>(this) as unknown as Group;
          drawHeatmap(layer(m, 'body'), { href: view.href, x: EDGES, y: EDGES, pixelated: true }, x, y);
          layer(m, 'frame').selectAll('rect').data([0]).join('rect').attr('width', side).attr('height', side)
            .attr('fill', 'none').attr('stroke', 'currentColor').attr('stroke-opacity', 0.35);
          layer(m, 'empty').selectAll('text').data(view.href ? [] : [view.empty]).join('text')
            .attr('x', side / 2).attr('y', side / 2).attr('text-anchor', 'middle').attr('font-size', fontSize.annotation).text((d) => d);
          layer(m, 'title').selectAll('text').data([view.title]).join('text')
            .attr('x', side / 2).attr('y', -8).attr('text-anchor', 'middle').attr('font-size', fontSize.label).attr('font-weight', 600).text((d) => d);
          // One short line per fact, so neighbouring notes never collide on a phone.
          layer(m, 'note').selectAll('text').data(view.note ? view.note.split(' · ') : []).join('text').attr('class', 'map-note')
            .attr('x', side / 2).attr('y', (_, k) => side + 30 + 13 * k).attr('text-anchor', 'middle').attr('font-size', fontSize.annotation).text((d) => d);
          const xAxis = layer(m, 'axis-x').attr('transform', `translate(0,${side})`);
          xAxis.call(axisBottom(x).tickValues(tickValues).tickFormat((v) => ticks.format(Number(v))).tickSize(3).tickSizeOuter(0))
            .attr('font-size', fontSize.tick).attr('font-family', 'inherit');
          xAxis.select('.domain').remove();
          const yAxis = layer(m, 'axis-y');
          if (i === 0) {
            yAxis.call(axisLeft(y).tickValues(tickValues).tickFormat((v) => ticks.format(Number(v))).tickSize(3).tickSizeOuter(0))
              .attr('font-size', fontSize.tick).attr('font-family', 'inherit');
            yAxis.select('.domain').remove();
          } else yAxis.selectAll('*').remove();
        });
      const labels = layer(chart.plot, 'axis-labels').attr('font-size', fontSize.label);
      labels.selectAll('text.y-label').data(['↑ x']).join('text').attr('class', 'y-label')
        .attr('x', lefts[0] - size.margin.left + 2).attr('y', -8).text((d) => d);
      labels.selectAll('text.x-label').data(['x′ →']).join('text').attr('class', 'x-label')
        .attr('x', lefts[0] - 6).attr('y', side + 17).attr('text-anchor', 'end').text((d) => d);
      const barWidth = Math.round(Math.max(140, Math.min(260, size.width / 2)));
      const key = domain ? `${domain.join(',')}|${barWidth}` : 'none';
      if (domain && (force || key !== barKey)) {
        const bar = kernelColorbar(domain, barWidth);
        renderColorbar(legend, { ...bar, label: 'kernel value (all three maps)' });
      }
      if (!domain) legend.textContent = '';
      barKey = key;
      return { width: g?.width ?? null, domain, titles: views.map((v) => v.title), notes: views.map((v) => v.note) };
    },
  };
}
