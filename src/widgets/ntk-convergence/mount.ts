/**
 * ntk-convergence widget: the heatmaps of one network's empirical NTK, the
 * analytic NTK and their difference (top), and the relative error against
 * width for several seeds on log-log axes (bottom). Two experiment workers
 * compute everything (workers.ts); this module imports no TensorFlow.js and
 * only draws, at most once per animation frame, with the running sweep
 * redrawn at most every SWEEP_REDRAW_MS.
 */
import type { WidgetContext, WidgetInstance } from '../contract';
import type { NtkHeatmapsData } from '../../nn/experiments/ntk-heatmaps';
import type { NtkConvergenceData } from '../../nn/experiments/ntk-convergence';
import type { MemoryInfo } from '../../nn/worker/client';
import { createChart } from '../../viz/chart';
import { createFigureLayout } from '../../viz/layout';
import { roundAll, roundSig } from '../../viz/format';
import { colorScales, createHeatmapsView } from './heatmaps-view';
import { drawLogLogPanel, type SweepView } from './loglog-panel';
import { errorReadout, methodsReadout, sweepReadout } from './readouts';
import type { NtkConvergenceWidgetParams } from './schema';
import { createWorkers, SWEEP_KEYS, SWEEP_SEEDS, SWEEP_WIDTHS } from './workers';

/** Least time between two redraws of the running sweep (ms): fewer main-thread tasks while workers compute. */
const SWEEP_REDRAW_MS = 300;

export interface NtkConvergenceSnapshot {
  params: NtkConvergenceWidgetParams;
  backend: string;
  heat: (Omit<NtkHeatmapsData, 'analytic' | 'empirical' | 'difference'> & {
    analytic: number[][]; empirical: number[][] | null; difference: number[][] | null;
  }) | null;
  colors: { kernelDomain: [number, number]; differenceRange: number } | null;
  sweep: (SweepView & { meanError: (number | null)[]; unitsDone: number; totalUnits: number }) | null;
  readouts: string[];
}

/** The instance, plus the tfjs memory counters of its two workers (leak tests, diagnostics). */
export interface NtkConvergenceInstance extends WidgetInstance<NtkConvergenceWidgetParams> {
  workerMemory(): Promise<{ heatmaps: MemoryInfo; sweep: MemoryInfo }>;
}

export function mount(
  stage: HTMLElement, params: NtkConvergenceWidgetParams, ctx: WidgetContext<NtkConvergenceWidgetParams>,
): NtkConvergenceInstance {
  let p: NtkConvergenceWidgetParams = { ...params };
  /** What is drawn (snapshot() reports these) ... */
  let heat: NtkHeatmapsData | undefined;
  let sweep: NtkConvergenceData | undefined;
  let sweepProgress: { done: number; total: number } | null = null;
  /** ... and what arrived from the workers since (drawn at the next frame). */
  let incoming: { heat: NtkHeatmapsData | undefined; sweep: NtkConvergenceData | undefined; progress: { done: number; total: number } | null } = {
    heat: undefined, sweep: undefined, progress: null,
  };
  let active = true;
  let destroyed = false;
  let lastStatus = '';
  /** What needs drawing at the next frame; the pending animation frame (0: none) and throttle timer. */
  const dirty = { heat: false, sweep: false };
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSweepDraw = -Infinity;

  const layout = createFigureLayout(stage, 2, 100_000);
  const [heatPanel, sweepPanel] = layout.panels;
  const heatmaps = createHeatmapsView(heatPanel);
  const sweepChart = createChart(sweepPanel.chart, {
    aspect: 2.4, minHeight: 220, maxHeight: 340, margin: { top: 24, right: 16, bottom: 40, left: 48 },
    label: 'Relative error of the empirical NTK against width, log-log axes',
  });
  const extraReadouts = [0, 1].map(() => {
    const line = layout.readout.cloneNode() as HTMLParagraphElement;
    layout.root.append(line);
    return line;
  });
  const readoutLines = [layout.readout, ...extraReadouts];

  const workers = createWorkers(p, {
    heat: (d) => { incoming.heat = d; dirty.heat = true; dirty.sweep = true; schedule(); },
    sweep: (d, info) => {
      incoming.sweep = d;
      incoming.progress = { done: info.unitsDone, total: info.totalUnits };
      dirty.sweep = true;
      // Redraw the sweep at most every SWEEP_REDRAW_MS while it runs; always draw its last snapshot.
      if (info.final || info.unitsDone >= info.totalUnits) lastSweepDraw = -Infinity;
      schedule();
    },
    error: (e) => ctx.setStatus(`computation failed: ${e.message}`, 'error'),
  });
  void workers.ready.then(() => status(), () => undefined);

  /** Draw what changed, once per animation frame at most (both workers' snapshots coalesced). */
  function schedule(): void {
    if (destroyed) return;
    const wait = dirty.heat ? 0 : Math.max(0, lastSweepDraw + SWEEP_REDRAW_MS - performance.now());
    if (frame > 0 || (timer !== null && wait > 0)) return;
    if (timer !== null) { clearTimeout(timer); timer = null; }
    const request = () => { timer = null; if (!frame) frame = requestAnimationFrame(render); };
    if (wait > 0) timer = setTimeout(request, wait); else request();
  }

  function render(): void {
    frame = 0;
    if (destroyed) return;
    if (dirty.heat) { heat = incoming.heat; heatmaps.draw(heat); }
    if (dirty.sweep) {
      sweep = incoming.sweep;
      sweepProgress = incoming.progress;
      drawSweep();
      lastSweepDraw = performance.now();
    }
    dirty.heat = false;
    dirty.sweep = false;
    drawReadouts();
    status();
    ctx.rendered();
  }

  function sweepView(): SweepView | null {
    if (!sweep) return null;
    return { widths: sweep.widths, errors: sweep.errors, seeds: SWEEP_SEEDS, fit: sweep.fit };
  }

  function drawSweep(): void {
    drawLogLogPanel(sweepChart, sweepPanel.legend, sweepView(), heat ? { width: heat.width, error: heat.relativeError } : { width: p.width, error: null });
  }

  function readoutTexts(): string[] {
    return [errorReadout(heat), methodsReadout(heat), sweepReadout(sweepView() ?? undefined, sweepProgress)];
  }

  function drawReadouts(): void {
    readoutTexts().forEach((t, i) => { if (readoutLines[i].textContent !== t) readoutLines[i].textContent = t; });
  }

  function status(): void {
    if (destroyed) return;
    if (heat?.refusal) {
      if (lastStatus !== heat.refusal) ctx.setStatus(heat.refusal, 'warn');
      lastStatus = heat.refusal;
      return;
    }
    const backend = workers.backend();
    const kernels = !heat || heat.stage !== 'done' ? 'computing the kernels' : 'kernels ready';
    const sweepText = sweepProgress && sweepProgress.done < sweepProgress.total
      ? `sweep ${sweepProgress.done}/${sweepProgress.total} networks`
      : sweepProgress ? 'sweep done' : 'sweep starting';
    const text = `${backend ? `${backend} · ` : ''}${kernels} · ${sweepText}${active ? '' : ' (paused off-screen)'}`;
    if (text !== lastStatus) ctx.setStatus(text, 'info');
    lastStatus = text;
  }

  heatmaps.draw(undefined);
  drawSweep();
  drawReadouts();
  ctx.rendered();
  heatmaps.chart.onResize(() => heatmaps.draw(heat, true));
  sweepChart.onResize(() => drawSweep());

  return {
    update(patch) {
      const before = p;
      p = { ...p, ...patch };
      const changed = (Object.keys(patch) as (keyof NtkConvergenceWidgetParams)[]).filter((k) => patch[k] !== before[k]);
      if (changed.length === 0) return;
      if (changed.some((k) => SWEEP_KEYS.includes(k))) incoming = { ...incoming, sweep: undefined, progress: null };
      workers.update(p, changed);
      dirty.sweep = true;
      lastSweepDraw = -Infinity;
      schedule();
    },
    setActive(on) {
      if (on === active) return;
      active = on;
      workers.setActive(on);
      status();
    },
    snapshot(): NtkConvergenceSnapshot {
      const scales = heat ? colorScales(heat) : null;
      const view = sweepView();
      return {
        params: { ...p },
        backend: workers.backend(),
        heat: heat ? { ...heat } : null,
        colors: scales ? { kernelDomain: [roundSig(scales.domain[0]), roundSig(scales.domain[1])], differenceRange: roundSig(scales.range) } : null,
        sweep: view && sweep ? {
          ...view, meanError: sweep.meanError, unitsDone: sweepProgress?.done ?? 0, totalUnits: sweepProgress?.total ?? SWEEP_WIDTHS.length * SWEEP_SEEDS,
          errors: view.errors.map((e) => roundAll(e)),
        } : null,
        readouts: readoutTexts(),
      };
    },
    workerMemory: () => workers.memory(),
    destroy() {
      destroyed = true;
      if (frame > 0) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
      workers.dispose();
      heatmaps.destroy();
      sweepChart.destroy();
      layout.destroy();
    },
  };
}
