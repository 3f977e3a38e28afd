/**
 * kernel-drift widget: width chips and a progress bar on top; (a) kernel
 * change over steps and (b) distance to the analytic NTK over steps; (c)
 * final kernel change against width with its fitted slope and the −1/2 and
 * −1 guides, and (d) each layer's weight change against width; (e) Θ̂₀, Θ̂_T
 * and Θ as heatmaps for one width. All training runs in the kernel-drift
 * experiment's worker; this module imports no TensorFlow.js and only draws,
 * at most every REDRAW_MS while training (and always the final snapshot),
 * redrawing a panel only when what it shows changed. Finished widths are
 * cached: a change of widths alone trains only the new ones (drift-runner.ts).
 */
import type { WidgetContext } from '../contract';
import { driftWidths, type KernelDriftData } from '../../nn/experiments/kernel-drift-schema';
import { finishedDriftWidths } from '../../nn/experiments/kernel-drift-merge';
import { createChart, type Chart } from '../../viz/chart';
import { createFigureLayout } from '../../viz/layout';
import { renderLegend } from '../../viz/legend';
import { roundAll } from '../../viz/format';
import { layerName, widthColor } from './colors';
import { createDriftHeatmaps, type HeatmapsState } from './heatmaps';
import { estimateWidthMs, measuredRate, PRIOR_MS_PER_WORK, progressText, widestRate, workFraction } from './progress';
import { drawStepsPanel, type StepsPanelResult } from './steps-panel';
import { drawKernelWidthPanel, drawLayerWidthPanel, formatSlope, type KernelWidthView, type LayerWidthView } from './width-panels';
import { aboveMaxNote } from './readout';
import { createWidthPicker } from './width-picker';
import { createDriftRunner } from './drift-runner';
import { DISPLAY_PARAMS, type KernelDriftWidgetParams } from './schema';
import './kernel-drift.css';
import { PANEL_TITLES, SAMPLES, type KernelDriftInstance, type KernelDriftSnapshot } from './snapshot';

export type { KernelDriftInstance, KernelDriftSnapshot } from './snapshot';

/** Least time between two redraws while training (ms). */
const REDRAW_MS = 250;

export function mount(stage: HTMLElement, params: KernelDriftWidgetParams, ctx: WidgetContext<KernelDriftWidgetParams>): KernelDriftInstance {
  // Widths as the worker trains them: distinct and ascending (a URL may repeat one after clamping: 99999 -> 4096).
  let p: KernelDriftWidgetParams = { ...params, widths: driftWidths(params.widths) };
  let data: KernelDriftData | undefined;
  let incoming: KernelDriftData | undefined;
  /** The data of the last complete drawing cycle (what snapshot() reports). */
  let shown: KernelDriftData | undefined;
  let active = true;
  let destroyed = false;
  let backend = '';
  let errorShown = false;
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastDraw = -Infinity;
  let draws = 0;
  let maxDrawMs = 0;
  const keys = { c: '', d: '', heat: '' };
  const doc = stage.ownerDocument;
  const id = `kd-${Math.random().toString(36).slice(2, 8)}`;

  const root = doc.createElement('div');
  root.className = 'kernel-drift';
  stage.append(root);
  const picker = createWidthPicker(root, (widths) => ctx.setParams({ widths }));
  const layout = createFigureLayout(root, 5, 300);
  layout.panels[4].root.style.flex = '1 1 100%';
  layout.readout.classList.add('kd-readout');
  const extra = layout.readout.cloneNode() as HTMLParagraphElement;
  layout.root.append(extra);
  // Panel order on the page: a, b / c, d / e (reading order; titles name them).
  layout.panels.forEach((panel, i) => {
    const title = doc.createElement('p');
    title.className = 'kd-panel-title';
    title.textContent = PANEL_TITLES[i];
    panel.root.prepend(title);
  });
  const chartOptions = { aspect: 1.45, minHeight: 200, maxHeight: 320, margin: { top: 24, right: 12, bottom: 40, left: 46 } };
  const charts: Chart[] = [
    createChart(layout.panels[0].chart, { ...chartOptions, label: 'Relative change of the empirical NTK over the training steps, one colour per width, log scale' }),
    createChart(layout.panels[1].chart, { ...chartOptions, label: 'Relative distance of the empirical NTK to the analytic NTK over the training steps, log scale' }),
    createChart(layout.panels[2].chart, { ...chartOptions, label: 'Relative kernel change after training against width, log-log axes, with the fitted slope and slopes −1/2 and −1' }),
    createChart(layout.panels[3].chart, { ...chartOptions, label: 'Relative change of each layer’s weights after training against width, log-log axes' }),
    createChart(layout.panels[4].chart, {
      aspect: 2.6, minHeight: 170, maxHeight: 340, margin: { top: 26, right: 8, bottom: 54, left: 34 },
      label: 'Heatmaps of the empirical NTK before and after training and of the analytic NTK over pairs of inputs',
    }),
  ];
  const heatmaps = createDriftHeatmaps(charts[4], layout.panels[4].legend);
  const views: { a: StepsPanelResult; b: StepsPanelResult; c: KernelWidthView; d: LayerWidthView; e: HeatmapsState } = {
    a: { yDomain: [1, 1], means: [] }, b: { yDomain: [1, 1], means: [] },
    c: { means: [], fit: null, guides: null }, d: { layers: [] }, e: { width: null, domain: null, titles: [], notes: [] },
  };

  const runner = createDriftRunner(p);
  runner.onData = (d, final) => {
    incoming = d;
    if (final) lastDraw = -Infinity;
    schedule();
  };
  runner.onState = () => status();
  runner.onError = (e) => { errorShown = true; ctx.setStatus(`Training stopped: ${e.message}`, 'error'); };
  void runner.ready.then(() => { backend = runner.backend; status(); }, () => undefined);
  if (p.widths.join() !== params.widths.join()) queueMicrotask(() => { if (!destroyed) ctx.setParams({ widths: [...p.widths] }); });

  /**
   * Drawing is split into stages, one per animation frame, so no single
   * main-thread task draws all five panels: a new snapshot is taken at the
   * start of a cycle and each stage draws its panels from it.
   */
  type Stage = 'a' | 'b' | 'c' | 'd' | 'e';
  const STAGES: readonly Stage[] = ['a', 'b', 'c', 'd', 'e'];
  const pending = new Set<Stage>();
  const panelMs: Record<Stage, number> = { a: 0, b: 0, c: 0, d: 0, e: 0 };
  /** Redraw every panel in the current cycle, unchanged or not (mount, resize). */
  let forceCycle = false;

  function schedule(): void {
    if (destroyed || frame > 0 || timer !== null) return;
    const wait = pending.size > 0 ? 0 : Math.max(0, lastDraw + REDRAW_MS - performance.now());
    const request = () => { timer = null; if (!frame && !destroyed) frame = requestAnimationFrame(render); };
    if (wait > 0) timer = setTimeout(request, wait); else request();
  }

  function render(): void {
    frame = 0;
    if (destroyed) return;
    if (pending.size === 0) {
      if (incoming === data) return;
      data = incoming;
      for (const s of STAGES) pending.add(s);
    }
    const stage = STAGES.find((s) => pending.has(s))!;
    pending.delete(stage);
    drawStage(stage, forceCycle);
    if (pending.size > 0) { schedule(); return; }
    forceCycle = false;
    finishCycle();
    lastDraw = performance.now();
    if (incoming !== data) schedule();
  }

  /** Redraw everything, one stage per frame (mount, resize). */
  function requestFullCycle(): void {
    forceCycle = true;
    data = incoming;
    for (const s of STAGES) pending.add(s);
    schedule();
  }

  function rate(): number {
    return widestRate(data, SAMPLES) ?? measuredRate(data) ?? PRIOR_MS_PER_WORK;
  }

  function legendOfWidths(): void {
    const widths = data?.widths ?? p.widths;
    const items = widths.map((w) => ({ label: `n = ${w}`, mark: 'line' as const, color: widthColor(w) }));
    const kinds = [
      { label: 'thick: mean over networks', mark: 'line' as const, color: 'currentColor', width: 2.25 },
      { label: 'thin: one network', mark: 'line' as const, color: 'currentColor', width: 1, opacity: 0.5 },
    ];
    renderLegend(layout.panels[0].legend, [...items, ...kinds]);
    renderLegend(layout.panels[1].legend, [...items, ...kinds]);
  }

  function readouts(): string[] {
    if (!data) return ['', ''];
    const fit = data.kernelFit;
    const done = data.perWidth.filter((s) => s.finished > 0);
    const span = done.length ? `widths ${done[0].width}–${done.at(-1)!.width}` : '';
    const first = fit
      ? `Kernel change ∝ n^${formatSlope(fit.slope)} (fit over ${span}, mean of ${data.seeds} network${data.seeds > 1 ? 's' : ''} each); `
        + 'Lee et al. bound it by n^−1/2.'
      : 'The fitted slope appears when two widths have finished.';
    const layers = data.layerWeightFits.map((f, l) => (f ? `${layerName(l, data!.depth)} n^${formatSlope(f.slope)}` : null))
      .filter((s): s is string => s !== null);
    const diverged = data.curves.filter((c) => c.diverged);
    const second = [
      layers.length ? `Weights move like: ${layers.join(', ')}.` : '',
      `η = ${data.learningRate.toPrecision(3)} = ${data.learningRateFraction} η_max.`,
      aboveMaxNote(data),
      diverged.length ? `${diverged.length} network${diverged.length > 1 ? 's' : ''} diverged (${[...new Set(diverged.map((c) => c.width))].map((w) => `n = ${w}`).join(', ')}) and ${diverged.length > 1 ? 'are' : 'is'} left out.` : '',
    ].filter(Boolean).join(' ');
    return [first, second];
  }

  function status(): void {
    if (destroyed || errorShown) return;
    const diverged = data?.curves.filter((c) => c.diverged).length ?? 0;
    const text = progressText(data, backend, active);
    ctx.setStatus(diverged ? `${text} · ${diverged} network${diverged > 1 ? 's' : ''} diverged (left out)` : text, diverged ? 'warn' : 'info');
  }

  function updatePicker(): void {
    const done = new Set(data ? finishedDriftWidths(data) : []);
    picker.update({
      widths: p.widths, done, training: data?.progress.current?.width ?? null,
      estimateMs: (w) => estimateWidthMs(w, p.depth, p.networks, p.steps, SAMPLES, rate()),
      fraction: workFraction(data), text: progressText(data, backend, active),
    });
  }

  function drawStage(stage: Stage, force: boolean): void {
    const t0 = performance.now();
    if (stage === 'a') views.a = drawStepsPanel(charts[0], data, 'kernelChange', `${id}-a`);
    else if (stage === 'b') views.b = drawStepsPanel(charts[1], data, 'analyticDistance', `${id}-b`);
    else if (stage === 'c' || stage === 'd') {
      const widthKey = JSON.stringify([data?.widths, data?.perWidth.map((s) => s.finished), data?.depth]);
      if (force || widthKey !== keys[stage]) {
        if (stage === 'c') {
          views.c = drawKernelWidthPanel(charts[2], layout.panels[2].legend, data);
          legendOfWidths();
        } else views.d = drawLayerWidthPanel(charts[3], layout.panels[3].legend, data);
        keys[stage] = widthKey;
      }
    } else {
      const heatKey = JSON.stringify([p.heatmapWidth, data?.steps, data?.grid.kernels.map((g) => [g.width, g.initialDistance, g.finalDistance])]);
      if (force || heatKey !== keys.heat) {
        views.e = heatmaps.draw(data, p.heatmapWidth, force);
        keys.heat = heatKey;
      }
    }
    const ms = performance.now() - t0;
    panelMs[stage] = Math.max(panelMs[stage], ms);
    maxDrawMs = Math.max(maxDrawMs, ms);
  }

  /** Readouts, chips, status, and the render event after a full cycle. */
  function finishCycle(): void {
    shown = data;
    const [r1, r2] = readouts();
    if (layout.readout.textContent !== r1) layout.readout.textContent = r1;
    if (extra.textContent !== r2) extra.textContent = r2;
    updatePicker();
    status();
    draws += 1;
    ctx.rendered();
  }

  requestFullCycle();
  charts.forEach((chart) => chart.onResize(() => requestFullCycle()));

  return {
    update(patch) {
      const before = p;
      p = { ...p, ...patch, widths: driftWidths(patch.widths ?? p.widths) };
      const changed = (Object.keys(patch) as (keyof KernelDriftWidgetParams)[])
        .filter((k) => JSON.stringify(patch[k]) !== JSON.stringify(before[k]));
      if (changed.length === 0) return;
      if (changed.some((k) => !DISPLAY_PARAMS.includes(k))) {
        runner.apply(p);
        updatePicker();
      }
      if (changed.every((k) => DISPLAY_PARAMS.includes(k))) {
        drawStage('e', false);
        finishCycle();
      }
    },
    setActive(on) {
      if (on === active) return;
      active = on;
      runner.setActive(on);
      status();
      updatePicker();
    },
    reset() { runner.apply(p, true); },
    snapshot(): KernelDriftSnapshot {
      const g = views.e.width != null ? data?.grid.kernels.find((k) => k.width === views.e.width) ?? null : null;
      return structuredClone({
        params: { ...p },
        backend,
        state: runner.state,
        unitsDone: runner.units.done,
        totalUnits: runner.units.total,
        runWidths: [...runner.runWidths],
        cachedWidths: runner.cachedWidths,
        widths: shown?.widths ?? [],
        widthsDone: shown?.progress.widthsDone ?? 0,
        training: shown?.progress.current ?? null,
        learningRate: shown?.learningRate ?? null,
        maxLearningRate: shown?.maxLearningRate ?? null,
        kernelChange: views.c,
        slope: views.c.fit?.slope ?? null,
        kernelChangeOverSteps: views.a.means.map((m) => ({ ...m, value: roundAll(m.value) })),
        analyticDistanceOverSteps: views.b.means.map((m) => ({ ...m, value: roundAll(m.value) })),
        layerWeights: views.d,
        heatmaps: {
          ...views.e,
          initial: g?.initial ?? null, final: g?.final ?? null, analytic: shown?.grid.analytic ?? [],
        },
        diverged: (shown?.curves ?? []).filter((c) => c.diverged).map((c) => ({ width: c.width, seed: c.seed, step: c.diverged!.step })),
        widthMs: (shown?.perWidth ?? []).map((w) => ({ width: w.width, ms: w.computeMs, finished: w.finished })),
        readout: [layout.readout.textContent ?? '', extra.textContent ?? ''],
        draws,
        maxDrawMs,
        panelMs: { ...panelMs },
      });
    },
    workerMemory: () => runner.memory(),
    destroy() {
      destroyed = true;
      if (frame) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
      void runner.dispose();
      charts.forEach((chart) => chart.destroy());
      picker.destroy();
      layout.destroy();
      root.remove();
    },
  };
}
