/**
 * Right panel: train and test loss of every model against the step t, on a
 * time axis that is logarithmic after t = 1 and a log loss axis, with a
 * marker at the step shown on the left. Exploding losses leave through the
 * top (clipped) and a label says where a model diverged. Dragging across the
 * plot (pointer) picks the step to show.
 */
import type { LinearizedTrainingData } from '../../nn/experiments/linearized-training';
import { drawAxes } from '../../viz/axes';
import type { Chart } from '../../viz/chart';
import { layer } from '../../viz/layer';
import { drawLines, type LineSeries } from '../../viz/line';
import {
  clipToDomain, drawTimeMarker, logTicks, lossDomain, lossScale, plotClip, stepScale, stepTicks,
} from '../../viz/loss-curves';
import { drawPoints } from '../../viz/points';
import { clientToViewBox } from '../../viz/pointer';
import { fontSize } from '../../viz/theme';
import { divergedAt, nearestRecord, type ModelName } from './history';
import { MODEL_STYLES, WARN_COLOR } from './styles';

export interface LossPanelInput {
  data: LinearizedTrainingData;
  index: number;
  models: readonly ModelName[];
  clipId: string;
}

const KINDS = ['trainLoss', 'testLoss'] as const;

/** Every loss value of the drawn models (for the axis) and their values at step 0. */
function lossValues(data: LinearizedTrainingData, models: readonly ModelName[]): { all: (number | null)[]; initial: (number | null)[] } {
  const all: (number | null)[] = [];
  const initial: (number | null)[] = [];
  for (const m of models) {
    for (const k of KINDS) {
      all.push(...data[m][k]);
      initial.push(data[m][k][0] ?? null);
    }
  }
  return { all, initial };
}

export function drawLossPanel(chart: Chart, legend: HTMLElement, input: LossPanelInput): { yDomain: [number, number] } {
  const { data, index, models } = input;
  const size = chart.size();
  const x = stepScale(data.totalSteps, size.innerWidth);
  const { all, initial } = lossValues(data, models);
  const yDomain = lossDomain(all, initial);
  const y = lossScale(yDomain, size.innerHeight);
  drawAxes(chart.plot, size, {
    x, y, xLabel: 'step t (log scale)', yLabel: 'loss',
    xTicks: stepTicks(data.totalSteps, Math.max(3, Math.floor(size.innerWidth / 50))),
    yTicks: logTicks(yDomain, Math.max(3, Math.floor(size.innerHeight / 28))),
  });
  layer(chart.plot, 'hit').selectAll('rect').data([0]).join('rect')
    .attr('width', size.innerWidth).attr('height', size.innerHeight).attr('fill', 'transparent').style('cursor', 'ew-resize');

  const clip = plotClip(chart.svg, input.clipId, size.innerWidth, size.innerHeight);
  const lines: LineSeries[] = [];
  const dots: { x: number; y: number; key: string }[] = [];
  for (const m of models) {
    const s = MODEL_STYLES[m];
    for (const k of KINDS) {
      const ys = clipToDomain(data[m][k], yDomain);
      lines.push({
        key: `${m}-${k}`, x: data.recordSteps, y: ys, color: s.color, width: Math.min(s.width, 4),
        opacity: s.opacity, dash: s.dash, className: `loss loss-${m} loss-${k}`,
      });
      const v = ys[index];
      if (Number.isFinite(v) && v <= yDomain[1]) dots.push({ x: data.recordSteps[index], y: v, key: `${m}-${k}` });
    }
  }
  drawLines(layer(chart.plot, 'lines').attr('clip-path', clip).attr('pointer-events', 'none'), lines, x, y);
  drawPoints(layer(chart.plot, 'dots').attr('pointer-events', 'none'), dots, x, y, { r: 3, fill: 'currentColor', className: 'loss-dot' });

  // "train" / "test" labels at about 60% of the time axis, outside the bundle of curves of each kind.
  const at = nearestRecord(data.recordSteps, Math.round(Math.expm1(0.6 * Math.log1p(data.totalSteps))));
  const valuesAt = (k: (typeof KINDS)[number]) => models.map((m) => data[m][k][at])
    .filter((v): v is number => v !== null && v >= yDomain[0] && v <= yDomain[1]);
  const labels: { text: string; y: number }[] = [];
  const tests = valuesAt('testLoss');
  const trains = valuesAt('trainLoss');
  if (tests.length) labels.push({ text: 'test', y: y(Math.max(...tests)) - 6 });
  if (trains.length) labels.push({ text: 'train', y: Math.min(size.innerHeight - 4, y(Math.min(...trains)) + 13) });
  layer(chart.plot, 'end-labels').attr('pointer-events', 'none').selectAll('text').data(labels).join('text')
    .attr('x', x(data.recordSteps[at])).attr('y', (l) => l.y)
    .attr('text-anchor', 'middle').attr('font-size', fontSize.annotation).attr('fill-opacity', 0.75).text((l) => l.text);

  const diverged = models
    .map((m) => ({ m, step: divergedAt(data, m) }))
    .filter((d): d is { m: ModelName; step: number } => d.step !== null);
  layer(chart.plot, 'divergence').attr('pointer-events', 'none').selectAll('text').data(diverged).join('text')
    .attr('class', 'divergence-label')
    .attr('x', (d) => Math.min(size.innerWidth - 4, Math.max(4, x(d.step))))
    .attr('y', (_, i) => 12 + i * 14)
    .attr('text-anchor', (d) => (x(d.step) > size.innerWidth * 0.6 ? 'end' : 'start'))
    .attr('font-size', fontSize.annotation).attr('font-weight', 600).attr('fill', WARN_COLOR)
    .text((d) => `↑ ${MODEL_STYLES[d.m].name} diverges (t = ${d.step})`);

  const step = data.recordSteps[index];
  drawTimeMarker(layer(chart.plot, 'marker'), x(step), { width: size.innerWidth, height: size.innerHeight }, `t = ${step.toLocaleString('en-US')}`);

  if (!legend.textContent) {
    legend.textContent = 'Loss ½·mean (f − y)² over time: lower curves on the training points, upper curves on the noise-free target; colours as in the prediction plot.';
    Object.assign(legend.style, { fontSize: '12px', lineHeight: '1.4' });
  }
  return { yDomain };
}

/**
 * Pointer scrubbing on the loss plot: pressing and dragging picks the recorded
 * step under the pointer and reports its index. Returns a detach function.
 */
export function attachLossScrubbing(chart: Chart, steps: () => { recordSteps: number[]; totalSteps: number } | null, pick: (index: number) => void): () => void {
  const svg = chart.svg;
  let dragging = false;
  const at = (event: PointerEvent): void => {
    const s = steps();
    if (!s) return;
    const size = chart.size();
    const [vx] = clientToViewBox(svg, event.clientX, event.clientY);
    const t = stepScale(s.totalSteps, size.innerWidth).invert(vx - size.margin.left);
    pick(nearestRecord(s.recordSteps, t));
  };
  const down = (event: PointerEvent): void => {
    if (!(event.target instanceof Element) || !event.target.closest('g.hit')) return;
    dragging = true;
    try { svg.setPointerCapture(event.pointerId); } catch { /* not an active pointer (synthetic event): drag without capture */ }
    event.preventDefault();
    at(event);
  };
  const move = (event: PointerEvent): void => { if (dragging) at(event); };
  const up = (event: PointerEvent): void => {
    dragging = false;
    if (svg.hasPointerCapture?.(event.pointerId)) svg.releasePointerCapture(event.pointerId);
  };
  svg.addEventListener('pointerdown', down);
  svg.addEventListener('pointermove', move);
  svg.addEventListener('pointerup', up);
  svg.addEventListener('pointercancel', up);
  return () => {
    svg.removeEventListener('pointerdown', down);
    svg.removeEventListener('pointermove', move);
    svg.removeEventListener('pointerup', up);
    svg.removeEventListener('pointercancel', up);
  };
}
