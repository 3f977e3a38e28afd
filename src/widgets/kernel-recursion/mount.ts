/**
 * kernel-recursion widget: composes the core's kernels with the two panels.
 * Data flows one way: params -> computeKernelRecursion -> draw; the widget
 * never edits its own parameters.
 */
import type { WidgetContext, WidgetInstance } from '../contract';
import { createChart } from '../../viz/chart';
import { createFigureLayout } from '../../viz/layout';
import { formatReadout, roundAll, roundSig } from '../../viz/format';
import { computeKernelRecursion, THETA0, type KernelRecursionData } from './compute';
import { drawKernelPanel } from './kernel-panel';
import { drawMapPanel } from './map-panel';
import type { KernelRecursionParams } from './schema';

export interface KernelRecursionSnapshot {
  theta: number[];
  depth: number;
  normalize: boolean;
  /** Drawn curves of the chosen depth (null when that kernel is hidden). */
  nngp: number[] | null;
  ntk: number[] | null;
  shallower: { depth: number; nngp: number[] | null; ntk: number[] | null }[];
  c: number[];
  F: number[];
  cStar: number;
  chi1: number;
  qStar: number;
  theta0: number;
  iterates: number[];
}

export function mount(
  stage: HTMLElement, params: KernelRecursionParams, ctx: WidgetContext<KernelRecursionParams>,
): WidgetInstance<KernelRecursionParams> {
  let p: KernelRecursionParams = { ...params };
  let data: KernelRecursionData;
  let warned = false;
  const layout = createFigureLayout(stage, 2, 280);
  const kernelChart = createChart(layout.panels[0].chart, {
    aspect: 1.3, minHeight: 240, maxHeight: 380, label: 'Kernel against the angle between two inputs',
  });
  const mapChart = createChart(layout.panels[1].chart, {
    aspect: 1.3, minHeight: 240, maxHeight: 380, label: 'Correlation map with its fixed point and cobweb',
  });

  function draw(): void {
    drawKernelPanel(kernelChart, layout.panels[0].legend, data, p);
    drawMapPanel(mapChart, layout.panels[1].legend, data);
    const m = data.map;
    const last = m.iterates[m.iterates.length - 1];
    layout.readout.textContent = `fixed point c* = ${formatReadout(m.cStar)} · χ₁ = ${formatReadout(m.chi1)} · q* = ${formatReadout(m.qStar)}`
      + ` · from c⁰ = cos θ₀ = ${formatReadout(Math.cos(THETA0))}, after ${p.depth} layer${p.depth === 1 ? '' : 's'} the correlation is ${formatReadout(last ?? NaN)}`;
    const problem = data.problems.join(' ');
    const note = data.notes.join(' ');
    kernelChart.message(data.curves.every((c) => c.nngp.some(Number.isFinite)) ? null : 'kernel not finite');
    mapChart.message(m.F.some(Number.isFinite) ? null : 'correlation map undefined');
    if (problem) { ctx.setStatus(problem, 'warn'); warned = true; }
    else if (note) { ctx.setStatus(note, 'info'); warned = true; }
    else if (warned) { ctx.setStatus('', 'info'); warned = false; }
  }

  function recompute(): void {
    data = computeKernelRecursion(p);
    draw();
    ctx.rendered();
  }

  recompute();
  kernelChart.onResize(() => drawKernelPanel(kernelChart, layout.panels[0].legend, data, p));
  mapChart.onResize(() => drawMapPanel(mapChart, layout.panels[1].legend, data));

  return {
    update(patch) {
      p = { ...p, ...patch };
      recompute();
    },
    snapshot(): KernelRecursionSnapshot {
      const chosen = data.curves[data.curves.length - 1];
      const shows = (k: 'nngp' | 'ntk') => p.kernel === 'both' || p.kernel === k;
      return {
        theta: roundAll(data.theta),
        depth: p.depth,
        normalize: p.normalize,
        nngp: shows('nngp') ? roundAll(chosen.nngp) : null,
        ntk: shows('ntk') ? roundAll(chosen.ntk) : null,
        shallower: data.curves.slice(0, -1).map((c) => ({
          depth: c.depth, nngp: shows('nngp') ? roundAll(c.nngp) : null, ntk: shows('ntk') ? roundAll(c.ntk) : null,
        })),
        c: roundAll(data.map.c),
        F: roundAll(data.map.F),
        cStar: roundSig(data.map.cStar),
        chi1: roundSig(data.map.chi1),
        qStar: roundSig(data.map.qStar),
        theta0: roundSig(THETA0),
        iterates: roundAll(data.map.iterates),
      };
    },
    destroy() {
      kernelChart.destroy();
      mapChart.destroy();
      layout.destroy();
    },
  };
}
