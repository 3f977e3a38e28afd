/**
 * Colour scales of the phase diagram.
 * - χ₁: diverging (ColorBrewer RdBu, colour-blind safe) on a log scale centred
 *   at χ₁ = 1: blue = ordered (χ₁ < 1), white = critical, red = chaotic.
 * - Depth scale ξ_c: sequential viridis on a log scale from 1 to a cap; ξ_c is
 *   infinite on the critical line, so larger values take the top colour.
 */
import { interpolateRdBu, interpolateViridis } from 'd3';
import type { ColorbarOptions } from '../../viz/colorbar';

export const CHI1_RANGE: [number, number] = [0.25, 4];
export const DEPTH_SCALE_RANGE: [number, number] = [1, 100];
/** Colour of cells where the quantity is undefined (q* diverges). */
export const MISSING_COLOR = '#9e9e9e';

const clamp01 = (t: number): number => Math.min(1, Math.max(0, t));

export function chi1Color(chi1: number): string {
  const [lo, hi] = CHI1_RANGE;
  const t = clamp01((Math.log(chi1) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)));
  return interpolateRdBu(1 - t);
}

export function depthScaleColor(xi: number): string {
  const [lo, hi] = DEPTH_SCALE_RANGE;
  const v = xi === Infinity ? hi : xi;
  const t = clamp01((Math.log(Math.max(v, 1e-9)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)));
  return interpolateViridis(t);
}

/** Value painted for a cell: ξ_c = ∞ (on the critical line) is painted as the cap. */
export function paintable(value: number, color: 'chi1' | 'depthScale'): number {
  if (color === 'depthScale' && value === Infinity) return DEPTH_SCALE_RANGE[1];
  return value;
}

export function colorbarFor(color: 'chi1' | 'depthScale', hasMissing: boolean): ColorbarOptions {
  const extra = hasMissing ? [{ label: 'undefined (q* = ∞)', color: MISSING_COLOR }] : [];
  if (color === 'chi1') {
    return {
      label: 'χ₁ (log scale; 1 = critical)', type: 'log', domain: CHI1_RANGE, colorOf: chi1Color,
      ticks: { values: [0.25, 0.5, 1, 2, 4], format: (v) => String(v) }, extra, width: 180,
    };
  }
  return {
    label: 'depth scale ξ_c in layers (log scale)', type: 'log', domain: DEPTH_SCALE_RANGE, colorOf: depthScaleColor,
    ticks: { values: [1, 3, 10, 30, 100], format: (v) => (v === 100 ? '≥100' : String(v)) }, extra, width: 180,
  };
}
