/**
 * ntk-convergence widget. Two experiment workers do all the numerical work
 * (this module imports no TensorFlow.js):
 *  - `ntk-heatmaps` computes the empirical NTK of one network at the chosen
 *    width (structured or generic, with the other method for comparison) and
 *    the analytic NTK; it restarts on every parameter change;
 *  - `ntk-convergence` sweeps widths 32..4096 with several networks each, on
 *    the same grid and architecture, one network per unit of work, so widths
 *    appear one by one; it restarts only when the architecture or the seed
 *    changes (not for width or method).
 * The main thread rasterizes three small heatmaps and draws the log-log plot.
 */
import type { WidgetContext, WidgetInstance } from '../contract';
import type { NtkHeatmapsData } from '../../nn/experiments/ntk-heatmaps';
import type { NtkConvergenceData } from '../../nn/experiments/ntk-convergence';
import { createExperimentClient, type ExperimentClient, type ExperimentError } from '../../nn/worker/client';
import { createChart } from '../../viz/chart';
import { renderColorbar } from '../../viz/colorbar';
import { rasterize } from '../../viz/heatmap';
import { createFigureLayout } from '../../viz/layout';
import { roundAll, roundSig } from '../../viz/format';
import { differenceColor, differenceColorbar, differenceRange, kernelColor, kernelColorbar, kernelDomain } from './colors';
import { drawHeatmapStrip, formatWidth, type HeatmapView } from './heatmap-panel';
import { drawLogLogPanel, type SweepView } from './loglog-panel';
import { errorReadout, methodsReadout, sweepReadout } from './readouts';
import type { NtkConvergenceWidgetParams } from './schema';

/** Grid inputs N of the heatmaps (and of the sweep, so both measure the same error). */
export const GRID_POINTS = 24;
/** Networks per width in the sweep. */
export const SWEEP_SEEDS = 5;
/** Widths of the sweep: powers of two from 32 to 4096. */
export const SWEEP_WIDTHS = [32, 64, 128, 256, 512, 1024, 2048, 4096];

/** Parameters that restart the sweep (width and method do not). */
const SWEEP_KEYS = ['depth', 'activation', 'weightVariance', 'biasVariance', 'seed'] as const;

function heatParams(p: NtkConvergenceWidgetParams) {
  return {
    width: p.width, depth: p.depth, activation: p.activation, weightVariance: p.weightVariance, biasVariance: p.biasVariance,
    points: GRID_POINTS, method: p.method, compare: true, embedding: 'circle', seed: p.seed,
  };
}

function sweepParams(p: NtkConvergenceWidgetParams) {
  return {
    widths: SWEEP_WIDTHS, seeds: SWEEP_SEEDS, depth: p.depth, activation: p.activation,
    weightVariance: p.weightVariance, biasVariance: p.biasVariance, points: GRID_POINTS,
    embedding: 'circle', inputs: 'grid', seed: p.seed,
  };
}

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

export function mount(
  stage: HTMLElement, params: NtkConvergenceWidgetParams, ctx: WidgetContext<NtkConvergenceWidgetParams>,
): WidgetInstance<NtkConvergenceWidgetParams> {
  let p: NtkConvergenceWidgetParams = { ...params };
  let heat: NtkHeatmapsData | undefined;
  let sweep: NtkConvergenceData | undefined;
  let sweepProgress: { done: number; total: number } | null = null;
  let active = true;
  let destroyed = false;
  let lastStatus = '';

  const layout = createFigureLayout(stage, 2, 100_000);
  const [heatPanel, sweepPanel] = layout.panels;
  const bars = stage.ownerDocument.createElement('div');
  Object.assign(bars.style, { display: 'flex', flexWrap: 'wrap', gap: '4px 28px' });
  const kernelBar = stage.ownerDocument.createElement('div');
  const differenceBar = stage.ownerDocument.createElement('div');
  bars.append(kernelBar, differenceBar);
  heatPanel.legend.append(bars);
  const heatChart = createChart(heatPanel.chart, {
    aspect: 2.5, minHeight: 150, maxHeight: 380, margin: { top: 26, right: 8, bottom: 40, left: 34 },
    label: 'Heatmaps of the empirical NTK, the analytic NTK and their difference over pairs of inputs',
  });
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

  const heatClient = createExperimentClient<NtkHeatmapsData>('ntk-heatmaps', heatParams(p));
  const sweepClient = createExperimentClient<NtkConvergenceData>('ntk-convergence', sweepParams(p));
  const onError = (e: ExperimentError) => ctx.setStatus(`computation failed: ${e.message}`, 'error');
  heatClient.onError = onError;
  sweepClient.onError = onError;
  heatClient.onSnapshot = (d) => { heat = d; drawHeat(); drawSweep(); drawReadouts(); status(); ctx.rendered(); };
  sweepClient.onSnapshot = (d, info) => {
    sweep = d;
    sweepProgress = { done: info.unitsDone, total: info.totalUnits };
    drawSweep(); drawReadouts(); status(); ctx.rendered();
  };
  sweepClient.onProgress = (pr) => { sweepProgress = { done: pr.unitsDone, total: pr.totalUnits }; status(); };
  heatClient.run();
  sweepClient.run();
  void Promise.all([heatClient.ready, sweepClient.ready]).then(() => status(), () => undefined);

  function sweepView(): SweepView | null {
    if (!sweep) return null;
    return { widths: sweep.widths, errors: sweep.errors, seeds: SWEEP_SEEDS, fit: sweep.fit };
  }

  function colorScales(d: NtkHeatmapsData): { domain: [number, number]; range: number } {
    return { domain: kernelDomain(d.analytic, d.empirical), range: differenceRange(d.analytic) };
  }

  function drawHeat(): void {
    const d = heat;
    const views: HeatmapView[] = [
      { key: 'empirical', title: 'Θ̂ (empirical)', href: '', message: 'computing…' },
      { key: 'analytic', title: 'Θ (analytic, n → ∞)', href: '', message: 'computing…' },
      { key: 'difference', title: 'Θ̂ − Θ', href: '', message: 'computing…' },
    ];
    if (d) {
      const { domain, range } = colorScales(d);
      const kc = kernelColor(domain);
      views[0].title = `Θ̂ at width ${formatWidth(d.width)}`;
      views[1].href = rasterize(d.analytic, kc);
      if (d.empirical && d.difference) {
        views[0].href = rasterize(d.empirical, kc);
        views[2].href = rasterize(d.difference, differenceColor(range));
      } else if (d.refusal) {
        views[0].message = d.refusal;
        views[2].message = 'no empirical kernel';
      } else {
        views[0].message = d.stage === 'generic' ? `Jacobian rows ${d.generic.rowsDone}/${d.xs.length}…` : 'computing…';
      }
      const barWidth = Math.max(120, Math.min(220, heatChart.size().width / 2 - 60));
      renderColorbar(kernelBar, kernelColorbar(domain, barWidth));
      renderColorbar(differenceBar, differenceColorbar(range, barWidth));
    }
    drawHeatmapStrip(heatChart, d?.xs ?? [], views);
  }

  function drawSweep(): void {
    drawLogLogPanel(sweepChart, sweepPanel.legend, sweepView(), heat ? { width: heat.width, error: heat.relativeError } : { width: p.width, error: null });
  }

  function readoutTexts(): string[] {
    return [errorReadout(heat), methodsReadout(heat), sweepReadout(sweepView() ?? undefined, sweepProgress)];
  }

  function drawReadouts(): void {
    readoutTexts().forEach((t, i) => { readoutLines[i].textContent = t; });
  }

  function status(): void {
    if (destroyed) return;
    if (heat?.refusal) {
      if (lastStatus !== heat.refusal) ctx.setStatus(heat.refusal, 'warn');
      lastStatus = heat.refusal;
      return;
    }
    const backend = heatClient.backend || sweepClient.backend;
    const kernels = !heat || heat.stage !== 'done' ? 'computing the kernels' : 'kernels ready';
    const sweepText = sweepProgress && sweepProgress.done < sweepProgress.total
      ? `sweep ${sweepProgress.done}/${sweepProgress.total} networks`
      : sweepProgress ? 'sweep done' : 'sweep starting';
    const text = `${backend ? `${backend} · ` : ''}${kernels} · ${sweepText}${active ? '' : ' (paused off-screen)'}`;
    if (text !== lastStatus) ctx.setStatus(text, 'info');
    lastStatus = text;
  }

  drawHeat();
  drawSweep();
  drawReadouts();
  ctx.rendered();
  heatChart.onResize(() => drawHeat());
  sweepChart.onResize(() => drawSweep());

  return {
    update(patch) {
      const before = p;
      p = { ...p, ...patch };
      const changed = (Object.keys(patch) as (keyof NtkConvergenceWidgetParams)[]).filter((k) => patch[k] !== before[k]);
      if (changed.length === 0) return;
      heatClient.setParams(heatParams(p));
      if (active) heatClient.run();
      if (changed.some((k) => (SWEEP_KEYS as readonly string[]).includes(k))) {
        sweep = undefined;
        sweepProgress = null;
        sweepClient.setParams(sweepParams(p));
        if (active) sweepClient.run();
      }
      drawSweep();
      drawReadouts();
      status();
      ctx.rendered();
    },
    setActive(on) {
      if (on === active) return;
      active = on;
      for (const client of [heatClient, sweepClient] as ExperimentClient<unknown>[]) {
        if (on) client.run();
        else client.pause();
      }
      status();
    },
    snapshot(): NtkConvergenceSnapshot {
      const scales = heat ? colorScales(heat) : null;
      const view = sweepView();
      return {
        params: { ...p },
        backend: heatClient.backend,
        heat: heat ? { ...heat } : null,
        colors: scales ? { kernelDomain: [roundSig(scales.domain[0]), roundSig(scales.domain[1])], differenceRange: roundSig(scales.range) } : null,
        sweep: view && sweep ? {
          ...view, meanError: sweep.meanError, unitsDone: sweepProgress?.done ?? 0, totalUnits: sweepProgress?.total ?? SWEEP_WIDTHS.length * SWEEP_SEEDS,
          errors: view.errors.map((e) => roundAll(e)),
        } : null,
        readouts: readoutTexts(),
      };
    },
    destroy() {
      destroyed = true;
      void heatClient.dispose();
      void sweepClient.dispose();
      heatChart.destroy();
      sweepChart.destroy();
      layout.destroy();
    },
  };
}
