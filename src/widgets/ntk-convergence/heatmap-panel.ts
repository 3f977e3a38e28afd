/**
 * Top panel: three square heatmaps side by side in one SVG — the empirical
 * NTK Θ̂ of the finite network, the analytic NTK Θ, and Θ̂ − Θ — over the grid
 * of inputs x, x' in [−π, π). Entry (i, j) is drawn at x' = x_j (horizontal)
 * and x = x_i (vertical, upwards), so the diagonal x = x' runs from bottom
 * left to top right. One y axis (on the first map) serves all three.
 */
import { axisBottom, axisLeft, scaleLinear, select } from 'd3';
import type { Chart } from '../../viz/chart';
import { formatReadout, piTicks } from '../../viz/format';
import { drawHeatmap } from '../../viz/heatmap';
import { layer, type Group } from '../../viz/layer';
import { fontSize } from '../../viz/theme';

/** One of the three maps: a title, a raster (or nothing) and a message when there is no raster. */
export interface HeatmapView {
  key: 'empirical' | 'analytic' | 'difference';
  title: string;
  /** PNG data URL from `rasterize`, or '' for none. */
  href: string;
  /** Shown inside an empty map (why it is empty). */
  message: string | null;
}

/** Outer edges of the grid's cells. */
const GRID_EDGES: [number, number] = [-Math.PI, Math.PI];

/** Gap between maps (px). */
const GAP = 12;

/** Geometry of the strip for the chart's current size: map side and left offsets. */
export function stripGeometry(chart: Chart): { side: number; lefts: number[] } {
  const size = chart.size();
  const side = Math.max(40, Math.min((size.innerWidth - 2 * GAP) / 3, size.innerHeight));
  const start = Math.max(0, (size.innerWidth - (3 * side + 2 * GAP)) / 2);
  return { side, lefts: [0, 1, 2].map((i) => start + i * (side + GAP)) };
}

/** Split a message into lines of at most `chars` characters (at spaces). */
function wrap(text: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && (line + ' ' + word).length > chars) { lines.push(line); line = word; }
    else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Draw (or redraw) the three maps; `xs` are the grid inputs (cell centres). */
export function drawHeatmapStrip(chart: Chart, xs: readonly number[], views: HeatmapView[]): void {
  const { side, lefts } = stripGeometry(chart);
  // The grid is N cell centres over [−π, π), so the cells tile exactly [−π, π].
  const edges: [number, number] = xs.length ? GRID_EDGES : [-Math.PI, Math.PI];
  const x = scaleLinear().domain(edges).range([0, side]);
  const y = scaleLinear().domain(edges).range([side, 0]);
  // −π/2, 0, π/2: the frame marks ±π, and edge labels of neighbouring maps would collide.
  const ticks = piTicks(edges[0], edges[1], 5);
  ticks.values = ticks.values.filter((v) => Math.abs(v) < Math.PI - 1e-6);
  const minus = (v: number) => ticks.format(v);

  const maps = layer(chart.plot, 'maps');
  const groups = maps.selectAll<SVGGElement, HeatmapView>('g.map').data(views, (v) => v.key).join('g')
    .attr('class', (v) => `map map-${v.key}`)
    .attr('transform', (_, i) => `translate(${lefts[i]},0)`);

  groups.each(function (view, i) {
    const g = layer(selectGroup(this), 'map-body');
    drawHeatmap(g, { href: view.href, x: edges, y: edges, pixelated: true }, x, y);
    g.selectAll('rect.frame').data([null]).join('rect').attr('class', 'frame')
      .attr('width', side).attr('height', side).attr('fill', 'none')
      .attr('stroke', 'currentColor').attr('stroke-opacity', 0.35);
    const lines = view.href || !view.message ? [] : wrap(view.message, Math.max(10, Math.floor(side / 6.2)));
    g.selectAll('text.map-message').data(lines).join('text').attr('class', 'map-message')
      .attr('x', side / 2).attr('y', (_, k) => side / 2 + (k - (lines.length - 1) / 2) * 14)
      .attr('text-anchor', 'middle').attr('font-size', fontSize.annotation).text((d) => d);

    const title = layer(selectGroup(this), 'map-title');
    title.selectAll('text').data([view.title]).join('text')
      .attr('x', side / 2).attr('y', -8).attr('text-anchor', 'middle').attr('font-size', fontSize.label)
      .attr('font-weight', 600).text((d) => d);

    const xAxis = layer(selectGroup(this), 'axis-x');
    xAxis.attr('transform', `translate(0,${side})`)
      .call(axisBottom(x).tickValues(ticks.values).tickFormat((v) => minus(Number(v))).tickSizeOuter(0).tickSize(3))
      .attr('font-size', fontSize.tick).attr('font-family', 'inherit');
    xAxis.select('.domain').remove();
    const yAxis = layer(selectGroup(this), 'axis-y');
    if (i === 0) {
      yAxis.call(axisLeft(y).tickValues(ticks.values).tickFormat((v) => minus(Number(v))).tickSizeOuter(0).tickSize(3))
        .attr('font-size', fontSize.tick).attr('font-family', 'inherit');
      yAxis.select('.domain').remove();
    } else {
      yAxis.selectAll('*').remove();
    }
  });

  const size = chart.size();
  const labels = layer(chart.plot, 'axis-labels').attr('font-size', fontSize.label);
  labels.selectAll('text.x-label').data(['input x′ →']).join('text').attr('class', 'x-label')
    .attr('x', lefts[2] + side).attr('y', side + 30).attr('text-anchor', 'end').text((d) => d);
  labels.selectAll('text.y-label').data(['↑ x']).join('text').attr('class', 'y-label')
    .attr('x', lefts[0] - size.margin.left + 2).attr('y', -8).attr('text-anchor', 'start').text((d) => d);
}

function selectGroup(node: SVGGElement): Group {
  return select<SVGGElement, unknown>(node);
}

/** A number for the titles: width n with thousands separators. */
export function formatWidth(n: number): string {
  return n >= 1000 ? n.toLocaleString('en-US') : formatReadout(n);
}
