/**
 * ensemble-posterior widget: networks trained one after another in the
 * `ensemble-posterior` experiment's worker (TensorFlow.js never loads on the
 * main thread), drawn here as they finish, over the infinite-width ensemble
 * band; beside them the fraction of network values inside the band over
 * training time. The worker records every network at the same log-spaced
 * steps, so the time slider (or a click in the right panel) and the NNGP
 * toggle only redraw; every other parameter restarts the worker's session.
 */
import type { WidgetContext, WidgetInstance } from '../contract';
import {
  ensemblePosteriorSchema, ensembleSignature, type EnsemblePosteriorData, type EnsemblePosteriorParams,
} from '../../nn/experiments/ensemble-posterior-stats';
import { createExperimentClient } from '../../nn/worker/client';
import { defaultsOf } from '../../ui/params';
import { createChart } from '../../viz/chart';
import { formatReadout, roundAll } from '../../viz/format';
import { createFigureLayout } from '../../viz/layout';
import { fitEnsembleBudget } from './budget';
import { attachTimeScrubbing, drawCoveragePanel } from './coverage-panel';
import { drawFunctionPanel } from './function-panel';
import { emptyReadout, renderReadout } from './readout';
import { DISPLAY_PARAMS, type EnsemblePosteriorWidgetParams } from './schema';
import { bandOf, curvesAt, functionDomain, medianVarianceRatio, recordIndex, timeOfRecord, type Band } from './view';
import './ensemble-posterior.css';

export interface EnsemblePosteriorSnapshot {
  params: EnsemblePosteriorWidgetParams;
  backend: string;
  state: string;
  /** Session of the drawn data ('' before the first snapshot). */
  signature: string;
  networksDone: number;
  networksTotal: number;
  /** Network in training and its step (null when all are done or before the first snapshot). */
  training: { index: number; step: number } | null;
  recordSteps: number[];
  shownIndex: number;
  shownStep: number | null;
  x: number[];
  /** Drawn network curves at the shown step. */
  networks: number[][];
  ntk: Band | null;
  /** Null when the NNGP toggle is off. */
  nngp: Band | null;
  trainXs: number[];
  trainYs: number[];
  /** Fraction inside the NTK band at the shown step, and at every recorded step. */
  coverage: number | null;
  coverageCurve: (number | null)[];
  varianceRatio: number | null;
  diverged: number;
  yDomain: [number, number];
  /** Longest single draw on the main thread (ms), the median of the last 256, how many draws, and the step of the longest. */
  maxDrawMs: number;
  medianDrawMs: number;
  draws: number;
  slowestDraw: number;
}

let instances = 0;

/** Parameters of a new session; `acknowledged: 0` so that it sends its networks from the first. */
function experimentParams(p: EnsemblePosteriorWidgetParams): Partial<EnsemblePosteriorParams> {
  return {
    width: p.width, depth: p.depth, activation: p.activation, networks: p.networks,
    learningRate: p.learningRate, steps: p.steps, seed: p.seed, acknowledged: 0,
  };
}

function signatureOf(p: EnsemblePosteriorWidgetParams): string {
  return ensembleSignature({ ...defaultsOf(ensemblePosteriorSchema), ...experimentParams(p) } as EnsemblePosteriorParams);
}

export function mount(
  stage: HTMLElement, params: EnsemblePosteriorWidgetParams, ctx: WidgetContext<EnsemblePosteriorWidgetParams>,
): WidgetInstance<EnsemblePosteriorWidgetParams> {
  const doc = stage.ownerDocument;
  const id = `ep-${++instances}`;
  const fitted = fitEnsembleBudget(params.width, params.depth, 'width');
  let p: EnsemblePosteriorWidgetParams = { ...params, width: fitted.width, depth: fitted.depth };
  if (fitted.note) ctx.setParams({ width: p.width, depth: p.depth });
  let capNote = fitted.note;
  let data: EnsemblePosteriorData | null = null;
  let backend = '';
  let active = true;
  let runPending = false;
  let failed = false;
  let startedAt = performance.now();
  let finishedMs: number | null = null;
  let maxDrawMs = 0;
  let slowestDraw = 0;
  let draws = 0;
  const drawTimes: number[] = [];
  let drawn: Omit<EnsemblePosteriorSnapshot, 'params' | 'backend' | 'state' | 'maxDrawMs' | 'medianDrawMs' | 'draws' | 'slowestDraw'> | null = null;

  const root = doc.createElement('div');
  root.className = 'ensemble-posterior';
  stage.append(root);
  const layout = createFigureLayout(root, 2, 230);
  const [left, right] = layout.panels;
  Object.assign(left.root.style, { flex: '3 1 330px' });
  Object.assign(right.root.style, { flex: '1.4 1 230px' });
  right.root.classList.add('ep-coverage');
  layout.readout.classList.add('ep-readout');
  layout.readout.setAttribute('aria-live', 'off');
  const narrow = (stage.clientWidth || 800) < 560;
  const fnChart = createChart(left.chart, {
    aspect: 1.7, minHeight: narrow ? 240 : 280, maxHeight: 380,
    label: 'Trained networks over the input x with the infinite-width ensemble band',
  });
  const covChart = createChart(right.chart, {
    aspect: 1.1, minHeight: narrow ? 190 : 280, maxHeight: narrow ? 210 : 380, margin: { left: 46, right: 18 },
    label: 'Fraction of network values inside the band against the training step',
  });
  const detachScrub = attachTimeScrubbing(covChart, () => data, (index) => {
    if (data) ctx.setParams({ time: Number(timeOfRecord(data.recordSteps.length, index).toFixed(3)) });
  });

  const client = createExperimentClient<EnsemblePosteriorData>('ensemble-posterior', experimentParams(p));

  function status(): void {
    if (failed) return;
    const cap = capNote ? ` · ${capNote}` : '';
    if (!backend) { ctx.setStatus(`Starting TensorFlow.js in a worker…${cap}`); return; }
    const where = `TensorFlow.js (${backend}) in a worker`;
    // After a retraining change the drawn data belong to the replaced session until the new one reports: count the new one.
    const d = data && data.signature === signature ? data : null;
    const done = d?.networksDone ?? 0;
    const total = d?.networksTotal ?? p.networks;
    const diverged = d && d.diverged ? ` · ${d.diverged} diverged and left out` : '';
    const kind = d && d.diverged ? 'warn' : 'info';
    if (done >= total && finishedMs !== null) {
      const took = finishedMs < 1000 ? `${Math.max(1, Math.round(finishedMs))} ms` : `${formatReadout(finishedMs / 1000, 2)} s`;
      ctx.setStatus(`${total} networks trained ${d?.totalSteps ?? p.steps} steps each in ${took} · ${where}${diverged}${cap}`, kind);
    } else if (!active || client.state === 'paused') {
      ctx.setStatus(`Paused off-screen at ${done} / ${total} networks${cap}`);
    } else {
      ctx.setStatus(`Training networks: ${done} / ${total} done · ${where}${diverged}${cap}`, kind);
    }
  }

  const trainCount = ensemblePosteriorSchema.points.default;

  /** Axes, legends and readout before the first snapshot, so the figure keeps its size when data arrive (embed fit). */
  function drawFrame(): void {
    drawFunctionPanel(fnChart, left.legend, {
      grid: [], curves: [], ntk: null, nngp: null, trainXs: [], trainYs: [], trainCount, yDomain: [-3, 3], width: p.width, clipId: `${id}-fn`,
    });
    drawCoveragePanel(covChart, right.legend, { recordSteps: [0], coverage: [null], totalSteps: p.steps, index: 0 });
    renderReadout(layout.readout, emptyReadout(p.steps, p.learningRate));
    fnChart.message(backend ? 'Preparing…' : 'Starting TensorFlow.js…');
    status();
  }

  function draw(): void {
    const d = data;
    if (!d) { drawFrame(); return; }
    const t0 = performance.now();
    const index = recordIndex(d.recordSteps.length, p.time);
    const curves = curvesAt(d, index);
    const ntk = bandOf(d.analytic[index]);
    const nngp = p.nngp ? bandOf(d.nngp) : null;
    const yDomain = functionDomain(d);
    fnChart.message(null);
    drawFunctionPanel(fnChart, left.legend, {
      grid: d.grid, curves, ntk, nngp, trainXs: d.trainXs, trainYs: d.trainYs, trainCount: d.trainXs.length, yDomain, width: d.width, clipId: `${id}-fn`,
    });
    drawCoveragePanel(covChart, right.legend, { recordSteps: d.recordSteps, coverage: d.coverage, totalSteps: d.totalSteps, index });
    const varianceRatio = medianVarianceRatio(d, index);
    const coverage = d.coverage[index];
    renderReadout(layout.readout, {
      step: d.recordSteps[index], totalSteps: d.totalSteps, coverage, networks: curves.length, points: d.grid.length,
      varianceRatio, learningRateFraction: d.learningRateFraction, learningRate: d.learningRate,
    });
    fnChart.svg.setAttribute('aria-label', `${curves.length} networks of width ${d.width} after ${d.recordSteps[index]} of ${d.totalSteps} steps, `
      + `${coverage === null ? 'no network finished yet' : `${(100 * coverage).toFixed(1)}% of their values inside`} the infinite-width band mean ± 2σ`
      + `${nngp ? ', with the NNGP posterior band' : ''}.`);
    drawn = {
      signature: d.signature, networksDone: d.networksDone, networksTotal: d.networksTotal, training: d.training,
      recordSteps: d.recordSteps, shownIndex: index, shownStep: d.recordSteps[index], x: d.grid,
      networks: curves, ntk: { mean: roundAll(ntk.mean), lower: roundAll(ntk.lower), upper: roundAll(ntk.upper) },
      nngp: nngp && { mean: roundAll(nngp.mean), lower: roundAll(nngp.lower), upper: roundAll(nngp.upper) },
      trainXs: d.trainXs, trainYs: d.trainYs, coverage, coverageCurve: d.coverage, varianceRatio,
      diverged: d.diverged, yDomain,
    };
    status();
    draws++;
    const ms = performance.now() - t0;
    if (ms > maxDrawMs) { maxDrawMs = ms; slowestDraw = draws; }
    drawTimes.push(ms);
    if (drawTimes.length > 256) drawTimes.shift();
    ctx.rendered();
  }

  let signature = signatureOf(p);
  /** Finished networks of the current session held here; the worker is told, and then sends only newer ones. */
  let held: EnsemblePosteriorData['networks'] = [];
  let acknowledged = 0;
  /** Session and number of networks last drawn: a snapshot that adds no finished network changes nothing drawn. */
  let drawnSession = '';
  let drawnNetworks = -1;
  client.onSnapshot = (next) => {
    // Snapshots of a session that a parameter change has already replaced are not drawn.
    if (next.signature !== signature) return;
    if (next.networksFrom > held.length) return; // cannot happen (we acknowledge only what we hold); never draw a gap
    held = [...held.slice(0, next.networksFrom), ...next.networks];
    data = { ...next, networksFrom: 0, networks: held };
    if (held.length > acknowledged && held.length < next.networksTotal) {
      acknowledged = held.length;
      client.setParams({ acknowledged });
    }
    if (next.networksDone >= next.networksTotal && finishedMs === null) finishedMs = performance.now() - startedAt;
    if (next.signature === drawnSession && held.length === drawnNetworks) {
      // A progress snapshot (the network in training moved on): the status line only, no redraw.
      if (drawn) { drawn.training = next.training; drawn.networksDone = next.networksDone; }
      status();
      return;
    }
    drawnSession = next.signature;
    drawnNetworks = held.length;
    draw();
  };
  client.onState = () => status();
  client.onError = (error) => {
    if (error.fatal) failed = true;
    ctx.setStatus(`Could not train the ensemble: ${error.message}`, error.fatal ? 'error' : 'warn');
  };
  client.ready.then((info) => {
    backend = info.backend;
    // Time the training from here: starting the worker and TensorFlow.js is a one-off cost.
    if (finishedMs === null) startedAt = performance.now();
    status();
  }).catch(() => { /* reported through onError */ });
  client.run();
  draw();

  fnChart.onResize(() => draw());
  covChart.onResize(() => draw());

  function restart(): void {
    signature = signatureOf(p);
    held = [];
    acknowledged = 0;
    drawnNetworks = -1;
    startedAt = performance.now();
    finishedMs = null;
    client.setParams(experimentParams(p));
    if (active) client.run(); else runPending = true;
    status();
  }

  return {
    update(patch) {
      const moved = patch.depth !== undefined && patch.width === undefined ? 'depth' : 'width';
      const next = { ...p, ...patch };
      const fit = fitEnsembleBudget(next.width, next.depth, moved);
      p = { ...next, width: fit.width, depth: fit.depth };
      if (fit.note) ctx.setParams({ width: p.width, depth: p.depth });
      capNote = fit.note;
      const changed = Object.keys(patch).filter((k) => patch[k as keyof EnsemblePosteriorWidgetParams] !== undefined);
      if (changed.some((k) => !(DISPLAY_PARAMS as readonly string[]).includes(k))) restart();
      draw();
    },
    setActive(next) {
      active = next;
      if (!next) client.pause();
      else if (runPending || (client.state !== 'running' && client.state !== 'done')) { runPending = false; client.run(); }
      status();
    },
    // Training is deterministic and the time is a parameter (restored by the host): nothing transient to reset.
    reset() { draw(); },
    snapshot(): EnsemblePosteriorSnapshot {
      const base = drawn ?? {
        signature: '', networksDone: 0, networksTotal: p.networks, training: null, recordSteps: [], shownIndex: 0, shownStep: null,
        x: [], networks: [], ntk: null, nngp: null, trainXs: [], trainYs: [], coverage: null, coverageCurve: [],
        varianceRatio: null, diverged: 0, yDomain: [0, 0] as [number, number],
      };
      const sorted = drawTimes.slice().sort((a, b) => a - b);
      const medianDrawMs = sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : 0;
      return structuredClone({ ...base, params: { ...p }, backend, state: client.state, maxDrawMs, medianDrawMs, draws, slowestDraw });
    },
    destroy() {
      detachScrub();
      void client.dispose();
      fnChart.destroy();
      covChart.destroy();
      layout.destroy();
      root.remove();
    },
  };
}
