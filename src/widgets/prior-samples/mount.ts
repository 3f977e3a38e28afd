/**
 * prior-samples widget: random networks drawn in the `prior-samples`
 * experiment's worker (TensorFlow.js never loads on the main thread), drawn
 * here as they arrive: curves over x beside the histogram of f(x0).
 *
 * x0 is drawn from the curves already computed (no new networks needed);
 * every other parameter restarts the worker's session.
 */
import type { WidgetContext, WidgetInstance } from '../contract';
import type { PriorSamplesData } from '../../nn/experiments/prior-samples';
import { priorSignature, valueAt, type PriorActivation } from '../../nn/experiments/prior-samples-stats';
import { createExperimentClient } from '../../nn/worker/client';
import { createChart } from '../../viz/chart';
import { createFigureLayout } from '../../viz/layout';
import { clientToViewBox } from '../../viz/pointer';
import { formatReadout, roundAll, roundSig } from '../../viz/format';
import { histogramBars } from '../../viz/histogram';
import { createLinesPanel, X_RANGE, type LinesScales } from './lines-panel';
import { createHistogramPanel } from './histogram-panel';
import { emptyFrameData } from './empty-frame';
import { renderReadout } from './readout';
import type { PriorSamplesWidgetParams } from './schema';

export interface PriorSamplesSnapshot {
  params: PriorSamplesWidgetParams;
  backend: string;
  state: string;
  networksDone: number;
  count: number;
  grid: number[];
  curves: number[][];
  x0: number;
  atX0: number[];
  band: { lower: number[]; upper: number[] };
  nngpAtX0: number;
  histogram: { lo: number; hi: number; counts: number[]; below: number; above: number; total: number; densities: number[] };
  readout: PriorSamplesData['readout'] | null;
  yDomain: [number, number];
  densityMax: number;
  /** Curves drawn so far (networks arrive faster than they are drawn at small widths). */
  drawnCurves: number;
  /** Longest time one redraw took on the main thread (ms), for tests and tuning. */
  maxDrawMs: number;
}

/** Both charts share one height so that their vertical axes line up side by side; lower when the panels stack on a phone. */
const CHART_HEIGHT = 300;
const STACKED_HEIGHT = 230;
const STACK_BELOW = 560;

function experimentParams(p: PriorSamplesWidgetParams) {
  return {
    width: p.width, depth: p.depth, activation: p.activation, weightVariance: p.weightVariance,
    biasVariance: p.biasVariance, x0: p.x0, count: p.count, seed: p.seed,
  };
}

export function mount(
  stage: HTMLElement, params: PriorSamplesWidgetParams, ctx: WidgetContext<PriorSamplesWidgetParams>,
): WidgetInstance<PriorSamplesWidgetParams> {
  let p: PriorSamplesWidgetParams = { ...params };
  let data: PriorSamplesData | null = null;
  let backend = '';
  let active = true;
  let runPending = false;
  let failed = false;
  let startedAt = performance.now();
  let finishedMs: number | null = null;
  let scales: LinesScales | null = null;
  let yDomain: [number, number] = [-4, 4];
  let densityMax = 0;
  let atX0: number[] = [];
  let maxDrawMs = 0;
  let drawnCurves = 0;
  let followUp = 0;

  const layout = createFigureLayout(stage, 2, 200);
  layout.root.classList.add('prior-samples');
  Object.assign(layout.panels[0].root.style, { flex: '3 1 340px' });
  Object.assign(layout.panels[1].root.style, { flex: '1 1 200px' });
  const height = (stage.clientWidth || 800) < STACK_BELOW ? STACKED_HEIGHT : CHART_HEIGHT;
  const linesChart = createChart(layout.panels[0].chart, {
    aspect: 2, minHeight: height, maxHeight: height,
    label: 'Random networks at initialization over the input x, with the infinite-width band',
  });
  const histChart = createChart(layout.panels[1].chart, {
    aspect: 1, minHeight: height, maxHeight: height, margin: { right: 18 },
    label: 'Histogram of the network outputs at x0 with the infinite-width Gaussian density',
  });
  const lines = createLinesPanel(linesChart, layout.panels[0].legend);
  const hist = createHistogramPanel(histChart, layout.panels[1].legend);
  linesChart.svg.style.touchAction = 'pan-y';

  const client = createExperimentClient<PriorSamplesData>('prior-samples', experimentParams(p));

  function status(): void {
    if (failed) return;
    if (!backend) { ctx.setStatus('Starting TensorFlow.js in a worker…'); return; }
    const where = `TensorFlow.js (${backend}) in a worker`;
    const done = data?.networksDone ?? 0;
    const count = data?.count ?? p.count;
    if (done >= count && finishedMs !== null) {
      const took = finishedMs < 1000 ? `${Math.max(1, Math.round(finishedMs))} ms` : `${formatReadout(finishedMs / 1000, 2)} s`;
      ctx.setStatus(`${count} networks drawn in ${took} · ${where}`);
    } else if (!active || client.state === 'paused') {
      ctx.setStatus(`Paused off-screen at ${done} / ${count} networks`);
    } else {
      ctx.setStatus(`Drawing networks: ${done} / ${count} (width ${p.width}, depth ${p.depth}) · ${where}`);
    }
  }

  function draw(): void {
    if (!data) return;
    const t0 = performance.now();
    const d = data;
    const maxSd = Math.max(...d.nngpVariance.map(Math.sqrt), 0);
    const r = Math.max(d.readout.histogram.hi, 2.25 * maxSd);
    yDomain = [-r, r];
    atX0 = d.curves.map((c) => valueAt(d.grid, c, p.x0));
    const drawnLines = lines.draw({ ...d, x0: p.x0, atX0 }, yDomain);
    scales = drawnLines.scales;
    drawnCurves = drawnLines.drawn;
    densityMax = hist.draw({ histogram: d.readout.histogram, nngpAtX0: d.nngpAtX0, atX0: atX0.slice(0, drawnCurves) }, yDomain).densityMax;
    renderReadout(layout.readout, d.readout, d.width, d.nngpAtX0);
    linesChart.message(d.networksDone === 0 ? (backend ? 'Drawing the first network…' : 'Starting TensorFlow.js…') : null);
    linesChart.svg.setAttribute('aria-label', `${d.networksDone} random networks of width ${d.width} and depth ${d.depth} over the input x, `
      + `inside the infinite-width band 0 ± 2σ with σ² = ${formatReadout(d.nngpAtX0)}. Click or drag to move x⋆.`);
    status();
    maxDrawMs = Math.max(maxDrawMs, performance.now() - t0);
    // More curves than one frame should build: continue next frame (the rendered event waits for the last).
    if (drawnLines.pending) { if (!followUp) followUp = requestAnimationFrame(() => { followUp = 0; draw(); }); return; }
    ctx.rendered();
  }

  const currentSignature = () => priorSignature({ ...p, activation: p.activation as PriorActivation });
  client.onSnapshot = (next) => {
    // Snapshots of a session that a parameter change has already replaced are not drawn.
    if (!next.signature.startsWith(`${currentSignature()}|`)) return;
    data = next;
    if (next.networksDone >= next.count && finishedMs === null) finishedMs = performance.now() - startedAt;
    draw();
  };
  client.onState = () => status();
  client.onError = (error) => {
    if (error.fatal) failed = true;
    ctx.setStatus(`Could not draw networks: ${error.message}`, error.fatal ? 'error' : 'warn');
  };
  client.ready.then((info) => {
    backend = info.backend;
    // Time the drawing from here, not from mount: starting the worker and TensorFlow.js is a one-off cost.
    if (finishedMs === null) startedAt = performance.now();
    status();
  }).catch(() => { /* reported through onError */ });
  client.run();
  // The frame (axes, band, Gaussian, legends) right away, so the figure keeps its size when networks arrive.
  data = emptyFrameData(p);
  draw();

  // Click or drag in the left plot to move x0.
  let dragging = false;
  const moveX0 = (event: PointerEvent): void => {
    if (!scales) return;
    const [vx] = clientToViewBox(linesChart.svg, event.clientX, event.clientY);
    const x = scales.x.invert(vx - linesChart.size().margin.left);
    const x0 = Math.round(Math.min(X_RANGE[1], Math.max(X_RANGE[0], x)) * 100) / 100;
    if (x0 !== p.x0) ctx.setParams({ x0: Math.min(3.14159, Math.max(-3.14159, x0)) });
  };
  const onDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    dragging = true;
    linesChart.svg.setPointerCapture?.(event.pointerId);
    moveX0(event);
  };
  const onMove = (event: PointerEvent): void => { if (dragging) moveX0(event); };
  const onUp = (): void => { dragging = false; };
  linesChart.svg.addEventListener('pointerdown', onDown);
  linesChart.svg.addEventListener('pointermove', onMove);
  linesChart.svg.addEventListener('pointerup', onUp);
  linesChart.svg.addEventListener('pointercancel', onUp);

  const redraw = (): void => draw();
  linesChart.onResize(redraw);
  histChart.onResize(redraw);

  function restart(): void {
    startedAt = performance.now();
    finishedMs = null;
    client.setParams(experimentParams(p));
    if (active) client.run(); else runPending = true;
    status();
  }

  return {
    update(patch) {
      const changed = Object.keys(patch).filter((k) => patch[k as keyof PriorSamplesWidgetParams] !== undefined);
      p = { ...p, ...patch };
      if (changed.every((k) => k === 'x0')) {
        client.setParams({ x0: p.x0 });
        draw();
        return;
      }
      restart();
    },
    setActive(next) {
      active = next;
      if (!next) client.pause();
      else if (runPending || (client.state !== 'running' && client.state !== 'done')) { runPending = false; client.run(); }
      status();
    },
    snapshot(): PriorSamplesSnapshot {
      const d = data;
      const h = d?.readout.histogram;
      const sd = d ? d.nngpVariance.map((k) => 2 * Math.sqrt(k)) : [];
      return {
        params: { ...p },
        backend,
        state: client.state,
        networksDone: d?.networksDone ?? 0,
        count: d?.count ?? p.count,
        grid: d ? d.grid.slice() : [],
        curves: d ? d.curves.map((c) => c.slice()) : [],
        x0: p.x0,
        atX0: roundAll(atX0),
        band: { lower: roundAll(sd.map((s) => -s)), upper: roundAll(sd) },
        nngpAtX0: d?.nngpAtX0 ?? NaN,
        histogram: h
          ? { lo: h.lo, hi: h.hi, counts: h.counts.slice(), below: h.below, above: h.above, total: h.total, densities: roundAll(histogramBars(h).map((b) => b.density)) }
          : { lo: NaN, hi: NaN, counts: [], below: 0, above: 0, total: 0, densities: [] },
        readout: d ? structuredClone(d.readout) : null,
        yDomain: [...yDomain],
        densityMax: roundSig(densityMax),
        drawnCurves,
        maxDrawMs,
      };
    },
    destroy() {
      if (followUp) cancelAnimationFrame(followUp);
      linesChart.svg.removeEventListener('pointerdown', onDown);
      linesChart.svg.removeEventListener('pointermove', onMove);
      linesChart.svg.removeEventListener('pointerup', onUp);
      linesChart.svg.removeEventListener('pointercancel', onUp);
      void client.dispose();
      linesChart.destroy();
      histChart.destroy();
      layout.destroy();
    },
  };
}
