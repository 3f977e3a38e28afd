/**
 * The top half of the figure: the two colour bars and the strip of three
 * heatmaps, drawn from one ntk-heatmaps snapshot. Rasters, colour bars and
 * the strip are redrawn only when what they show changed (progress-only
 * snapshots repaint nothing).
 */
import type { NtkHeatmapsData } from '../../nn/experiments/ntk-heatmaps';
import { createChart, type Chart } from '../../viz/chart';
import { renderColorbar } from '../../viz/colorbar';
import type { PanelSlots } from '../../viz/layout';
import { differenceColor, differenceColorbar, differenceRange, kernelColor, kernelColorbar, kernelDomain } from '../../viz/kernel-colors';
import { drawHeatmapStrip, formatWidth, stripGeometry, type HeatmapView } from './heatmap-panel';
import { createRasterCache } from '../../viz/raster-cache';

/** Colour scales of a snapshot: the kernels' shared domain and the difference's half-range. */
export function colorScales(d: NtkHeatmapsData): { domain: [number, number]; range: number } {
  return { domain: kernelDomain(d.analytic, d.empirical), range: differenceRange(d.analytic) };
}

export interface HeatmapsView {
  chart: Chart;
  /** Draw `d` (undefined: titled maps saying 'computing…' until the worker answers); `force` redraws everything (after a resize). */
  draw(d: NtkHeatmapsData | undefined, force?: boolean): void;
  destroy(): void;
}

export function createHeatmapsView(panel: PanelSlots): HeatmapsView {
  const doc = panel.root.ownerDocument;
  const bars = doc.createElement('div');
  Object.assign(bars.style, { display: 'flex', flexWrap: 'wrap', gap: '4px 28px' });
  const kernelBar = doc.createElement('div');
  const differenceBar = doc.createElement('div');
  bars.append(kernelBar, differenceBar);
  panel.legend.append(bars);
  const chart = createChart(panel.chart, {
    aspect: 2.5, minHeight: 150, maxHeight: 380, margin: { top: 26, right: 8, bottom: 40, left: 34 },
    label: 'Heatmaps of the empirical NTK, the analytic NTK and their difference over pairs of inputs',
  });
  const rasters = createRasterCache();
  const keys = { kernel: '', difference: '', strip: '' };

  function draw(d: NtkHeatmapsData | undefined, force = false): void {
    const narrow = stripGeometry(chart).side < 130;
    const views: HeatmapView[] = [
      { key: 'empirical', title: 'Θ̂ (empirical)', href: '', message: 'computing…' },
      { key: 'analytic', title: narrow ? 'Θ (n → ∞)' : 'Θ (analytic, n → ∞)', href: '', message: 'computing…' },
      { key: 'difference', title: 'Θ̂ − Θ', href: '', message: 'computing…' },
    ];
    if (d) {
      const { domain, range } = colorScales(d);
      const kc = kernelColor(domain);
      views[0].title = narrow ? `Θ̂, n = ${formatWidth(d.width)}` : `Θ̂ at width ${formatWidth(d.width)}`;
      views[1].href = rasters.get('analytic', d.analytic, domain, kc);
      if (d.empirical && d.difference) {
        views[0].href = rasters.get('empirical', d.empirical, domain, kc);
        views[2].href = rasters.get('difference', d.difference, [-range, range], differenceColor(range));
      } else if (d.refusal) {
        views[0].message = d.refusal;
        views[2].message = 'no empirical kernel';
      } else {
        views[0].message = d.stage === 'generic' ? `Jacobian rows ${d.generic.rowsDone}/${d.xs.length}…` : 'computing…';
      }
      const barWidth = Math.round(Math.max(120, Math.min(220, chart.size().width / 2 - 60)));
      const kernelKey = `${domain.join(',')}|${barWidth}`;
      const differenceKey = `${range}|${barWidth}`;
      if (force || keys.kernel !== kernelKey) renderColorbar(kernelBar, kernelColorbar(domain, barWidth));
      if (force || keys.difference !== differenceKey) renderColorbar(differenceBar, differenceColorbar(range, barWidth));
      keys.kernel = kernelKey;
      keys.difference = differenceKey;
    }
    const stripKey = JSON.stringify([d?.xs.length ?? 0, views]);
    if (force || stripKey !== keys.strip) drawHeatmapStrip(chart, d?.xs ?? [], views);
    keys.strip = stripKey;
  }

  return { chart, draw, destroy: () => { chart.destroy(); bars.remove(); } };
}
