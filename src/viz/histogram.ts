/**
 * Histogram marks: equal-width bins drawn as bars whose length is a density
 * (count / (total * bin width)), so that they compare directly with a
 * probability density drawn on the same axes. Either orientation:
 *  - 'vertical': values along x, bars rise along y (the usual histogram);
 *  - 'horizontal': values along y, bars extend along x (a marginal drawn
 *    beside a plot that shares its y axis).
 * Bars longer than the density axis are cut at its end and flagged
 * (class `clipped`, `data-density` holds the true value).
 */
import type { ScaleContinuousNumeric } from 'd3';
import type { Group } from './layer';

type Scale = ScaleContinuousNumeric<number, number>;

/** Counts over [lo, hi] in counts.length equal bins, out of `total` values (some may lie outside). */
export interface BinnedCounts {
  lo: number;
  hi: number;
  counts: ArrayLike<number>;
  total: number;
}

export interface HistogramBar {
  /** Value range of the bin. */
  from: number;
  to: number;
  count: number;
  /** count / (total * bin width); 0 when total is 0. */
  density: number;
}

export function histogramBars(h: BinnedCounts): HistogramBar[] {
  const bins = h.counts.length;
  const width = (h.hi - h.lo) / bins;
  return Array.from({ length: bins }, (_, i) => ({
    from: h.lo + i * width,
    to: h.lo + (i + 1) * width,
    count: h.counts[i],
    density: h.total > 0 && width > 0 ? h.counts[i] / (h.total * width) : 0,
  }));
}

export interface HistogramStyle {
  orientation: 'vertical' | 'horizontal';
  color: string;
  /** Fill opacity (default 0.55). */
  opacity?: number;
  /** Pixels between neighbouring bars (default 1). */
  gap?: number;
  className?: string;
}

/** Draw `bars` into `g`: `value` maps bin edges, `density` maps bar lengths (its domain's end clips). */
export function drawHistogram(g: Group, bars: HistogramBar[], value: Scale, density: Scale, style: HistogramStyle): void {
  const gap = style.gap ?? 1;
  const maxDensity = density.domain()[1];
  const base = density(0);
  const cls = style.className ?? 'histogram-bar';
  g.selectAll<SVGRectElement, HistogramBar>(`rect.${cls.split(' ')[0]}`)
    .data(bars)
    .join('rect')
    .attr('class', (b) => `${cls}${b.density > maxDensity ? ' clipped' : ''}`)
    .attr('data-density', (b) => String(Number(b.density.toPrecision(4))))
    .attr('fill', style.color)
    .attr('fill-opacity', style.opacity ?? 0.55)
    .each(function (b) {
      const v0 = value(b.from);
      const v1 = value(b.to);
      const end = density(Math.min(b.density, maxDensity));
      const lo = Math.min(v0, v1) + gap / 2;
      const span = Math.max(0, Math.abs(v1 - v0) - gap);
      const along = Math.max(0, Math.abs(end - base));
      const rect = this as SVGRectElement;
      const ok = Number.isFinite(lo) && Number.isFinite(span) && Number.isFinite(along);
      if (style.orientation === 'horizontal') {
        rect.setAttribute('x', String(ok ? Math.min(base, end) : 0));
        rect.setAttribute('width', String(ok ? along : 0));
        rect.setAttribute('y', String(ok ? lo : 0));
        rect.setAttribute('height', String(ok ? span : 0));
      } else {
        rect.setAttribute('x', String(ok ? lo : 0));
        rect.setAttribute('width', String(ok ? span : 0));
        rect.setAttribute('y', String(ok ? Math.min(base, end) : 0));
        rect.setAttribute('height', String(ok ? along : 0));
      }
    });
}
