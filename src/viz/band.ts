/**
 * Band marks: the area between a lower and an upper curve (e.g. a posterior
 * mean ± 2σ). Non-finite points leave gaps, never "NaN" in the path.
 */
import { area, type ScaleContinuousNumeric } from 'd3';
import type { Group } from './layer';

type Scale = ScaleContinuousNumeric<number, number>;

export interface BandSeries {
  key: string;
  x: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  color: string;
  /** Fill opacity (default 0.2). */
  opacity?: number;
  className?: string;
}

/** SVG path data of the region between `lower` and `upper`. */
export function bandPath(xs: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, x: Scale, y: Scale): string {
  const n = Math.min(xs.length, lower.length, upper.length);
  const idx = Array.from({ length: n }, (_, i) => i);
  const gen = area<number>()
    .defined((i) => Number.isFinite(x(xs[i])) && Number.isFinite(y(lower[i])) && Number.isFinite(y(upper[i])))
    .x((i) => x(xs[i]))
    .y0((i) => y(lower[i]))
    .y1((i) => y(upper[i]));
  return gen(idx) ?? '';
}

export function drawBands(g: Group, bands: BandSeries[], x: Scale, y: Scale): void {
  g.selectAll<SVGPathElement, BandSeries>('path.band')
    .data(bands, (b) => b.key)
    .join('path')
    .attr('class', (b) => `band ${b.className ?? ''}`.trim())
    .attr('data-key', (b) => b.key)
    .attr('fill', (b) => b.color)
    .attr('fill-opacity', (b) => b.opacity ?? 0.2)
    .attr('stroke', 'none')
    .attr('d', (b) => bandPath(b.x, b.lower, b.upper, x, y));
}
