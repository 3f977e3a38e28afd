/**
 * spectral-bias widget: the transport row, then four panels — (a) the NTK's
 * eigenvalues on the training inputs, (b) its first eigenfunctions over x,
 * (c) the network's residual along each top eigenvector over training against
 * the prediction (1 - eta lambda_i / N)^t, (d) the learned fraction of sin x
 * and of sin kx — and a readout. Training runs in the experiment's worker
 * (driver.ts); this module never loads TensorFlow.js.
 */
import type { WidgetContext, WidgetInstance } from '../contract';
import type { SpectralBiasData, Theory } from '../../nn/experiments/spectral-bias-schema';
import { createChart, type Chart } from '../../viz/chart';
import { createFigureLayout } from '../../viz/layout';
import { formatReadout, roundAll } from '../../viz/format';
import { renderLegend } from '../../viz/legend';
import { createTransport, type TransportState } from '../../ui/transport';
import { fitBudget, fitPatch } from '../shared/live-training-budget';
import { drawComponentsPanel } from './components-panel';
import { createSpectralDriver, type MemoryRecord, type RunParams } from './driver';
import { drawEigenfunctionPanel } from './eigenfunction-panel';
import { drawModesPanel } from './modes-panel';
import { readoutOf, renderReadout, type Readout } from './readout';
import { DISPLAY_PARAMS, type SpectralBiasWidgetParams } from './schema';
import { drawSpectrumPanel } from './spectrum-panel';
import { HIGH_COLOR, LOW_COLOR, PREDICTION_DASH } from './styles';
import './spectral-bias.css';

export interface SpectralBiasSnapshot {
  state: TransportState;
  backend: string;
  params: RunParams & { kernel: string };
  width: number | null;
  depth: number | null;
  step: number | null;
  totalSteps: number | null;
  recordSteps: number[];
  /** Eigenvalues drawn in (a) (descending), and the y domain. */
  eigenvalues: number[];
  spectrumDomain: [number, number];
  /** Dominant frequency of each tracked mode, and the scaled eigenfunctions drawn in (b) [mode][x]. */
  frequencies: number[];
  grid: number[];
  eigenfunctions: number[][];
  /** |residual| per mode as drawn in (c) (NaN where not reached yet). */
  measured: number[][];
  predicted: number[][];
  residualDomain: [number, number];
  /** Learned fractions drawn in (d). */
  components: { low: number[]; high: number[]; lowPredicted: number[]; highPredicted: number[] };
  readout: Readout | null;
  diverged: boolean;
  memory: MemoryRecord[];
  /** Longest single draw on the main thread so far (ms), the median of the last 256, and how many draws. */
  maxDrawMs: number;
  medianDrawMs: number;
  draws: number;
  /** How many of those draws redrew the step-independent panels (a) and (b). */
  staticDraws: number;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

let instances = 0;

function runParams(p: SpectralBiasWidgetParams): RunParams {
  return {
    width: p.width, depth: p.depth, activation: p.activation, frequency: p.frequency,
    amplitude: p.amplitude, learningRate: p.learningRate, steps: p.steps, seed: p.seed,
  };
}

function note(legend: HTMLElement, text: string): void {
  if (legend.textContent === text) return;
  legend.textContent = text;
  legend.classList.add('sb-note');
}

export function mount(
  stage: HTMLElement, params: SpectralBiasWidgetParams, ctx: WidgetContext<SpectralBiasWidgetParams>,
): WidgetInstance<SpectralBiasWidgetParams> {
  const doc = stage.ownerDocument;
  const id = `sb-${++instances}`;
  const fitted = fitBudget(params.width, params.depth, 'width');
  let p: SpectralBiasWidgetParams = { ...params, width: fitted.width, depth: fitted.depth };
  if (fitted.note) ctx.setParams({ width: p.width, depth: p.depth });
  let capNote = fitted.note;
  let backend = '';
  let stepsPerSecond: number | null = null;
  let errorShown = false;
  let drawn: Omit<SpectralBiasSnapshot, 'state' | 'backend' | 'params' | 'memory' | 'maxDrawMs' | 'medianDrawMs' | 'draws' | 'staticDraws'> | null = null;
  let maxDrawMs = 0;
  let draws = 0;
  let staticDraws = 0;
  const drawTimes: number[] = [];

  const root = doc.createElement('div');
  root.className = 'spectral-bias';
  stage.append(root);
  const transport = createTransport(root, {
    onPlay: () => driver.play(),
    onPause: () => driver.pause(),
    onStep: () => driver.step(),
    onReset: () => driver.reset(),
  }, { stepTitle: 'Train to the next recorded step', stateText: { playing: 'training…' } });
  const layout = createFigureLayout(root, 4, 300);
  // Two panels per row at most (a 2 x 2 grid), one per row on a phone.
  for (const panel of layout.panels) Object.assign(panel.root.style, { flex: '1 1 calc(50% - 28px)', minWidth: '260px' });
  layout.readout.classList.add('sb-readout');
  layout.readout.setAttribute('aria-live', 'off');
  const chartOf = (i: number, label: string, left = 48): Chart => createChart(layout.panels[i].chart, {
    aspect: 1.5, minHeight: 210, maxHeight: 330, margin: { left }, label,
  });
  const charts = [
    chartOf(0, 'Eigenvalues of the tangent kernel on the training inputs, log scale, by index'),
    chartOf(1, 'First eigenfunctions of the tangent kernel over the input x', 74),
    chartOf(2, 'Residual of the network along each top eigenvector against the training step, measured and predicted'),
    chartOf(3, 'Fraction of the low and the high frequency of the target learned against the training step'),
  ];
  const legends = layout.panels.map((panel) => panel.legend);
  const theory = (): Theory => (p.kernel === 'empirical' ? 'empirical' : 'analytic');

  const driver = createSpectralDriver(runParams(p), {
    onData: () => draw(),
    onState: (s) => { transport.setState(s); status(); },
    onInfo: (info) => { backend = info.backend; stepsPerSecond = info.stepsPerSecond ?? stepsPerSecond; status(); },
    onError: (error) => { errorShown = true; ctx.setStatus(`Training stopped: ${error.message}`, 'error'); },
  });

  function status(): void {
    if (errorShown) return;
    const data = driver.data;
    const cap = capNote ? ` · ${capNote}` : '';
    if (data?.diverged) {
      ctx.setStatus(`The network diverged at step ${data.diverged.step} (${data.diverged.reason}); lower the learning rate.${cap}`, 'warn');
      return;
    }
    if (!backend) { ctx.setStatus(`Starting TensorFlow.js in a worker…${cap}`); return; }
    if (!data) { ctx.setStatus(`Preparing a width-${p.width}, depth-${p.depth} network and its kernel on ${backend}…${cap}`); return; }
    const speed = stepsPerSecond ? ` · ${formatReadout(stepsPerSecond, 2)} steps/s` : '';
    const where = data.step >= data.totalSteps
      ? `Trained ${data.totalSteps.toLocaleString('en-US')} steps`
      : `Training: step ${data.step.toLocaleString('en-US')} of ${data.totalSteps.toLocaleString('en-US')}`;
    ctx.setStatus(`${where} in a worker (TensorFlow.js, ${backend})${speed}${cap}`, 'info');
  }

  function legendsFor(data: SpectralBiasData): void {
    const key = `${theory()}/${data.frequency}/${data.modes[theory()].measured.length}`;
    if (legends[2].dataset.key === key) return;
    legends[2].dataset.key = key;
    const kernelName = theory() === 'analytic' ? 'the analytic NTK Θ' : 'this network’s Θ̂₀';
    note(legends[0], `(a) Eigenvalues λᵢ of ${kernelName} on the ${data.trainXs.length} training inputs; the ${data.modes[theory()].measured.length} largest in colour.`);
    note(legends[1], '(b) Eigenfunctions of the analytic NTK (Nyström), through the eigenvector entries (dots).');
    renderLegend(legends[2], [
      { label: '(c) measured', mark: 'line', color: 'currentColor', width: 2.2, opacity: 0.75 },
      { label: `(1 − ηλᵢ/N)ᵗ rᵢ(0), ${theory() === 'analytic' ? 'Θ' : 'Θ̂₀'}`, mark: 'line', color: 'currentColor', width: 1.6, dash: PREDICTION_DASH },
    ]);
    renderLegend(legends[3], [
      { label: '(d) sin x', mark: 'line', color: LOW_COLOR, width: 2.4 },
      { label: `sin ${data.frequency}x`, mark: 'line', color: HIGH_COLOR, width: 2.4 },
      { label: 'predicted', mark: 'line', color: 'currentColor', width: 1.6, dash: PREDICTION_DASH },
    ]);
  }

  /**
   * Panels (a) and (b) depend only on the kernel, not on the training step: they are redrawn
   * when this key changes (new session, kernel switch, resize), not on every snapshot. Drawing
   * them each time (32 stems, 5 x 161-point curves, 160 dots) took about half of every draw.
   */
  let staticKey = '';
  let staticDrawn: { spectrum: { domain: [number, number] }; scaled: number[][] } | null = null;
  const staticKeyOf = (data: SpectralBiasData): string => {
    const sizes = charts.slice(0, 2).map((c) => { const z = c.size(); return `${z.innerWidth}x${z.innerHeight}`; }).join(',');
    // No restart counter: a reset retrains the same network, whose panels (a) and (b) stay as they are.
    const sum = (v: readonly number[]) => v.reduce((acc, x) => acc + x, 0);
    return [theory(), data.seed, data.width, data.depth, data.frequency, sum(data.spectrum.analytic), sum(data.spectrum.empirical),
      data.modes[theory()].measured.length, sizes].join('|');
  };

  function drawStatic(data: SpectralBiasData): NonNullable<typeof staticDrawn> {
    const key = staticKeyOf(data);
    if (staticDrawn && key === staticKey) return staticDrawn;
    const traces = data.modes[theory()];
    const spectrum = drawSpectrumPanel(charts[0], {
      values: data.spectrum[theory()], tracked: traces.measured.length,
      low: theory() === 'analytic' ? data.low.eigenvalue : data.low.eigenvalueEmpirical,
      high: theory() === 'analytic' ? data.high.eigenvalue : data.high.eigenvalueEmpirical,
      frequency: data.frequency,
    });
    const fns = drawEigenfunctionPanel(charts[1], {
      grid: data.grid, eigenfunctions: data.eigenfunctions, eigenvectors: data.eigenvectors,
      trainXs: data.trainXs, frequencies: data.modes.analytic.frequencies,
    });
    staticKey = key;
    staticDrawn = { spectrum, scaled: fns.scaled.map((row) => roundAll(row)) };
    staticDraws += 1;
    return staticDrawn;
  }

  function draw(): void {
    const data = driver.data;
    if (!data) return;
    const started = performance.now();
    const traces = data.modes[theory()];
    const { spectrum, scaled } = drawStatic(data);
    const modes = drawModesPanel(charts[2], {
      traces, recordSteps: data.recordSteps, totalSteps: data.totalSteps, step: data.step, clipId: `${id}-modes`,
      learningRate: data.learningRate, count: data.trainXs.length,
    });
    const components = drawComponentsPanel(charts[3], {
      low: data.low, high: data.high, kernel: theory(), recordSteps: data.recordSteps,
      totalSteps: data.totalSteps, step: data.step, clipId: `${id}-components`,
      learningRate: data.learningRate, count: data.trainXs.length,
    });
    legendsFor(data);
    const readout = readoutOf(data, theory());
    renderReadout(layout.readout, data, readout, traces.measured.length);
    transport.setStep(data.step);
    charts[3].svg.setAttribute('aria-label', `After ${data.step} of ${data.totalSteps} steps the network has learned `
      + `${readout.lowLearned === null ? 'none' : `${Math.round(100 * readout.lowLearned)}%`} of sin x and `
      + `${readout.highLearned === null ? 'none' : `${Math.round(100 * readout.highLearned)}%`} of sin ${data.frequency}x.`);
    drawn = {
      width: data.width, depth: data.depth, step: data.step, totalSteps: data.totalSteps, recordSteps: data.recordSteps.slice(),
      eigenvalues: data.spectrum[theory()].slice(), spectrumDomain: spectrum.domain,
      frequencies: traces.frequencies.slice(), grid: data.grid.slice(), eigenfunctions: scaled,
      measured: modes.measured, predicted: modes.predicted, residualDomain: modes.domain,
      components, readout, diverged: data.diverged !== null,
    };
    status();
    draws += 1;
    const ms = performance.now() - started;
    maxDrawMs = Math.max(maxDrawMs, ms);
    drawTimes.push(ms);
    if (drawTimes.length > 256) drawTimes.shift();
    ctx.rendered();
  }

  for (const chart of charts) chart.onResize(() => draw());
  status();

  function apply(patch: Partial<SpectralBiasWidgetParams>): void {
    const fit = fitPatch(p, patch);
    p = fit.params;
    if (fit.note) ctx.setParams({ width: p.width, depth: p.depth });
    capNote = fit.note;
    const retrain = Object.keys(patch).some((k) => !(DISPLAY_PARAMS as readonly string[]).includes(k));
    if (retrain) driver.setParams(runParams(p));
    draw();
    status();
  }

  return {
    update(patch) { apply(patch); },
    setActive(active) { driver.setActive(active); },
    reset() { driver.reset(); },
    snapshot(): SpectralBiasSnapshot {
      const base = drawn ?? {
        width: null, depth: null, step: null, totalSteps: null, recordSteps: [], eigenvalues: [], spectrumDomain: [0, 0] as [number, number],
        frequencies: [], grid: [], eigenfunctions: [], measured: [], predicted: [], residualDomain: [0, 0] as [number, number],
        components: { low: [], high: [], lowPredicted: [], highPredicted: [] }, readout: null, diverged: false,
      };
      return structuredClone({
        ...base, state: driver.state, backend, params: { ...runParams(p), kernel: p.kernel }, memory: driver.memory.slice(), maxDrawMs, medianDrawMs: median(drawTimes), draws, staticDraws,
      });
    },
    destroy() {
      void driver.dispose();
      transport.destroy();
      for (const chart of charts) chart.destroy();
      layout.destroy();
      root.remove();
    },
  };
}
