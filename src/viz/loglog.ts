/**
 * Log-log plots of a power law y ~ C x^p (e.g. an error against width): log
 * axes with ticks at powers of two (x) and at 1-2-5 steps (y), scattered
 * points, connecting lines, a fitted power law drawn as a straight line across
 * the x domain, and a dashed reference slope through an anchor point (Yang
 * 2020, Fig. 1 draws slope -1/2 this way).
 *
 * On log-log axes y = C x^p is the straight line ln y = ln C + p ln x, so a
 * line needs only its two end points.
 */
import { scaleLog, select, type ScaleLogarithmic } from 'd3';
import type { ChartSize } from './chart';
import { drawAxes } from './axes';
import { layer, type Group } from './layer';
import { drawLines, type LineSeries } from './line';
import { drawPoints, type PointDatum, type PointStyle } from './points';

export type LogScale = ScaleLogarithmic<number, number>;

/** A straight line on log-log axes: y = exp(intercept) x^slope (natural log intercept, as in fitPowerLaw). */
export interface PowerLaw { slope: number; intercept: number }

/** Ends of a power law over [x0, x1] (x0, x1 > 0). */
export function powerLawEnds(law: PowerLaw, [x0, x1]: [number, number]): { x: [number, number]; y: [number, number] } {
  const at = (x: number) => Math.exp(law.intercept) * x ** law.slope;
  return { x: [x0, x1], y: [at(x0), at(x1)] };
}

/** The power law of slope `slope` through the point (x, y). */
export function lawThrough(slope: number, x: number, y: number): PowerLaw {
  return { slope, intercept: Math.log(y) - slope * Math.log(x) };
}

/**
 * A log domain covering the positive finite `values`, widened by `pad`
 * (a factor, default 1.25) on each side; `fallback` when there are none.
 */
export function logDomain(values: readonly number[], fallback: [number, number], pad = 1.25): [number, number] {
  const v = values.filter((x) => Number.isFinite(x) && x > 0);
  if (v.length === 0) return fallback;
  let lo = Math.min(...v) / pad;
  let hi = Math.max(...v) * pad;
  if (hi / lo < 2) { const mid = Math.sqrt(lo * hi); lo = mid / Math.SQRT2; hi = mid * Math.SQRT2; }
  return [lo, hi];
}

/** Powers of two inside [lo, hi], thinned to at most `maxTicks` (every 2nd, 4th ... power). */
export function powerOfTwoTicks([lo, hi]: [number, number], maxTicks: number): number[] {
  const first = Math.ceil(Math.log2(lo) - 1e-9);
  const last = Math.floor(Math.log2(hi) + 1e-9);
  const all: number[] = [];
  for (let k = first; k <= last; k++) all.push(2 ** k);
  let stride = 1;
  while (Math.ceil(all.length / stride) > Math.max(2, maxTicks)) stride *= 2;
  return all.filter((_, i) => (all.length - 1 - i) % stride === 0);
}

/** 1-2-5 steps inside [lo, hi] (e.g. 0.01, 0.02, 0.05, 0.1 …), dropping 2s and then 5s when there are too many. */
export function oneTwoFiveTicks([lo, hi]: [number, number], maxTicks: number): number[] {
  const decades: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e++) decades.push(e);
  const pick = (mantissas: number[]) => decades.flatMap((e) => mantissas.map((m) => Number((m * 10 ** e).toPrecision(6))))
    .filter((v) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9));
  for (const mantissas of [[1, 2, 5], [1, 3], [1]]) {
    const ticks = pick(mantissas);
    if (ticks.length <= Math.max(2, maxTicks)) return ticks;
  }
  return pick([1]).filter((_, i, a) => i % Math.ceil(a.length / maxTicks) === 0);
}

/** A tick label without trailing zeros: 0.05, 0.2, 1, 4096. */
export function plainNumber(v: number): string {
  return String(Number(v.toPrecision(4)));
}

export interface LogLogSpec {
  xDomain: [number, number];
  yDomain: [number, number];
  xLabel: string;
  yLabel: string;
  /** Scattered points, drawn in groups (one class per group). */
  points?: { data: PointDatum[]; style: PointStyle }[];
  /** Polylines through data (e.g. the mean over seeds). */
  lines?: LineSeries[];
  /** Straight power laws across the whole x domain (a fit, a reference slope). */
  laws?: (PowerLaw & { key: string; color: string; width?: number; dash?: string; opacity?: number; className?: string })[];
  /** Point marks drawn last, on top of everything (e.g. the network shown elsewhere). */
  highlights?: { data: PointDatum[]; style: PointStyle }[];
}

/** Log scales for a plot area of `size`. */
export function logLogScales(size: ChartSize, xDomain: [number, number], yDomain: [number, number]): { x: LogScale; y: LogScale } {
  return {
    x: scaleLog().domain(xDomain).range([0, size.innerWidth]),
    y: scaleLog().domain(yDomain).range([size.innerHeight, 0]),
  };
}

/** Draw (or redraw) a log-log plot into `plot`; returns its scales. Laws are clipped to the plot area. */
export function drawLogLog(plot: Group, size: ChartSize, spec: LogLogSpec): { x: LogScale; y: LogScale } {
  const { x, y } = logLogScales(size, spec.xDomain, spec.yDomain);
  drawAxes(plot, size, {
    x, y, xLabel: spec.xLabel, yLabel: spec.yLabel,
    xTicks: { values: powerOfTwoTicks(spec.xDomain, Math.floor(size.innerWidth / 42)), format: plainNumber },
    yTicks: { values: oneTwoFiveTicks(spec.yDomain, Math.floor(size.innerHeight / 26)), format: plainNumber },
  });

  const clipId = `loglog-clip-${Math.random().toString(36).slice(2, 9)}`;
  const defs = layer(plot, 'loglog-defs');
  const clip = defs.selectAll('clipPath').data([null]).join('clipPath');
  if (!clip.attr('id')) clip.attr('id', clipId);
  clip.selectAll('rect').data([null]).join('rect').attr('width', size.innerWidth).attr('height', size.innerHeight);

  const lawLayer = layer(plot, 'loglog-laws').attr('clip-path', `url(#${clip.attr('id')})`);
  drawLines(lawLayer, (spec.laws ?? []).map((law) => {
    const ends = powerLawEnds(law, spec.xDomain);
    return { key: law.key, x: ends.x, y: ends.y, color: law.color, width: law.width ?? 1.5, dash: law.dash, opacity: law.opacity, className: law.className };
  }), x, y);
  drawLines(layer(plot, 'loglog-lines'), spec.lines ?? [], x, y);
  drawPointGroups(layer(plot, 'loglog-points'), spec.points ?? [], x, y);
  drawPointGroups(layer(plot, 'loglog-highlights'), spec.highlights ?? [], x, y);
  return { x, y };
}

type PointGroup = { data: PointDatum[]; style: PointStyle };

/** One <g> per group of points, in order. */
function drawPointGroups(parent: Group, groups: PointGroup[], x: LogScale, y: LogScale): void {
  parent.selectAll<SVGGElement, PointGroup>(':scope > g').data(groups).join('g')
    .each(function (group) { drawPoints(select<SVGGElement, unknown>(this), group.data, x, y, group.style); });
}
