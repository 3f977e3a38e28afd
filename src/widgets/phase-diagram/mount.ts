/**
 * phase-diagram widget. The heatmap grid is computed progressively per
 * activation (grid-job.ts, coarse to fine in short slices) and cached in this
 * instance; rasters are cached per (activation, colour, level). Moving the
 * marker only recomputes the correlations at one point, so dragging redraws
 * at once and never waits for the grid.
 */
import type { WidgetContext, WidgetInstance } from '../contract';
import { createChart } from '../../viz/chart';
import { createFigureLayout } from '../../viz/layout';
import { renderColorbar } from '../../viz/colorbar';
import { renderLegend } from '../../viz/legend';
import { rasterize } from '../../viz/heatmap';
import { formatReadout, roundAll, roundSig } from '../../viz/format';
import { BIAS_RANGE, computeMarker, GRID_RESOLUTION, WEIGHT_RANGE, type MarkerData, type Phase } from './compute';
import { createGridJob, type GridJob } from './grid-job';
import { chi1Color, colorbarFor, depthScaleColor, MISSING_COLOR, paintable } from './colors';
import { drawHeatmapPanel, type PlaneScales } from './heatmap-panel';
import { drawDepthPanel } from './depth-panel';
import { attachPlaneInteraction } from './interaction';
import type { PhaseDiagramParams } from './schema';

/** Milliseconds of grid computation per slice (the rest of the frame stays free). */
const SLICE_MS = 8;

export interface PhaseDiagramSnapshot {
  activation: string;
  color: string;
  weightVariance: number;
  biasVariance: number;
  chi1: number;
  depthScale: number;
  cStar: number;
  qStar: number;
  phase: string;
  correlations: number[];
  grid: {
    /** False while the heatmap is still being refined. */
    complete: boolean;
    /** Stride of the drawn level in fine cells (0: nothing drawn yet). */
    stride: number;
    progress: number;
    resolution: [number, number];
    weightVariance: number[];
    biasVariance: number[];
    computeMs: number;
    /** Slices of grid work so far: count, median and longest duration (ms). */
    slices: { count: number; medianMs: number; maxMs: number };
  };
  criticalLine: { weightVariance: number[]; biasVariance: number[] };
}

type ColorBy = 'chi1' | 'depthScale';

function sliceStats(ms: readonly number[]): { count: number; medianMs: number; maxMs: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    count: sorted.length,
    medianMs: roundSig(sorted[Math.floor(sorted.length / 2)] ?? 0, 3),
    maxMs: roundSig(sorted[sorted.length - 1] ?? 0, 3),
  };
}

const PHASE_TEXT: Record<Phase, string> = {
  ordered: 'ordered (χ₁ < 1)',
  chaotic: 'chaotic (χ₁ > 1)',
  critical: 'critical (χ₁ ≈ 1)',
  unbounded: 'none: the variance grows without bound (q* = ∞)',
};

export function mount(
  stage: HTMLElement, params: PhaseDiagramParams, ctx: WidgetContext<PhaseDiagramParams>,
): WidgetInstance<PhaseDiagramParams> {
  let p: PhaseDiagramParams = { ...params };
  const jobs = new Map<string, GridJob>();
  const rasters = new Map<string, { stride: number; href: string }>();
  let marker: MarkerData;
  let scales: PlaneScales | null = null;
  let warned = false;
  let active = true;
  let destroyed = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const layout = createFigureLayout(stage, 2, 280);
  const [planePanel, depthPanel] = layout.panels;
  const planeChart = createChart(planePanel.chart, {
    aspect: 1.3, minHeight: 240, maxHeight: 380, label: 'Phase diagram of weight and bias variances', margin: { right: 18 },
  });
  const depthChart = createChart(depthPanel.chart, {
    aspect: 1.3, minHeight: 240, maxHeight: 380, label: 'Correlation of two inputs over layers',
  });
  const interaction = attachPlaneInteraction(planeChart, () => scales, () => p, (patch) => ctx.setParams(patch));
  const colorBy = (): ColorBy => (p.color === 'chi1' ? 'chi1' : 'depthScale');

  function job(): GridJob {
    let j = jobs.get(p.activation);
    if (!j) {
      j = createGridJob({ activation: p.activation, weightRange: WEIGHT_RANGE, biasRange: BIAS_RANGE, resolution: GRID_RESOLUTION });
      jobs.set(p.activation, j);
    }
    return j;
  }

  function raster(): string {
    const grid = job().current();
    if (!grid) return '';
    const key = `${p.activation}|${colorBy()}`;
    const cached = rasters.get(key);
    if (cached && cached.stride === grid.stride) return cached.href;
    const color = colorBy();
    const values = (color === 'chi1' ? grid.chi1 : grid.depthScale).map((row) => row.map((v) => paintable(v, color)));
    const href = rasterize(values, color === 'chi1' ? chi1Color : depthScaleColor, MISSING_COLOR);
    rasters.set(key, { stride: grid.stride, href });
    return href;
  }

  function drawPlane(): void {
    const j = job();
    const grid = j.current();
    scales = drawHeatmapPanel(planeChart, grid, raster(), p);
    const color = colorBy();
    const hasMissing = !!grid && (color === 'chi1' ? grid.chi1 : grid.depthScale).some((row) => row.some((v) => Number.isNaN(v)));
    renderColorbar(planePanel.legend, colorbarFor(color, hasMissing));
    renderLegend(planePanel.legend, [
      { label: 'critical line χ₁ = 1', mark: 'line', color: 'currentColor', dash: '6 3', width: 1.75 },
      { label: 'marker: drag it, or focus and use the arrow keys', mark: 'point', color: 'white' },
    ]);
    planeChart.message(grid ? null : `computing the phase diagram… ${Math.round(100 * j.progress())}%`);
    planeChart.svg.setAttribute('aria-label',
      `Phase diagram. Marker at weight variance ${p.weightVariance}, bias variance ${p.biasVariance}. `
      + 'Drag, or use the arrow keys (Shift for larger steps), to move it.');
  }

  function draw(): void {
    drawPlane();
    drawDepthPanel(depthChart, depthPanel.legend, marker);
    const phaseText = Number.isNaN(marker.chi1) ? '—' : PHASE_TEXT[marker.phase];
    const xi = marker.phase === 'unbounded' ? '— (no fixed point)' : `${formatReadout(marker.depthScale)} layers`;
    layout.readout.textContent = `σ_w² = ${p.weightVariance}, σ_b² = ${p.biasVariance}: χ₁ = ${formatReadout(marker.chi1)}`
      + ` · depth scale ξ_c = ${xi} · c* = ${formatReadout(marker.cStar)} · phase: ${phaseText}`;
    depthChart.message(marker.correlations.some(Number.isFinite) ? null : 'correlation undefined here');
    const problem = marker.problems.join(' ');
    const note = marker.notes.join(' ');
    if (problem) { ctx.setStatus(problem, 'warn'); warned = true; }
    else if (note) { ctx.setStatus(note, 'info'); warned = true; }
    else if (warned) { ctx.setStatus('', 'info'); warned = false; }
  }

  /** One slice of grid work; repaint the plane when a level completes. Background: no ctx.rendered(). */
  function pump(): void {
    timer = null;
    if (destroyed || !active) return;
    const j = job();
    const levelDone = j.run(SLICE_MS);
    if (levelDone || !j.current()) drawPlane();
    schedule();
  }

  function schedule(): void {
    if (timer !== null || destroyed || !active || job().done()) return;
    timer = setTimeout(pump, 0);
  }

  function recompute(): void {
    marker = computeMarker(p);
    draw();
    ctx.rendered();
    schedule();
  }

  // The first slice runs at mount, so fast activations (ReLU) show at once.
  job().run(SLICE_MS);
  recompute();
  planeChart.onResize(() => drawPlane());
  depthChart.onResize(() => drawDepthPanel(depthChart, depthPanel.legend, marker));

  return {
    update(patch) {
      p = { ...p, ...patch };
      recompute();
    },
    setActive(on) {
      active = on;
      if (on) schedule();
      else if (timer !== null) { clearTimeout(timer); timer = null; }
    },
    snapshot(): PhaseDiagramSnapshot {
      const j = job();
      const grid = j.current();
      return {
        activation: p.activation,
        color: p.color,
        weightVariance: p.weightVariance,
        biasVariance: p.biasVariance,
        chi1: roundSig(marker.chi1),
        depthScale: roundSig(marker.depthScale),
        cStar: roundSig(marker.cStar),
        qStar: roundSig(marker.qStar),
        phase: marker.phase,
        correlations: roundAll(marker.correlations),
        grid: {
          complete: j.done(),
          stride: grid?.stride ?? 0,
          progress: roundSig(j.progress(), 3),
          resolution: GRID_RESOLUTION,
          weightVariance: roundAll(grid?.weightVariance ?? []),
          biasVariance: roundAll(grid?.biasVariance ?? []),
          computeMs: roundSig(j.elapsedMs(), 3),
          slices: sliceStats(j.sliceMs()),
        },
        criticalLine: {
          weightVariance: roundAll((grid?.criticalLine ?? []).map((pt) => pt.weightVariance)),
          biasVariance: roundAll((grid?.criticalLine ?? []).map((pt) => pt.biasVariance)),
        },
      };
    },
    destroy() {
      destroyed = true;
      if (timer !== null) clearTimeout(timer);
      interaction.destroy();
      planeChart.destroy();
      depthChart.destroy();
      layout.destroy();
    },
  };
}
