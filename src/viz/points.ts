/**
 * Point marks (circles), keyed by index or by a given key. Points with a
 * non-finite coordinate are not drawn.
 */
import type { ScaleContinuousNumeric } from 'd3';
import type { Group } from './layer';

type Scale = ScaleContinuousNumeric<number, number>;

export interface PointStyle {
  /** Radius in px (default 4). */
  r?: number;
  fill: string;
  stroke?: string;
  strokeWidth?: number;
  className?: string;
}

export interface PointDatum { x: number; y: number; key?: string }

export function drawPoints(g: Group, points: PointDatum[], x: Scale, y: Scale, style: PointStyle): void {
  const cls = style.className ?? 'point';
  const visible = points
    .map((p, i) => ({ ...p, key: p.key ?? String(i), index: i }))
    .filter((p) => Number.isFinite(x(p.x)) && Number.isFinite(y(p.y)));
  g.selectAll<SVGCircleElement, (typeof visible)[number]>(`circle.${cls.split(' ')[0]}`)
    .data(visible, (p) => p.key)
    .join('circle')
    .attr('class', cls)
    .attr('data-index', (p) => p.index)
    .attr('cx', (p) => x(p.x))
    .attr('cy', (p) => y(p.y))
    .attr('r', style.r ?? 4)
    .attr('fill', style.fill)
    .attr('stroke', style.stroke ?? null)
    .attr('stroke-width', style.strokeWidth ?? null);
}
