/**
 * Colour scales of kernel heatmaps (ntk-convergence, kernel-drift).
 * - Kernels (Θ̂ and Θ): one sequential scale (viridis) over the range of both
 *   matrices, so equal colours mean equal values in the two panels.
 * - Difference Θ̂ − Θ: diverging (ColorBrewer RdBu, colour-blind safe),
 *   symmetric around 0 (white), red where the finite network's kernel is
 *   larger. Its range is fixed by the analytic kernel alone,
 *   ±DIFFERENCE_FRACTION · max|Θ|, not by the difference, so the map fades as
 *   the width grows instead of being rescaled to look the same; values beyond
 *   are clipped to the end colours.
 */
import { interpolateRdBu, interpolateViridis } from 'd3';
import type { ColorbarOptions } from './colorbar';
import { plainNumber } from './loglog';

/** Half-range of the difference scale, as a fraction of the largest analytic entry. */
export const DIFFERENCE_FRACTION = 0.25;

const clamp01 = (t: number): number => Math.min(1, Math.max(0, t));

/** [min, max] over the entries of the given matrices (nulls skipped); [0, 1] when empty or flat. */
export function kernelDomain(...matrices: (readonly (readonly number[])[] | null)[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of matrices) for (const row of m ?? []) for (const v of row) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi > lo)) return Number.isFinite(lo) ? [lo - 0.5, lo + 0.5] : [0, 1];
  return [lo, hi];
}

/** Half-range D of the difference scale [−D, D] for an analytic kernel. */
export function differenceRange(analytic: readonly (readonly number[])[]): number {
  let m = 0;
  for (const row of analytic) for (const v of row) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m > 0 ? DIFFERENCE_FRACTION * m : 1;
}

export function kernelColor([lo, hi]: [number, number]): (v: number) => string {
  return (v) => interpolateViridis(clamp01((v - lo) / (hi - lo)));
}

/** RdBu reversed: −D blue, 0 white, +D red. */
export function differenceColor(range: number): (v: number) => string {
  return (v) => interpolateRdBu(clamp01(0.5 - v / (2 * range)));
}

/** Three to five round ticks inside [lo, hi]. */
function niceTicks(lo: number, hi: number): number[] {
  const span = hi - lo;
  const step = 10 ** Math.floor(Math.log10(span / 2));
  const best = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= 5) ?? 10 * step;
  const out: number[] = [];
  for (let v = Math.ceil(lo / best) * best; v <= hi + 1e-12; v += best) out.push(Number(v.toPrecision(6)) + 0);
  return out;
}

export function kernelColorbar(domain: [number, number], width: number): ColorbarOptions {
  return {
    label: 'kernel value (Θ̂ and Θ)', type: 'linear', domain, colorOf: kernelColor(domain),
    ticks: { values: niceTicks(domain[0], domain[1]), format: plainNumber }, width,
  };
}

export function differenceColorbar(range: number, width: number): ColorbarOptions {
  const ticks = [-range, -range / 2, 0, range / 2, range].map((v) => Number(v.toPrecision(3)) + 0);
  return {
    label: `difference Θ̂ − Θ (clipped at ±${plainNumber(Number(range.toPrecision(3)))})`, type: 'linear', domain: [-range, range],
    colorOf: differenceColor(range),
    ticks: { values: ticks, format: (v) => (v === 0 ? '0' : plainNumber(v).replace('-', '−')) }, width,
  };
}
