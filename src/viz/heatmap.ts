/**
 * Heatmap mark: a grid of values painted once into a small canvas, placed in
 * the SVG as one <image> stretched over the cells' extent. One element
 * instead of thousands of <rect>s, so it scales with the viewBox and redraws
 * instantly; rasterize again only when the values or the colours change.
 */
import { color as parseColor, type ScaleContinuousNumeric } from 'd3';
import type { Group } from './layer';

type Scale = ScaleContinuousNumeric<number, number>;

/** Cell grid: values[row][col]; row 0 is the bottom row (smallest y), col 0 the left column (smallest x). */
export type Grid = ArrayLike<ArrayLike<number>>;

/**
 * Paint `values` into a PNG data URL, one pixel per cell, top row = largest y.
 * `colorOf` maps a value to a CSS colour; non-finite values get `missing`.
 */
export function rasterize(values: Grid, colorOf: (v: number) => string, missing = '#9e9e9e'): string {
  const fallback = parseColor(missing)?.rgb() ?? { r: 128, g: 128, b: 128 };
  return paintCells(values, (v, pixel, o) => {
    const c = Number.isFinite(v) ? parseColor(colorOf(v))?.rgb() ?? fallback : fallback;
    pixel[o] = c.r;
    pixel[o + 1] = c.g;
    pixel[o + 2] = c.b;
  });
}

/**
 * The one canvas painter behind `rasterize` and the colour-table rasters of
 * raster-cache.ts: `paint(v, data, o)` writes the RGB of value v at data[o..o+2]
 * (alpha is set to opaque). Row 0 of `values` becomes the bottom pixel row.
 */
export function paintCells(values: Grid, paint: (v: number, data: Uint8ClampedArray, offset: number) => void): string {
  const rows = values.length;
  const cols = rows ? values[0].length : 0;
  if (!rows || !cols) return '';
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  const ctx2d = canvas.getContext('2d');
  if (!ctx2d) return '';
  const image = ctx2d.createImageData(cols, rows);
  for (let i = 0; i < rows; i++) {
    const row = values[i];
    const o0 = 4 * (rows - 1 - i) * cols;
    for (let j = 0; j < cols; j++) {
      const o = o0 + 4 * j;
      paint(row[j], image.data, o);
      image.data[o + 3] = 255;
    }
  }
  ctx2d.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}

export interface HeatmapPlacement {
  /** Data URL from `rasterize`. */
  href: string;
  /** Outer edges of the first and last column / row, in data units. */
  x: [number, number];
  y: [number, number];
  /** Blocky cells (true) or smoothed by the browser (false, default). */
  pixelated?: boolean;
}

/** Place (or move) the heatmap image in `g` for the current scales. */
export function drawHeatmap(g: Group, placement: HeatmapPlacement, x: Scale, y: Scale): void {
  const x0 = x(placement.x[0]);
  const x1 = x(placement.x[1]);
  const y0 = y(placement.y[1]);
  const y1 = y(placement.y[0]);
  g.selectAll('image.heatmap').data(placement.href ? [placement] : []).join('image')
    .attr('class', 'heatmap')
    .attr('href', (p) => p.href)
    .attr('preserveAspectRatio', 'none')
    .attr('x', Math.min(x0, x1)).attr('y', Math.min(y0, y1))
    .attr('width', Math.abs(x1 - x0)).attr('height', Math.abs(y1 - y0))
    .style('image-rendering', (p) => (p.pixelated ? 'pixelated' : null));
}

/** Outer edges of cells whose centres are `centres` (evenly spaced). */
export function cellEdges(centres: ArrayLike<number>): [number, number] {
  const n = centres.length;
  if (n === 0) return [0, 0];
  if (n === 1) return [centres[0] - 0.5, centres[0] + 0.5];
  const step = (centres[n - 1] - centres[0]) / (n - 1);
  return [centres[0] - step / 2, centres[n - 1] + step / 2];
}
