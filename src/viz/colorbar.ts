/**
 * Colour legend for a continuous scale: a gradient bar with ticks and a
 * title, as its own small SVG (fixed CSS width) so it reads the same next to
 * any chart. Extra swatches explain special colours (e.g. "q* diverges").
 */
import { axisBottom, select, scaleLinear, scaleLog } from 'd3';
import { rasterize } from './heatmap';
import { fontSize } from './theme';

export interface ColorbarOptions {
  /** Title, e.g. "χ₁ (log scale)". */
  label: string;
  /** Scale type of the values along the bar. */
  type: 'linear' | 'log';
  domain: [number, number];
  /** Colour of a value (values outside the domain are the caller's business). */
  colorOf: (v: number) => string;
  ticks: { values: number[]; format: (v: number) => string };
  /** Swatches for special values, drawn after the bar. */
  extra?: { label: string; color: string }[];
  /** Width of the bar in px (default 200). */
  width?: number;
}

/** Render (or re-render) the colour bar into `container` (an HTML element it owns). */
export function renderColorbar(container: HTMLElement, options: ColorbarOptions): void {
  const barWidth = options.width ?? 200;
  const extra = options.extra ?? [];
  const extraWidth = extra.reduce((w, e) => w + 18 + e.label.length * 6.2, 0);
  // Room for half a tick label on either side of the bar.
  const pad = 10;
  const width = pad + barWidth + 16 + extraWidth;
  const height = 44;
  const scale = (options.type === 'log' ? scaleLog() : scaleLinear()).domain(options.domain).range([0, barWidth]);
  const samples = 128;
  const row = Array.from({ length: samples }, (_, i) => scale.invert(((i + 0.5) / samples) * barWidth));
  const href = rasterize([row], options.colorOf);

  const root = select(container).selectAll<SVGSVGElement, null>('svg.colorbar').data([null]).join('svg')
    .attr('class', 'colorbar')
    .attr('role', 'img')
    .attr('aria-label', `Colour scale: ${options.label}`)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('width', width).attr('height', height)
    .attr('font-size', fontSize.tick).attr('font-family', 'inherit').attr('fill', 'currentColor')
    .style('display', 'block').style('max-width', '100%').style('height', 'auto').style('overflow', 'visible');
  const svg = root.selectAll<SVGGElement, null>('g.colorbar-body').data([null]).join('g')
    .attr('class', 'colorbar-body').attr('transform', `translate(${pad},0)`);
  svg.selectAll('text.title').data([options.label]).join('text').attr('class', 'title')
    .attr('x', -pad).attr('y', 11).attr('font-size', fontSize.label).text((d) => d);
  svg.selectAll('image.bar').data([href]).join('image').attr('class', 'bar')
    .attr('href', (d) => d).attr('x', 0).attr('y', 16).attr('width', barWidth).attr('height', 10)
    .attr('preserveAspectRatio', 'none');
  svg.selectAll<SVGGElement, null>('g.ticks').data([null]).join('g').attr('class', 'ticks')
    .attr('transform', 'translate(0,26)')
    .call(axisBottom(scale).tickValues(options.ticks.values).tickFormat((v) => options.ticks.format(Number(v))).tickSize(4))
    .call((g) => g.select('.domain').remove())
    .attr('font-size', fontSize.tick).attr('font-family', 'inherit');
  const items = svg.selectAll<SVGGElement, { label: string; color: string }>('g.extra').data(extra).join('g').attr('class', 'extra');
  let offset = barWidth + 16;
  items.attr('transform', (e) => {
    const t = `translate(${offset},16)`;
    offset += 18 + e.label.length * 6.2;
    return t;
  });
  items.selectAll('rect').data((e) => [e]).join('rect').attr('width', 10).attr('height', 10).attr('fill', (e) => e.color);
  items.selectAll('text').data((e) => [e]).join('text').attr('x', 14).attr('y', 9).text((e) => e.label);
}
