/**
 * Line marks: one <path> per series, keyed so updates move paths instead of
 * recreating them. Points with a non-finite coordinate break the line
 * (d3.line().defined), so a path's `d` never contains "NaN".
 */
import { line, type ScaleContinuousNumeric } from 'd3';
import type { Group } from './layer';

type Scale = ScaleContinuousNumeric<number, number>;

export interface LineSeries {
  /** Stable identity across updates, e.g. "nngp-L3". */
  key: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color: string;
  /** Stroke width in px (default 2). */
  width?: number;
  opacity?: number;
  /** SVG dash array, e.g. "4 3". */
  dash?: string;
  /** Extra class names (tests select by them). */
  className?: string;
}

/** SVG path data for y against x; non-finite points (in data or after scaling) leave gaps. */
export function linePath(xs: ArrayLike<number>, ys: ArrayLike<number>, x: Scale, y: Scale): string {
  const n = Math.min(xs.length, ys.length);
  const idx = Array.from({ length: n }, (_, i) => i);
  const gen = line<number>()
    .defined((i) => Number.isFinite(x(xs[i])) && Number.isFinite(y(ys[i])))
    .x((i) => x(xs[i]))
    .y((i) => y(ys[i]));
  return gen(idx) ?? '';
}

/** Draw `series` into `g` (previous paths not in `series` are removed). */
export function drawLines(g: Group, series: LineSeries[], x: Scale, y: Scale): void {
  g.selectAll<SVGPathElement, LineSeries>('path.line')
    .data(series, (s) => s.key)
    .join('path')
    .attr('class', (s) => `line ${s.className ?? ''}`.trim())
    .attr('data-key', (s) => s.key)
    .attr('fill', 'none')
    .attr('stroke', (s) => s.color)
    .attr('stroke-width', (s) => s.width ?? 2)
    .attr('stroke-opacity', (s) => s.opacity ?? 1)
    .attr('stroke-dasharray', (s) => s.dash ?? null)
    .attr('stroke-linejoin', 'round')
    .attr('stroke-linecap', 'round')
    .attr('d', (s) => linePath(s.x, s.y, x, y));
}
