/**
 * Right panel: the fraction of network values (over networks and x) inside
 * the infinite-width band at each recorded step, on a time axis that is
 * logarithmic beyond step 1, against 0.954 (an exactly Gaussian ensemble),
 * with a marker at the step shown. Click or drag to move the time.
 */
import { scaleLinear } from 'd3';
import { drawAxes } from '../../viz/axes';
import type { Chart } from '../../viz/chart';
import { layer } from '../../viz/layer';
import { renderLegend } from '../../viz/legend';
import { drawLines } from '../../viz/line';
import { drawTimeMarker, stepScale, stepTicks } from '../../viz/loss-curves';
import { clientToViewBox } from '../../viz/pointer';
import { drawPoints } from '../../viz/points';
import { STYLE } from './styles';
import { GAUSSIAN_TWO_SIGMA } from './view';

export interface CoveragePanelInput {
  recordSteps: number[];
  coverage: (number | null)[];
  totalSteps: number;
  index: number;
}

/**
 * y range of the fraction: [50%, 100%] while every fraction is at least 50%
 * (the usual case, so the few points between a narrow ensemble's ~85% and the
 * Gaussian 95.4% stay visible), else [0, 100%].
 */
export function coverageDomain(coverage: readonly (number | null)[]): { domain: [number, number]; ticks: number[] } {
  const low = coverage.some((c) => c !== null && c < 0.5);
  return low ? { domain: [0, 1], ticks: [0, 0.25, 0.5, 0.75, 1] } : { domain: [0.5, 1], ticks: [0.5, 0.6, 0.7, 0.8, 0.9, 1] };
}

export function drawCoveragePanel(chart: Chart, legend: HTMLElement, input: CoveragePanelInput): void {
  const size = chart.size();
  const x = stepScale(input.totalSteps, size.innerWidth);
  const range = coverageDomain(input.coverage);
  const y = scaleLinear().domain(range.domain).range([size.innerHeight, 0]);
  drawAxes(chart.plot, size, {
    x, y, xLabel: 'training step t', yLabel: 'fraction inside ±2σ',
    xTicks: stepTicks(input.totalSteps, Math.max(2, Math.floor(size.innerWidth / 50))),
    yTicks: { values: range.ticks, format: (v) => `${Math.round(v * 100)}%` },
  });
  layer(chart.plot, 'hit').selectAll('rect').data([0]).join('rect')
    .attr('width', size.innerWidth).attr('height', size.innerHeight).attr('fill', 'transparent');
  const steps: number[] = [];
  const values: number[] = [];
  input.coverage.forEach((c, i) => { if (c !== null) { steps.push(input.recordSteps[i]); values.push(c); } });
  drawLines(layer(chart.plot, 'lines'), [
    { key: 'gaussian', x: [0, input.totalSteps], y: [GAUSSIAN_TWO_SIGMA, GAUSSIAN_TWO_SIGMA], color: STYLE.reference.color, width: 1.5, dash: STYLE.reference.dash, className: 'gaussian-reference' },
    { key: 'coverage', x: steps, y: values, color: STYLE.coverage.color, width: 2, className: 'coverage' },
  ], x, y);
  const shown = input.coverage[input.index];
  drawPoints(layer(chart.plot, 'shown'), shown === null || shown === undefined ? [] : [{ x: input.recordSteps[input.index], y: shown }], x, y,
    { r: 4, fill: STYLE.coverage.color, stroke: '#222', strokeWidth: 1, className: 'coverage-shown' });
  drawTimeMarker(layer(chart.plot, 'marker'), x(input.recordSteps[input.index]), { width: size.innerWidth, height: size.innerHeight },
    `t = ${input.recordSteps[input.index].toLocaleString('en-US')}`);
  chart.message(steps.length ? null : 'waiting for the first network…');
  if (legend.dataset.key === 'coverage') return;
  legend.dataset.key = 'coverage';
  renderLegend(legend, [
    { label: 'networks inside the NTK band', mark: 'line', color: STYLE.coverage.color },
    { label: 'exactly Gaussian: 95.4%', mark: 'line', color: STYLE.reference.color, dash: STYLE.reference.dash },
  ]);
}

/** Click or drag in the panel to pick the recorded step nearest to the pointer; returns a detach function. */
export function attachTimeScrubbing(chart: Chart, steps: () => { recordSteps: number[]; totalSteps: number } | null, pick: (index: number) => void): () => void {
  let dragging = false;
  const choose = (event: PointerEvent): void => {
    const s = steps();
    if (!s || !s.recordSteps.length) return;
    const size = chart.size();
    const [vx] = clientToViewBox(chart.svg, event.clientX, event.clientY);
    const step = stepScale(s.totalSteps, size.innerWidth).invert(vx - size.margin.left);
    const target = Math.log1p(Math.max(0, step));
    let best = 0;
    s.recordSteps.forEach((r, i) => { if (Math.abs(Math.log1p(r) - target) < Math.abs(Math.log1p(s.recordSteps[best]) - target)) best = i; });
    pick(best);
  };
  const down = (e: PointerEvent): void => { if (e.button !== 0) return; dragging = true; chart.svg.setPointerCapture?.(e.pointerId); choose(e); };
  const move = (e: PointerEvent): void => { if (dragging) choose(e); };
  const up = (): void => { dragging = false; };
  chart.svg.addEventListener('pointerdown', down);
  chart.svg.addEventListener('pointermove', move);
  chart.svg.addEventListener('pointerup', up);
  chart.svg.addEventListener('pointercancel', up);
  chart.svg.style.touchAction = 'pan-y';
  return () => {
    chart.svg.removeEventListener('pointerdown', down);
    chart.svg.removeEventListener('pointermove', move);
    chart.svg.removeEventListener('pointerup', up);
    chart.svg.removeEventListener('pointercancel', up);
  };
}
