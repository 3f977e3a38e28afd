/**
 * Scales and marks for loss-against-training-time plots: a time axis that
 * shows step 0 and is logarithmic beyond it (d3.scaleSymlog with constant 1,
 * so x = 0, 1, 10, 100 … are evenly spread after the first unit), a log loss
 * axis with power-of-ten ticks, values clipped to the axis (an exploding loss
 * leaves through the top of the plot instead of flattening every other curve),
 * and a vertical marker at the step being shown.
 */
import { scaleLog, scaleSymlog, type ScaleLogarithmic, type ScaleSymLog } from 'd3';
import type { Group } from './layer';

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹',
};

/** "10⁻³" for 1e-3; plain "1", "10", "100" for 10^0..10^2. */
export function formatPowerOfTen(v: number): string {
  const e = Math.round(Math.log10(v));
  if (e >= 0 && e <= 2) return String(10 ** e);
  return `10${String(e).split('').map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

/** Time axis over steps [0, maxStep]: linear near 0, logarithmic beyond 1. */
export function stepScale(maxStep: number, width: number): ScaleSymLog<number, number> {
  return scaleSymlog().constant(1).domain([0, Math.max(1, maxStep)]).range([0, width]);
}

/** Ticks 0, 1, 10, 100, … up to maxStep (thinned to at most maxTicks), labelled "1,000". */
export function stepTicks(maxStep: number, maxTicks: number): { values: number[]; format: (v: number) => string } {
  const powers: number[] = [];
  for (let p = 1; p <= maxStep; p *= 10) powers.push(p);
  const stride = Math.max(1, Math.ceil((powers.length + 1) / Math.max(2, maxTicks)));
  const kept = powers.filter((_, i) => (powers.length - 1 - i) % stride === 0);
  return { values: [0, ...kept], format: (v) => v.toLocaleString('en-US') };
}

export interface LossDomainOptions {
  /** Upper end at most this multiple of the largest loss at step 0 (default 1e3): explosions are clipped. */
  ceilingFactor?: number;
  /** At most this many decades between the ends (default 9). */
  decades?: number;
}

/**
 * Log-axis domain [lo, hi] (powers of ten) covering the finite positive losses,
 * with hi capped at ceilingFactor x the largest initial loss.
 */
export function lossDomain(values: Iterable<number | null>, initial: Iterable<number | null>, options: LossDomainOptions = {}): [number, number] {
  let lo = Infinity;
  let hi = 0;
  for (const v of values) {
    if (v === null || !(v > 0) || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  let start = 0;
  for (const v of initial) if (v !== null && v > 0 && Number.isFinite(v)) start = Math.max(start, v);
  if (!(hi > 0)) return [1e-3, 1];
  if (start > 0) hi = Math.min(hi, start * (options.ceilingFactor ?? 1e3));
  const top = 10 ** Math.ceil(Math.log10(hi) + 1e-9);
  const decades = options.decades ?? 9;
  const bottom = Math.max(10 ** Math.floor(Math.log10(Math.min(lo, hi)) + 1e-9), top / 10 ** decades);
  return [Math.min(bottom, top / 10), top];
}

/** Log scale on a loss domain. */
export function lossScale(domain: [number, number], height: number): ScaleLogarithmic<number, number> {
  return scaleLog().domain(domain).range([height, 0]);
}

/** Power-of-ten ticks inside a domain, thinned to at most maxTicks. */
export function logTicks(domain: [number, number], maxTicks: number): { values: number[]; format: (v: number) => string } {
  const a = Math.ceil(Math.log10(domain[0]) - 1e-9);
  const b = Math.floor(Math.log10(domain[1]) + 1e-9);
  const all: number[] = [];
  for (let e = a; e <= b; e++) all.push(10 ** e);
  const stride = Math.max(1, Math.ceil(all.length / Math.max(2, maxTicks)));
  return { values: all.filter((_, i) => (all.length - 1 - i) % stride === 0), format: formatPowerOfTen };
}

/**
 * Values ready for a line on a log axis: null, non-positive and non-finite
 * entries become NaN (a gap); entries above the domain become `overshoot`
 * times its top, so the line leaves the (clipped) plot through the top edge.
 */
export function clipToDomain(values: readonly (number | null)[], domain: [number, number], overshoot = 3): number[] {
  return values.map((v) => {
    if (v === null || !(v > 0) || !Number.isFinite(v)) return Number.NaN;
    return Math.min(v, domain[1] * overshoot);
  });
}

/** A clipPath rectangle (0, 0, width, height) in `svg` defs, created once; returns its url(#id). */
export function plotClip(svg: SVGSVGElement, id: string, width: number, height: number): string {
  const ns = 'http://www.w3.org/2000/svg';
  let defs = svg.querySelector(':scope > defs');
  if (!defs) { defs = svg.ownerDocument.createElementNS(ns, 'defs'); svg.prepend(defs); }
  let clip = defs.querySelector<SVGClipPathElement>(`clipPath[id="${id}"]`);
  if (!clip) {
    clip = svg.ownerDocument.createElementNS(ns, 'clipPath');
    clip.id = id;
    clip.append(svg.ownerDocument.createElementNS(ns, 'rect'));
    defs.append(clip);
  }
  const rect = clip.firstElementChild as SVGRectElement;
  // A little room so strokes on the edges are not cut in half.
  rect.setAttribute('x', '-2');
  rect.setAttribute('y', '-2');
  rect.setAttribute('width', String(width + 4));
  rect.setAttribute('height', String(height + 4));
  return `url(#${id})`;
}

/**
 * Vertical marker line at plot x (px) spanning the plot height, with an
 * optional label above it, kept inside [0, plotWidth] horizontally.
 */
export function drawTimeMarker(g: Group, x: number, size: { width: number; height: number }, label: string | null): void {
  const visible = Number.isFinite(x);
  g.attr('display', visible ? null : 'none').attr('pointer-events', 'none');
  if (!visible) return;
  g.selectAll('line.time-marker').data([0]).join('line').attr('class', 'time-marker')
    .attr('x1', x).attr('x2', x).attr('y1', 0).attr('y2', size.height)
    .attr('stroke', 'currentColor').attr('stroke-opacity', 0.45).attr('stroke-dasharray', '3 3');
  const anchor = x > size.width - 30 ? 'end' : x < 30 ? 'start' : 'middle';
  g.selectAll('text.time-marker-label').data(label ? [label] : []).join('text').attr('class', 'time-marker-label')
    .attr('x', x).attr('y', -4).attr('text-anchor', anchor).attr('font-size', 11).text((d) => d);
}
