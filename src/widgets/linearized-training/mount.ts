/**
 * linearized-training widget: the transport row, the prediction panel at the
 * shown step, the loss panel over time, and a readout. Training runs in the
 * experiment's worker (driver.ts); this module never loads TensorFlow.js.
 * The time slider (and dragging on the loss panel) only picks which recorded
 * step to draw: scrubbing never talks to the worker.
 */
import type { WidgetContext, WidgetInstance } from '../contract';
import type { Divergence, LinearizedTrainingData } from '../../nn/experiments/linearized-training';
import { createChart } from '../../viz/chart';
import { createFigureLayout } from '../../viz/layout';
import { formatReadout, roundAll } from '../../viz/format';
import { createTransport, type TransportState } from '../../ui/transport';
import { fitBudget, fitPatch } from '../shared/live-training-budget';
import { createTrainingDriver, type MemoryRecord, type RunParams } from './driver';
import { drawFunctionPanel, type ShownPredictions } from './function-panel';
import { MODELS, predictionDomain, requestedIndex, shownIndex, timeOfIndex, type ModelName } from './history';
import { attachLossScrubbing, drawLossPanel } from './loss-panel';
import { gapsAt, renderReadout, type Gaps } from './readout';
import { DISPLAY_PARAMS, type LinearizedTrainingWidgetParams } from './schema';
import './linearized-training.css';

export interface LinearizedTrainingSnapshot {
  state: TransportState;
  backend: string;
  params: RunParams;
  /** Network of the drawn session (null before its first snapshot). */
  width: number | null;
  depth: number | null;
  /** Steps trained in the current session (null before its first snapshot). */
  step: number | null;
  totalSteps: number | null;
  recordSteps: number[];
  /** Record the slider asks for, and the one drawn (the latest reached if training is not there yet). */
  requestedIndex: number;
  shownIndex: number;
  shownStep: number | null;
  learningRate: number | null;
  etaMax: number | null;
  etaMaxEmpirical: number | null;
  /** Inputs of the prediction grid and the drawn predictions (null: not drawn). */
  x: number[];
  predictions: ShownPredictions;
  /** Losses at every recorded step, per drawn model. */
  losses: Partial<Record<ModelName, { train: (number | null)[]; test: (number | null)[] }>>;
  gaps: Gaps;
  maxGap: number | null;
  diverged: { network: Divergence | null; linearized: Divergence | null };
  /** Labels drawn in the prediction panel (divergence, off the chart). */
  notes: string[];
  yDomain: [number, number];
  lossDomain: [number, number];
  /** TensorFlow.js memory in the worker, read between runs. */
  memory: MemoryRecord[];
  /** Longest single draw on the main thread so far (ms), the median of the last 256, and how many draws. */
  maxDrawMs: number;
  medianDrawMs: number;
  draws: number;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

const EMPTY: ShownPredictions = { network: null, linearized: null, flow: null, flowEmpirical: null };
let instances = 0;

function runParams(p: LinearizedTrainingWidgetParams): RunParams {
  return {
    width: p.width, depth: p.depth, activation: p.activation, weightVariance: p.weightVariance,
    biasVariance: p.biasVariance, learningRate: p.learningRate, steps: p.steps, seed: p.seed,
  };
}

export function mount(
  stage: HTMLElement, params: LinearizedTrainingWidgetParams, ctx: WidgetContext<LinearizedTrainingWidgetParams>,
): WidgetInstance<LinearizedTrainingWidgetParams> {
  const doc = stage.ownerDocument;
  const id = `lt-${++instances}`;
  const fitted = fitBudget(params.width, params.depth, 'width');
  let p: LinearizedTrainingWidgetParams = { ...params, width: fitted.width, depth: fitted.depth };
  if (fitted.note) ctx.setParams({ width: p.width, depth: p.depth });
  let capNote = fitted.note;
  let backend = '';
  let stepsPerSecond: number | null = null;
  let errorShown = false;
  let drawn: Omit<LinearizedTrainingSnapshot, 'state' | 'backend' | 'params' | 'memory' | 'maxDrawMs' | 'medianDrawMs' | 'draws'> | null = null;
  let maxDrawMs = 0;
  let draws = 0;
  const drawTimes: number[] = [];

  const root = doc.createElement('div');
  root.className = 'linearized-training';
  stage.append(root);
  const transport = createTransport(root, {
    onPlay: () => driver.play(),
    onPause: () => driver.pause(),
    onStep: () => driver.step(),
    onReset: () => driver.reset(),
  }, { stepTitle: 'Train to the next recorded step', stateText: { playing: 'training…' } });
  const layout = createFigureLayout(root, 2, 300);
  const [left, right] = layout.panels;
  right.root.classList.add('lt-loss');
  layout.readout.classList.add('lt-readout');
  layout.readout.setAttribute('aria-live', 'off');
  const fnChart = createChart(left.chart, {
    aspect: 1.45, minHeight: 230, maxHeight: 380, label: 'Predictions of the network, its linearization and the closed form over the input x',
  });
  const lossChart = createChart(right.chart, {
    aspect: 1.45, minHeight: 230, maxHeight: 380, margin: { left: 48 }, label: 'Train and test loss of each model against the training step',
  });
  const detachScrub = attachLossScrubbing(lossChart, () => driver.data ?? null, (index) => {
    const data = driver.data;
    if (data) ctx.setParams({ time: Number(timeOfIndex(data.recordSteps.length, index).toFixed(3)) });
  });

  const driver = createTrainingDriver(runParams(p), {
    onData: () => draw(),
    onState: (s) => { transport.setState(s); status(); },
    onInfo: (info) => { backend = info.backend; stepsPerSecond = info.stepsPerSecond ?? stepsPerSecond; status(); },
    onError: (error) => { errorShown = true; ctx.setStatus(`Training stopped: ${error.message}`, 'error'); },
  });

  const models = (): ModelName[] => MODELS.filter((m) => m !== 'flowEmpirical' || p.empirical);

  function divergenceText(data: LinearizedTrainingData): string | null {
    const { network, linearized } = data.diverged;
    if (!network && !linearized) return null;
    const parts: string[] = [];
    if (network) parts.push(`the network diverged at step ${network.step}`);
    else parts.push(data.step >= data.totalSteps ? 'the network did not diverge' : 'the network has not diverged');
    if (linearized) parts.push(`its linearization diverged at step ${linearized.step}`);
    else parts.push('its linearization did not');
    const rate = data.learningRateFraction > 1 ? ` (η = ${formatReadout(data.learningRateFraction)} η_max is above the maximum stable rate)` : '';
    const text = parts.join('; ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${rate}. Losses above 10⁶ × their initial value stop a model; gradient flow has no step-size limit.`;
  }

  function status(): void {
    if (errorShown) return;
    const data = driver.data;
    const cap = capNote ? ` · ${capNote}` : '';
    const warn = data ? divergenceText(data) : null;
    if (warn) { ctx.setStatus(`${warn}${cap}`, 'warn'); return; }
    if (!backend) { ctx.setStatus(`Starting TensorFlow.js in a worker…${cap}`); return; }
    if (!data) { ctx.setStatus(`Preparing a width-${p.width}, depth-${p.depth} network on ${backend}…${cap}`); return; }
    const speed = stepsPerSecond ? ` · ${formatReadout(stepsPerSecond, 2)} steps/s` : '';
    const where = data.step >= data.totalSteps
      ? `Trained ${data.totalSteps.toLocaleString('en-US')} steps`
      : `Training: step ${data.step.toLocaleString('en-US')} of ${data.totalSteps.toLocaleString('en-US')}`;
    ctx.setStatus(`${where} in a worker (TensorFlow.js, ${backend})${speed}${cap}`, 'info');
  }

  function draw(): void {
    const data = driver.data;
    if (!data) return;
    const started = performance.now();
    const index = shownIndex(data, p.time);
    const yDomain = predictionDomain(data);
    const shownModels = models();
    const fn = drawFunctionPanel(fnChart, left.legend, { data, index, models: shownModels, yDomain, clipId: `${id}-fn` });
    const loss = drawLossPanel(lossChart, right.legend, { data, index, models: shownModels, clipId: `${id}-loss` });
    const gaps = gapsAt(fn.shown);
    renderReadout(layout.readout, data, index, gaps);
    transport.setStep(data.step);
    fnChart.svg.setAttribute('aria-label', `Width-${data.width} network, its linearization and the closed-form NTK prediction after `
      + `${data.recordSteps[index]} of ${data.totalSteps} steps; RMS gap network − linearization ${formatReadout(gaps.networkLinearized ?? NaN)}.`);
    drawn = {
      width: data.width, depth: data.depth, step: data.step, totalSteps: data.totalSteps, recordSteps: data.recordSteps.slice(),
      requestedIndex: requestedIndex(data.recordSteps.length, p.time), shownIndex: index, shownStep: data.recordSteps[index],
      learningRate: data.learningRate, etaMax: data.etaMax, etaMaxEmpirical: data.etaMaxEmpirical,
      x: data.grid.slice(),
      predictions: { ...EMPTY, ...Object.fromEntries(shownModels.map((m) => [m, fn.shown[m] ? roundAll(fn.shown[m]!) : null])) },
      losses: Object.fromEntries(shownModels.map((m) => [m, { train: data[m].trainLoss.slice(), test: data[m].testLoss.slice() }])),
      gaps, maxGap: data.maxGap, diverged: { ...data.diverged }, notes: fn.notes,
      yDomain, lossDomain: loss.yDomain,
    };
    status();
    draws += 1;
    const ms = performance.now() - started;
    maxDrawMs = Math.max(maxDrawMs, ms);
    drawTimes.push(ms);
    if (drawTimes.length > 256) drawTimes.shift();
    ctx.rendered();
  }

  fnChart.onResize(() => draw());
  lossChart.onResize(() => draw());
  status();

  function apply(patch: Partial<LinearizedTrainingWidgetParams>): void {
    const fit = fitPatch(p, patch);
    p = fit.params;
    if (fit.note) ctx.setParams({ width: p.width, depth: p.depth });
    capNote = fit.note;
    const retrain = Object.keys(patch).some((k) => !(DISPLAY_PARAMS as readonly string[]).includes(k));
    if (retrain) driver.setParams(runParams(p));
    // Display-only changes (time, empirical) redraw the recorded history at once.
    draw();
    status();
  }

  return {
    update(patch) { apply(patch); },
    setActive(active) { driver.setActive(active); },
    reset() { driver.reset(); },
    snapshot(): LinearizedTrainingSnapshot {
      const base = drawn ?? {
        width: null, depth: null, step: null, totalSteps: null, recordSteps: [], requestedIndex: 0, shownIndex: 0, shownStep: null,
        learningRate: null, etaMax: null, etaMaxEmpirical: null, x: [], predictions: { ...EMPTY }, losses: {},
        gaps: { networkLinearized: null, networkFlow: null, linearizedFlow: null }, maxGap: null,
        diverged: { network: null, linearized: null }, notes: [], yDomain: [0, 0] as [number, number], lossDomain: [0, 0] as [number, number],
      };
      return structuredClone({ ...base, state: driver.state, backend, params: runParams(p), memory: driver.memory.slice(), maxDrawMs, medianDrawMs: median(drawTimes), draws });
    },
    destroy() {
      detachScrub();
      void driver.dispose();
      transport.destroy();
      fnChart.destroy();
      lossChart.destroy();
      layout.destroy();
      root.remove();
    },
  };
}
