/**
 * Left panel: the three predictions over x in [-π, π] at the recorded step
 * being shown, the noise-free target and the training points. A model that
 * diverged before that step is not drawn; a label in the plot says when it
 * diverged. Values beyond the fixed y range leave the plot (clipped).
 */
import { scaleLinear } from 'd3';
import type { LinearizedTrainingData } from '../../nn/experiments/linearized-training';
import { drawAxes } from '../../viz/axes';
import type { Chart } from '../../viz/chart';
import { piTicks } from '../../viz/format';
import { layer } from '../../viz/layer';
import { renderLegend, type LegendItem } from '../../viz/legend';
import { drawLines, type LineSeries } from '../../viz/line';
import { plotClip } from '../../viz/loss-curves';
import { drawPoints } from '../../viz/points';
import { fontSize } from '../../viz/theme';
import { divergedAt, type ModelName } from './history';
import { MODEL_STYLES, TARGET_COLOR, WARN_COLOR } from './styles';

const X_RANGE: [number, number] = [-Math.PI, Math.PI];

/** Arrays drawn for one model at the shown step (null: not drawn). */
export type ShownPredictions = Record<ModelName, number[] | null>;

export interface FunctionPanelInput {
  data: LinearizedTrainingData;
  index: number;
  models: readonly ModelName[];
  yDomain: [number, number];
  clipId: string;
}

/** Predictions of each model at record `index` (null where missing). */
export function predictionsAt(data: LinearizedTrainingData, index: number): ShownPredictions {
  return {
    network: data.network.test[index] ?? null,
    linearized: data.linearized.test[index] ?? null,
    flow: data.flow.test[index] ?? null,
    flowEmpirical: data.flowEmpirical.test[index] ?? null,
  };
}

/** Messages about models that cannot be drawn or leave the plot at this step. */
export function predictionNotes(input: FunctionPanelInput, shown: ShownPredictions): string[] {
  const notes: string[] = [];
  const step = input.data.recordSteps[input.index];
  for (const m of input.models) {
    const d = divergedAt(input.data, m);
    const values = shown[m];
    if (values === null && d !== null && step >= d) notes.push(`${MODEL_STYLES[m].name} diverged at step ${d}`);
    else if (values) {
      const peak = values.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
      if (peak > Math.max(Math.abs(input.yDomain[0]), Math.abs(input.yDomain[1])) * 1.5) {
        notes.push(`${MODEL_STYLES[m].name} off the chart (|f| up to ${peak >= 1e4 ? peak.toExponential(1) : Math.round(peak)})`);
      }
    }
  }
  return notes;
}

export function drawFunctionPanel(chart: Chart, legend: HTMLElement, input: FunctionPanelInput): { shown: ShownPredictions; notes: string[] } {
  const { data, index, models, yDomain } = input;
  const size = chart.size();
  const x = scaleLinear().domain(X_RANGE).range([0, size.innerWidth]);
  const y = scaleLinear().domain(yDomain).range([size.innerHeight, 0]);
  drawAxes(chart.plot, size, {
    x, y, xLabel: 'input x', yLabel: 'output f(x)',
    xTicks: piTicks(X_RANGE[0], X_RANGE[1], Math.max(3, Math.floor(size.innerWidth / 55))),
  });
  const shown = predictionsAt(data, index);
  const clip = plotClip(chart.svg, input.clipId, size.innerWidth, size.innerHeight);
  const lines: LineSeries[] = [{
    key: 'target', x: data.grid, y: data.target, color: TARGET_COLOR, width: 1.2, opacity: 0.9, dash: '2 3', className: 'target',
  }];
  for (const m of models) {
    const values = shown[m];
    if (!values) continue;
    const s = MODEL_STYLES[m];
    // Far-off values are pulled in to just outside the plot: the clip hides them, the path stays small.
    const limit = 4 * Math.max(Math.abs(yDomain[0]), Math.abs(yDomain[1]));
    const ys = values.map((v) => Math.max(-limit, Math.min(limit, v)));
    lines.push({ key: m, x: data.grid, y: ys, color: s.color, width: s.width, opacity: s.opacity, dash: s.dash, className: `prediction prediction-${m}` });
  }
  drawLines(layer(chart.plot, 'lines').attr('clip-path', clip), lines, x, y);
  drawPoints(layer(chart.plot, 'train'), data.trainXs.map((tx, i) => ({ x: tx, y: data.trainYs[i] })), x, y,
    { r: 4, fill: '#fff', stroke: '#222', strokeWidth: 1.3, className: 'train-point' });

  const notes = predictionNotes(input, shown);
  layer(chart.plot, 'notes').selectAll('text').data(notes).join('text')
    .attr('class', 'divergence-note').attr('x', 6).attr('y', (_, i) => 14 + i * 15)
    .attr('font-size', fontSize.label).attr('font-weight', 600).attr('fill', WARN_COLOR).text((d) => d);

  // The legend changes only with the models drawn and the number of points: skip rebuilding it every frame.
  const legendKey = `${models.join(',')}/${data.trainXs.length}`;
  if (legend.dataset.key === legendKey) return { shown, notes };
  legend.dataset.key = legendKey;
  const items: LegendItem[] = models.map((m) => {
    const s = MODEL_STYLES[m];
    return { label: s.label, mark: 'line' as const, color: s.color, width: Math.min(s.width, 4), opacity: s.opacity, dash: s.dash };
  });
  items.push({ label: 'target', mark: 'line', color: TARGET_COLOR, width: 1.2, dash: '2 3' });
  items.push({ label: `${data.trainXs.length} training points`, mark: 'point', color: '#fff' });
  renderLegend(legend, items);
  return { shown, notes };
}
