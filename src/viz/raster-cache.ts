/**
 * Rasters of the heatmaps, cached by content: a snapshot that only reports
 * progress (the same kernels) must not repaint anything. The key of a matrix
 * is a cheap position-weighted checksum plus the colour-scale key; a new key
 * rasterizes again.
 *
 * Painting goes through a 256-entry colour table (values quantized over the
 * scale's domain), so a 24 x 24 map costs 576 table look-ups instead of 576
 * CSS colour parses: the main thread stays short while the workers compute.
 * Painted by heatmap.ts `paintCells` (row 0 is the bottom row), like `rasterize`.
 */
import { rgb } from 'd3';
import { paintCells } from './heatmap';

/** Position-weighted checksum of a matrix (changes when any entry or the order changes). */
export function fingerprint(m: readonly (readonly number[])[]): string {
  let a = 0;
  let b = 0;
  m.forEach((row, i) => row.forEach((v, j) => { a += v; b += v * (1 + ((i * 31 + j * 17) % 101)); }));
  return `${m.length}x${m[0]?.length ?? 0}:${a}:${b}`;
}

/** A colour scale as a lookup table: `levels` RGB triples evenly spaced over [lo, hi] (values outside are clamped). */
export interface ColorTable { lo: number; hi: number; rgb: Uint8ClampedArray; levels: number }

export function colorTable(colorOf: (v: number) => string, [lo, hi]: [number, number], levels = 256): ColorTable {
  const table = new Uint8ClampedArray(3 * levels);
  for (let k = 0; k < levels; k++) {
    const c = rgb(colorOf(lo + ((hi - lo) * k) / (levels - 1)));
    table[3 * k] = c.r;
    table[3 * k + 1] = c.g;
    table[3 * k + 2] = c.b;
  }
  return { lo, hi, rgb: table, levels };
}

/** PNG data URL of `values` painted through `table`, one pixel per cell; non-finite cells grey. */
export function rasterizeTable(values: readonly (readonly number[])[], table: ColorTable): string {
  const scale = (table.levels - 1) / (table.hi - table.lo || 1);
  return paintCells(values, (v, pixel, o) => {
    if (Number.isFinite(v)) {
      const k = 3 * Math.min(table.levels - 1, Math.max(0, Math.round((v - table.lo) * scale)));
      pixel[o] = table.rgb[k];
      pixel[o + 1] = table.rgb[k + 1];
      pixel[o + 2] = table.rgb[k + 2];
    } else {
      pixel[o] = pixel[o + 1] = pixel[o + 2] = 158;
    }
  });
}

export interface RasterCache {
  /** The PNG of `values` in the colours of `colorOf` over `domain`, reused while values and domain are unchanged. */
  get(slot: string, values: readonly (readonly number[])[], domain: [number, number], colorOf: (v: number) => string): string;
}

export function createRasterCache(): RasterCache {
  const slots = new Map<string, { key: string; href: string }>();
  const tables = new Map<string, ColorTable>();
  return {
    get(slot, values, domain, colorOf) {
      const scaleKey = `${slot === 'difference' ? 'diff' : 'kernel'}:${domain.join(',')}`;
      const key = `${scaleKey}|${fingerprint(values)}`;
      const cached = slots.get(slot);
      if (cached && cached.key === key) return cached.href;
      let table = tables.get(scaleKey);
      if (!table) {
        table = colorTable(colorOf, domain);
        if (tables.size > 8) tables.clear();
        tables.set(scaleKey, table);
      }
      const href = rasterizeTable(values, table);
      slots.set(slot, { key, href });
      return href;
    },
  };
}
