/**
 * Legend: a wrapping row of HTML items, each a small SVG sample of the mark
 * (line, dashed line, band, point, swatch) and its label. HTML wraps by
 * itself, so the legend never overlaps the chart on a phone.
 */
import { select } from 'd3';

export interface LegendItem {
  label: string;
  mark: 'line' | 'band' | 'point' | 'swatch' | 'band-line';
  color: string;
  /** Stroke dash array for lines. */
  dash?: string;
  /** Line width (default 2). */
  width?: number;
  opacity?: number;
}

/** Render `items` into `container` (replacing earlier legend content there). */
export function renderLegend(container: HTMLElement, items: LegendItem[]): void {
  const root = select(container)
    .attr('role', 'list')
    .style('display', 'flex').style('flex-wrap', 'wrap').style('gap', '2px 14px')
    .style('align-items', 'center').style('font-size', '12px').style('line-height', '1.4')
    .style('min-height', '17px');
  const item = root.selectAll<HTMLSpanElement, LegendItem>('span.legend-item').data(items).join('span')
    .attr('class', 'legend-item').attr('role', 'listitem')
    .style('display', 'inline-flex').style('align-items', 'center').style('gap', '5px').style('white-space', 'nowrap');
  item.selectAll('svg').data((d) => [d]).join('svg')
    .attr('width', 22).attr('height', 12).attr('aria-hidden', 'true')
    .style('flex', 'none')
    .html((d) => sample(d));
  item.selectAll('span').data((d) => [d]).join('span').text((d) => d.label);
}

function sample(d: LegendItem): string {
  const op = d.opacity ?? 1;
  const w = d.width ?? 2;
  const dash = d.dash ? ` stroke-dasharray="${d.dash}"` : '';
  switch (d.mark) {
    case 'line':
      return `<line x1="1" x2="21" y1="6" y2="6" stroke="${d.color}" stroke-width="${w}" stroke-opacity="${op}"${dash} stroke-linecap="round"/>`;
    case 'band':
      return `<rect x="1" y="1" width="20" height="10" fill="${d.color}" fill-opacity="${d.opacity ?? 0.25}"/>`;
    case 'band-line':
      return `<rect x="1" y="1" width="20" height="10" fill="${d.color}" fill-opacity="0.25"/><line x1="1" x2="21" y1="6" y2="6" stroke="${d.color}" stroke-width="${w}"/>`;
    case 'point':
      return `<circle cx="11" cy="6" r="4" fill="${d.color}" fill-opacity="${op}" stroke="currentColor" stroke-width="1"/>`;
    case 'swatch':
      return `<rect x="1" y="1" width="20" height="10" fill="${d.color}" fill-opacity="${op}"/>`;
  }
}
