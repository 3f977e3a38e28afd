/**
 * phase-diagram widget. The heatmap grid is computed once per activation
 * (cached in this instance) and rasterized once per (activation, colour);
 * moving the marker only recomputes the correlations at one point, so
 * dragging redraws at once.
 */
import type { WidgetContext, WidgetInstance } from '../contract';
import { createChart } from '../../viz/chart';
import { createFigureLayout } from '../../viz/layout';
import { renderColorbar } from '../../viz/colorbar';
import { rasterize } from '../../viz/heatmap';
import { formatReadout, roundAll, roundSig } from '../../viz/format';
import { computeGrid, computeMarker, type MarkerData, type PhaseGrid } from './compute';
import { chi1Color, colorbarFor, depthScaleColor, MISSING_COLOR, paintable } from './colors';
import { drawHeatmapPanel, type PlaneScales } from './heatmap-panel';
import { drawDepthPanel } from './depth-panel';
import { attachPlaneInteraction } from './interaction';
import type { PhaseDiagramParams } from './schema';

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
  grid: { weightVariance: number[]; biasVariance: number[]; resolution: [number, number]; computeMs: number };
  criticalLine: { weightVariance: number[]; biasVariance: number[] };
}

export function mount(
  stage: HTMLElement, params: PhaseDiagramParams, ctx: WidgetContext<PhaseDiagramParams>,
): WidgetInstance<PhaseDiagramParams> {
  let p: PhaseDiagramParams = { ...params };
  const grids = new Map<string, PhaseGrid>();
  const rasters = new Map<string, string>();
  let grid: PhaseGrid;
  let marker: MarkerData;
  let scales: PlaneScales | null = null;
  let warned = false;

  const layout = createFigureLayout(stage, 2, 280);
  const [planePanel, depthPanel] = layout.panels;
  const planeChart = createChart(planePanel.chart, {
    aspect: 1.3, minHeight: 240, maxHeight: 380, label: 'Phase diagram of weight and bias variances', margin: { right: 18 },
  });
  const depthChart = createChart(depthPanel.chart, {
    aspect: 1.3, minHeight: 240, maxHeight: 380, label: 'Correlation of two inputs over layers',
  });
  const interaction = attachPlaneInteraction(planeChart, () => scales, () => p, (patch) => ctx.setParams(patch));

  function currentGrid(): PhaseGrid {
    let g = grids.get(p.activation);
    if (!g) { g = computeGrid(p.activation); grids.set(p.activation, g); }
    return g;
  }

  function currentRaster(): string {
    const key = `${p.activation}|${p.color}`;
    let r = rasters.get(key);
    if (r === undefined) {
      const color = p.color === 'chi1' ? 'chi1' : 'depthScale';
      const values = (color === 'chi1' ? grid.chi1 : grid.depthScale).map((row) => row.map((v) => paintable(v, color)));
      r = rasterize(values, color === 'chi1' ? chi1Color : depthScaleColor, MISSING_COLOR);
      rasters.set(key, r);
    }
    return r;
  }

  function drawPlane(): void {
    scales = drawHeatmapPanel(planeChart, grid, currentRaster(), p);
    const color = p.color === 'chi1' ? 'chi1' : 'depthScale';
    const hasMissing = (color === 'chi1' ? grid.chi1 : grid.depthScale).some((row) => row.some((v) => Number.isNaN(v)));
    renderColorbar(planePanel.legend, colorbarFor(color, hasMissing));
    planeChart.svg.setAttribute('aria-label',
      `Phase diagram. Marker at weight variance ${p.weightVariance}, bias variance ${p.biasVariance}. `
      + 'Drag, or use the arrow keys (Shift for larger steps), to move it.');
  }

  function draw(): void {
    drawPlane();
    drawDepthPanel(depthChart, depthPanel.legend, marker);
    const phaseText = marker.phase === 'critical' ? 'critical (χ₁ ≈ 1)' : marker.phase === 'ordered' ? 'ordered (χ₁ < 1)' : 'chaotic (χ₁ > 1)';
    layout.readout.textContent = `σ_w² = ${p.weightVariance}, σ_b² = ${p.biasVariance}: χ₁ = ${formatReadout(marker.chi1)}`
      + ` · depth scale ξ_c = ${formatReadout(marker.depthScale)} layers · c* = ${formatReadout(marker.cStar)} · phase: ${phaseText}`;
    const problem = marker.problems.join(' ');
    depthChart.message(marker.correlations.some(Number.isFinite) ? null : 'correlation undefined here');
    if (problem) { ctx.setStatus(problem, 'warn'); warned = true; } else if (warned) { ctx.setStatus('', 'info'); warned = false; }
  }

  function recompute(): void {
    grid = currentGrid();
    marker = computeMarker(p);
    draw();
    ctx.rendered();
  }

  recompute();
  planeChart.onResize(() => drawPlane());
  depthChart.onResize(() => drawDepthPanel(depthChart, depthPanel.legend, marker));

  return {
    update(patch) {
      p = { ...p, ...patch };
      recompute();
    },
    snapshot(): PhaseDiagramSnapshot {
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
          weightVariance: roundAll(grid.weightVariance),
          biasVariance: roundAll(grid.biasVariance),
          resolution: [grid.weightVariance.length, grid.biasVariance.length],
          computeMs: roundSig(grid.computeMs, 3),
        },
        criticalLine: {
          weightVariance: roundAll(grid.criticalLine.map((pt) => pt.weightVariance)),
          biasVariance: roundAll(grid.criticalLine.map((pt) => pt.biasVariance)),
        },
      };
    },
    destroy() {
      interaction.destroy();
      planeChart.destroy();
      depthChart.destroy();
      layout.destroy();
    },
  };
}
