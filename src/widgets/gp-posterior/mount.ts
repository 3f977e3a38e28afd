/**
 * gp-posterior widget: params -> computeGp -> draw. Training points are
 * parameters (trainX, trainY): clicks and keys ask the host to change them,
 * and the host's reset restores the defaults.
 */
import type { WidgetContext, WidgetInstance } from '../contract';
import { createChart } from '../../viz/chart';
import { createFigureLayout } from '../../viz/layout';
import { formatReadout, roundAll, roundSig } from '../../viz/format';
import { computeGp, trainingPairs, type GpCache, type GpData } from './compute';
import { drawGpPanel, extentOf, MAX_Y, type Cursor, type GpScales } from './gp-panel';
import { attachGpInteraction, type TrainingSet } from './interaction';
import { gpPosteriorParams, type GpPosteriorParams } from './schema';

export interface GpPosteriorSnapshot {
  kernel: string;
  x: number[];
  mean: number[];
  sd: number[];
  lower: number[];
  upper: number[];
  samples: number[][];
  sampleX: number[];
  train: { x: number[]; y: number[] };
  atTrain: { mean: number[]; sd: number[] };
  cursor: { x: number; y: number };
  /** Current y-axis domain (it widens to fit the band). */
  yDomain: [number, number];
}

const KERNEL_NAMES: Record<string, string> = { nngp: 'NNGP', ntk: 'NTK', rbf: 'RBF' };

export function mount(
  stage: HTMLElement, params: GpPosteriorParams, ctx: WidgetContext<GpPosteriorParams>,
): WidgetInstance<GpPosteriorParams> {
  let p: GpPosteriorParams = { ...params };
  let data: GpData;
  let scales: GpScales | null = null;
  let warned = false;
  /** Why the training lists were shortened (kept until the next change from elsewhere). */
  let lengthNote: string | null = null;
  let normalizing = false;
  let destroyed = false;
  /** "The set is full" after a refused add; shown until the next parameter change. */
  let fullNote: string | null = null;
  const cache: GpCache = {};
  const cursor: Cursor = { x: 0, y: 0, visible: false };
  const layout = createFigureLayout(stage, 1, 280);
  const panel = layout.panels[0];
  const chart = createChart(panel.chart, {
    aspect: 2.1, minHeight: 250, maxHeight: 420, label: 'Gaussian-process posterior over the input x',
  });

  function readout(): void {
    const i = Math.round(((cursor.x + Math.PI) / (2 * Math.PI)) * (data.x.length - 1));
    const act = gpPosteriorParams.activation.optionLabels[p.activation as 'relu' | 'erf' | 'tanh'] ?? p.activation;
    const kernel = p.kernel === 'rbf' ? `RBF kernel, lengthscale ℓ = ${p.lengthscale}` : `${KERNEL_NAMES[p.kernel]} of a depth-${p.depth} ${act} network`;
    const n = data.train.x.length;
    const at = cursor.visible
      ? ` · cursor at x = ${formatReadout(cursor.x)}, y = ${formatReadout(cursor.y)}; posterior there ${formatReadout(data.mean[i] ?? NaN)} ± ${formatReadout(2 * (data.sd[i] ?? NaN))}`
      : '';
    layout.readout.textContent = `${n} training point${n === 1 ? '' : 's'} · ${kernel} · noise variance ${p.noise}${at}`;
    chart.svg.setAttribute('aria-label', `Posterior of a Gaussian process with ${n} training points. `
      + 'Click to add a point, click a point to remove it; or use the arrow keys to move a cursor, Enter to add, Delete to remove the nearest point.');
  }

  function draw(): void {
    scales = drawGpPanel(chart, panel.legend, data, cursor);
    readout();
    chart.message(data.mean.some(Number.isFinite) ? null : 'posterior not finite');
    const problem = [...new Set([...(lengthNote ? [lengthNote] : []), ...data.problems, ...offPlot()])].join(' ');
    const note = [...(fullNote ? [fullNote] : []), ...data.notes].join(' ');
    if (problem) { ctx.setStatus(problem, 'warn'); warned = true; }
    else if (note) { ctx.setStatus(note, 'info'); warned = true; }
    else if (warned) { ctx.setStatus('', 'info'); warned = false; }
  }

  /** Say so when the plot (y clipped to ±MAX_Y) cannot show the mean or the band. */
  function offPlot(): string[] {
    const e = extentOf(data);
    if (e.mean > MAX_Y) {
      return [`The posterior mean reaches ±${formatReadout(e.mean)}, far outside the plot: training points that (nearly) coincide `
        + 'but disagree, with little noise, make it swing (x = −π and x = π are the same point on the circle). Add noise or remove a point.'];
    }
    if (e.band > MAX_Y) return [`The ±2σ band reaches ±${formatReadout(e.band)}, beyond the plotted range: the prior variance is large for these settings.`];
    return [];
  }

  /**
   * trainX and trainY of different lengths (a hand-edited URL or attribute):
   * only the shorter length is used, so ask the host to shorten the longer
   * list too (the embed page's URL is then normalized like any clamped value).
   * Deferred to a microtask: never re-enter the host from mount or update.
   * The note stays in the footer until the next change from elsewhere.
   */
  function normalizeLengths(): void {
    const pairs = trainingPairs(p);
    if (!pairs.note) return;
    lengthNote = pairs.note;
    queueMicrotask(() => {
      const now = trainingPairs(p);
      if (destroyed || !now.note) return;
      normalizing = true;
      try { ctx.setParams({ trainX: now.x, trainY: now.y }); } finally { normalizing = false; }
    });
  }

  function recompute(): void {
    fullNote = null;
    data = computeGp(p, cache);
    draw();
    ctx.rendered();
  }

  recompute();
  normalizeLengths();
  chart.onResize(() => draw());
  const interaction = attachGpInteraction(chart, {
    scales: () => scales,
    training: (): TrainingSet => ({ x: data.train.x.slice(), y: data.train.y.slice() }),
    cursor,
    cursorMoved: () => { if (scales) draw(); },
    commit: (set) => ctx.setParams({ trainX: set.x, trainY: set.y }),
    full: () => { fullNote = `At most ${gpPosteriorParams.trainX.maxLength} training points: remove one first.`; draw(); },
  });

  return {
    update(patch) {
      if (!normalizing) lengthNote = null;
      p = { ...p, ...patch };
      recompute();
      normalizeLengths();
    },
    snapshot(): GpPosteriorSnapshot {
      return {
        kernel: p.kernel,
        x: roundAll(data.x),
        mean: roundAll(data.mean),
        sd: roundAll(data.sd),
        lower: roundAll(data.mean.map((m, i) => m - 2 * data.sd[i])),
        upper: roundAll(data.mean.map((m, i) => m + 2 * data.sd[i])),
        samples: data.samples.map((s) => roundAll(s)),
        sampleX: roundAll(data.sampleX),
        train: { x: data.train.x.slice(), y: data.train.y.slice() },
        atTrain: { mean: roundAll(data.atTrain.mean), sd: roundAll(data.atTrain.sd) },
        cursor: { x: roundSig(cursor.x), y: roundSig(cursor.y) },
        yDomain: (scales ? scales.y.domain() : [NaN, NaN]) as [number, number],
      };
    },
    destroy() {
      destroyed = true;
      interaction.destroy();
      chart.destroy();
      layout.destroy();
    },
  };
}
