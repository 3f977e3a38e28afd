/**
 * Panels (c) and (d): quantities at the end of training against width, on
 * log-log axes, where a power law C n^p is a straight line of slope p.
 * (c) the relative kernel change: each network (faint), the mean per width
 *     (large dot), the least-squares fit through the means (red, slope
 *     printed), and two guides through the centre of the fit: slope -1/2,
 *     the bound of Lee et al. (2019, Thm 2.1), and slope -1, the rate for
 *     smooth activations (Dyer & Gur-Ari 2020; Huang & Yau 2020).
 * (d) the relative change of each layer's weights (mean per width), one
 *     colour per layer, with the fitted slope of each in the legend.
 * Widths appear as they finish.
 */
import type { KernelDriftData } from '../../nn/experiments/kernel-drift-schema';
import type { PowerLawFit } from '../../nn/experiments/fit';
import type { Chart } from '../../viz/chart';
import { layer } from '../../viz/layer';
import { renderLegend, type LegendItem } from '../../viz/legend';
import { drawLogLog, lawThrough, logDomain, type PowerLaw } from '../../viz/loglog';
import type { PointDatum } from '../../viz/points';
import { fontSize } from '../../viz/theme';
import { FIT_COLOR, layerColor, layerName, widthColor } from './colors';

const minus = (s: string) => s.replace('-', '−');
export const formatSlope = (slope: number): string => minus(slope.toFixed(2));

function xDomainOf(widths: readonly number[]): [number, number] {
  const lo = Math.min(...widths, 16);
  const hi = Math.max(...widths, 1024);
  return [lo / 1.5, hi * 1.5];
}

/** Geometric centre of the finished widths on the fitted line (where the guides cross it). */
function centreOf(fit: PowerLawFit | null, points: { x: number; y: number }[]): { x: number; y: number } | null {
  if (points.length === 0) return null;
  const cx = Math.exp(points.reduce((a, p) => a + Math.log(p.x), 0) / points.length);
  if (fit && points.length >= 2) return { x: cx, y: Math.exp(fit.intercept) * cx ** fit.slope };
  return points[0];
}

export interface KernelWidthView {
  /** Mean final kernel change per finished width. */
  means: { width: number; value: number }[];
  fit: PowerLawFit | null;
  guides: { half: PowerLaw; one: PowerLaw } | null;
}

export function drawKernelWidthPanel(chart: Chart, legend: HTMLElement, data: KernelDriftData | undefined): KernelWidthView {
  const size = chart.size();
  const widths = data?.widths ?? [16, 1024];
  const finished = (data?.perWidth ?? []).filter((s) => s.finished > 0 && s.kernelChange.mean !== null);
  const means = finished.map((s) => ({ width: s.width, value: s.kernelChange.mean! }));
  const singles: PointDatum[][] = finished.map((s) => (data?.curves ?? [])
    .filter((c) => c.width === s.width && !c.diverged && c.step.at(-1) === data!.steps)
    .map((c) => ({ x: c.width, y: c.kernelChange.at(-1)!, key: `${c.width}-${c.seed}` })));
  const fit = data?.kernelFit ?? null;
  const centre = centreOf(fit, means.map((m) => ({ x: m.width, y: m.value })));
  const guides = centre ? { half: lawThrough(-0.5, centre.x, centre.y), one: lawThrough(-1, centre.x, centre.y) } : null;
  const yDomain = logDomain(singles.flat().map((p) => p.y), [0.003, 0.5], 1.6);
  drawLogLog(chart.plot, size, {
    xDomain: xDomainOf(widths), yDomain,
    xLabel: 'width n (log scale)', yLabel: 'kernel change at t = T (log scale)',
    points: singles.map((pts, i) => ({ data: pts, style: { r: 2.5, fill: widthColor(finished[i].width), className: 'network-point' } })),
    lines: [{ key: 'means', x: means.map((m) => m.width), y: means.map((m) => m.value), color: 'currentColor', width: 1, opacity: 0.35, className: 'mean-link' }],
    laws: [
      ...(guides ? [
        { ...guides.half, key: 'half', color: 'currentColor', width: 1.25, dash: '6 4', opacity: 0.75, className: 'guide-half' },
        { ...guides.one, key: 'one', color: 'currentColor', width: 1.25, dash: '1.5 3', opacity: 0.75, className: 'guide-one' },
      ] : []),
      ...(fit ? [{ slope: fit.slope, intercept: fit.intercept, key: 'fit', color: FIT_COLOR, width: 2, className: 'fit-line' }] : []),
    ],
    highlights: means.map((m) => ({ data: [{ x: m.width, y: m.value, key: `mean-${m.width}` }], style: { r: 5, fill: widthColor(m.width), stroke: 'white', strokeWidth: 1.5, className: 'mean-point' } })),
  });
  chart.svg.querySelectorAll('circle.network-point').forEach((c) => c.setAttribute('fill-opacity', '0.5'));
  const note = fit ? `slope ${formatSlope(fit.slope)}` : means.length === 1 ? 'fit needs two widths' : '';
  layer(chart.plot, 'slope-note').selectAll('text').data(note ? [note] : []).join('text').attr('class', 'slope-note')
    .attr('x', size.innerWidth - 4).attr('y', 14).attr('text-anchor', 'end').attr('font-size', fontSize.label + 2)
    .attr('font-weight', 700).attr('fill', fit ? FIT_COLOR : 'currentColor').text((d) => d);
  chart.message(!data ? 'waiting for the worker…' : means.length === 0 ? 'a width appears here when its networks finish' : null);
  const items: LegendItem[] = [
    { label: 'one network', mark: 'point', color: 'currentColor', opacity: 0.5 },
    { label: 'mean per width', mark: 'point', color: 'currentColor' },
    { label: fit ? `fit: slope ${formatSlope(fit.slope)}` : 'fit (needs two widths)', mark: 'line', color: FIT_COLOR },
    { label: 'slope −1/2: Lee et al.’s bound', mark: 'line', color: 'currentColor', dash: '6 4', width: 1.25 },
    { label: 'slope −1', mark: 'line', color: 'currentColor', dash: '1.5 3', width: 1.25 },
  ];
  renderLegend(legend, items);
  return { means, fit, guides };
}

export interface LayerWidthView {
  layers: { name: string; widths: number[]; values: number[]; slope: number | null }[];
}

export function drawLayerWidthPanel(chart: Chart, legend: HTMLElement, data: KernelDriftData | undefined): LayerWidthView {
  const size = chart.size();
  const depth = data?.depth ?? 2;
  const finished = (data?.perWidth ?? []).filter((s) => s.finished > 0);
  const layers = Array.from({ length: depth + 1 }, (_, l) => {
    const rows = finished.filter((s) => s.layerWeightChange[l]?.mean !== null && s.layerWeightChange[l] !== undefined);
    return {
      name: layerName(l, depth),
      widths: rows.map((s) => s.width),
      values: rows.map((s) => s.layerWeightChange[l].mean!),
      slope: data?.layerWeightFits[l]?.slope ?? null,
    };
  });
  const yDomain = logDomain(layers.flatMap((l) => l.values), [1e-4, 0.3], 1.6);
  drawLogLog(chart.plot, size, {
    xDomain: xDomainOf(data?.widths ?? [16, 1024]), yDomain,
    xLabel: 'width n (log scale)', yLabel: '‖W − W₀‖ / ‖W₀‖ at t = T (log scale)',
    lines: layers.map((l, i) => ({ key: `layer-${i}`, x: l.widths, y: l.values, color: layerColor(i, depth), width: 2, className: `layer-line layer-${i}` })),
    highlights: layers.map((l, i) => ({
      data: l.widths.map((w, k) => ({ x: w, y: l.values[k], key: `${i}-${w}` })),
      style: { r: 3.5, fill: layerColor(i, depth), className: `layer-point layer-${i}` },
    })),
  });
  chart.message(!data ? 'waiting for the worker…' : finished.length === 0 ? 'a width appears here when its networks finish' : null);
  renderLegend(legend, layers.map((l, i) => ({
    label: l.slope === null ? l.name : `${l.name}: slope ${formatSlope(l.slope)}`, mark: 'line' as const, color: layerColor(i, depth),
  })));
  return { layers };
}
