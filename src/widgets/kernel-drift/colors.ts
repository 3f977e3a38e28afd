/**
 * Colours of the kernel-drift figure: one colour per width, the same in every
 * panel, from a perceptually ordered scale (plasma, cut before its pale
 * yellow end) over log2 n in [3, 12], so wider networks are warmer; one
 * categorical colour per layer; the fit in red.
 */
import { interpolatePlasma } from 'd3';
import { colors } from '../../viz/theme';

/** Colour of width n (8 -> dark blue, 4096 -> orange). */
export function widthColor(n: number): string {
  const t = Math.min(1, Math.max(0, (Math.log2(n) - 3) / 9));
  return interpolatePlasma(0.02 + 0.78 * t);
}

/** Colour of layer l (0 = input layer, depth = read-out). */
export function layerColor(l: number, depth: number): string {
  if (l === 0) return colors.blue;
  if (l === depth) return colors.orange;
  return [colors.green, colors.purple, colors.brown][(l - 1) % 3];
}

/** Name of layer l for legends: W¹ (input), W² (hidden), …, W^{L+1} (read-out). */
export function layerName(l: number, depth: number): string {
  const sup = String(l + 1).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]);
  const role = l === 0 ? 'input' : l === depth ? 'read-out' : 'hidden';
  return `W${sup} (${role})`;
}

export const FIT_COLOR = colors.red;
