/**
 * The hero plot over x in [-pi, pi]: the infinite-width NTK prediction as a
 * broad pale ribbon, the network as a thin line drawn on top of it (when the
 * two coincide the line runs inside the ribbon), and the training points.
 *
 * Training redraws it every animation frame, so the panel only touches what
 * changed: the two paths always; axes, points and legend only when the size,
 * the y domain, the training set or the width changed.
 */
import { scaleLinear, type ScaleLinear } from 'd3';
import type { Chart } from '../../viz/chart';
import { drawAxes } from '../../viz/axes';
import { drawLines, type LineSeries } from '../../viz/line';
import { drawPoints } from '../../viz/points';
import { layer } from '../../viz/layer';
import { renderLegend } from '../../viz/legend';
import { piTicks } from '../../viz/format';
import { colors } from '../../viz/theme';

/** The kernel's ribbon is Tableau orange at 45% on white, made opaque (cheaper to rasterize every frame). */
export const HERO_COLORS = { network: colors.blue, kernel: '#f9cca0', train: '#333' } as const;
export const X_RANGE: [number, number] = [-Math.PI, Math.PI];
/** y range always shown; widened (never beyond +-LIMIT_Y) to fit the curves. */
export const BASE_Y: [number, number] = [-2, 2];
const LIMIT_Y = 6;

/** What the panel draws: plain numbers from the worker's snapshot. */
export interface HeroCurves {
  width: number;
  grid: number[];
  prediction: number[];
  kernelPrediction: number[];
  trainXs: number[];
  trainYs: number[];
}

export interface HeroScales { x: ScaleLinear<number, number>; y: ScaleLinear<number, number> }

/** The y domain needed for `curves`, at least `previous` (so axes never shrink during a run). */
export function growDomain(previous: [number, number], curves: HeroCurves): [number, number] {
  let [lo, hi] = previous;
  for (const series of [curves.prediction, curves.kernelPrediction, curves.trainYs]) {
    for (const v of series) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, Math.max(-LIMIT_Y, v));
      hi = Math.max(hi, Math.min(LIMIT_Y, v));
    }
  }
  // Round outward to half units so small growth does not redraw the axis every frame.
  return [Math.floor(lo * 2) / 2, Math.ceil(hi * 2) / 2];
}

export interface HeroPanel {
  /** Draw `curves` with y over `yDomain`; returns the scales used. */
  draw(curves: HeroCurves, yDomain: [number, number]): HeroScales;
  /** Forget what was drawn (after a resize everything is redrawn). */
  invalidate(): void;
}

export function createHeroPanel(chart: Chart, legend: HTMLElement): HeroPanel {
  let axesKey = '';
  let pointsKey = '';
  let legendKey = '';

  return {
    invalidate() { axesKey = ''; pointsKey = ''; },
    draw(curves, yDomain) {
      const size = chart.size();
      const x = scaleLinear().domain(X_RANGE).range([0, size.innerWidth]);
      const y = scaleLinear().domain(yDomain).range([size.innerHeight, 0]);
      const sizeKey = `${size.width}x${size.height}`;
      const nextAxes = `${sizeKey}|${yDomain.join(',')}`;
      if (nextAxes !== axesKey) {
        axesKey = nextAxes;
        pointsKey = '';
        drawAxes(chart.plot, size, {
          x, y, xLabel: 'input x', yLabel: 'output f(x)',
          xTicks: piTicks(X_RANGE[0], X_RANGE[1], Math.max(3, Math.floor(size.innerWidth / 55))),
        });
      }
      const lines: LineSeries[] = [
        { key: 'kernel', x: curves.grid, y: curves.kernelPrediction, color: HERO_COLORS.kernel, width: 7, className: 'kernel-prediction' },
        { key: 'network', x: curves.grid, y: curves.prediction, color: HERO_COLORS.network, width: 2.25, className: 'network-prediction' },
      ];
      drawLines(layer(chart.plot, 'lines'), lines, x, y);
      const nextPoints = `${axesKey}|${curves.trainXs.join(',')}|${curves.trainYs.join(',')}`;
      if (nextPoints !== pointsKey) {
        pointsKey = nextPoints;
        drawPoints(layer(chart.plot, 'train'), curves.trainXs.map((tx, i) => ({ x: tx, y: curves.trainYs[i] })), x, y,
          { r: 4.5, fill: HERO_COLORS.train, stroke: '#fff', strokeWidth: 1.5, className: 'train-point' });
      }
      const nextLegend = String(curves.width);
      if (nextLegend !== legendKey) {
        legendKey = nextLegend;
        renderLegend(legend, [
          { label: `network (width ${curves.width})`, mark: 'line', color: HERO_COLORS.network, width: 2.25 },
          { label: 'infinite-width NTK prediction', mark: 'line', color: HERO_COLORS.kernel, width: 7 },
          { label: 'training points', mark: 'point', color: HERO_COLORS.train },
        ]);
      }
      return { x, y };
    },
  };
}
