/**
 * Panel (c): the size of the residual along each tracked eigenvector,
 * |<v_i, f_t(X) - y>|, against the step t (0, then logarithmic) on a log axis:
 * measured from the real network (solid) and predicted by
 * (1 - eta lambda_i / N)^t <v_i, r_0> (dashed), one colour per mode. The
 * axis spans five decades below the largest initial projection; values under
 * it leave through the bottom (clipped).
 */
import { drawAxes } from '../../viz/axes';
import type { Chart } from '../../viz/chart';
import { layer } from '../../viz/layer';
import { drawLines, type LineSeries } from '../../viz/line';
import { drawTimeMarker, formatPowerOfTen, logTicks, lossScale, plotClip, stepScale, stepTicks } from '../../viz/loss-curves';
import type { ModeTraces } from '../../nn/experiments/spectral-bias-schema';
import { fontSize } from '../../viz/theme';
import { PREDICTION_DASH, WARN_COLOR, modeColor } from './styles';

export const DECADES = 5;

export interface ModesInput {
  traces: ModeTraces;
  recordSteps: number[];
  totalSteps: number;
  step: number;
  clipId: string;
  /** eta and N, to flag modes whose prediction is unstable (eta lambda_i / N > 2). */
  learningRate: number;
  count: number;
}

/** Relative tolerance within which eta lambda / N counts as exactly 2 (eta = eta_max up to rounding of lambda). */
export const EDGE_TOLERANCE = 1e-4;

/**
 * Text drawn in a panel when some drawn prediction does not decay: eta lambda / N = 2 (eta = eta_max
 * for that eigenvalue: the factor 1 - eta lambda / N is -1, the mode flips sign forever) or > 2 (it
 * grows without bound); else null. The two are told apart within EDGE_TOLERANCE, so a value that
 * prints as 2.00 is never called "> 2".
 */
export function unstableNote(eigenvalues: readonly number[], learningRate: number, count: number): string | null {
  const worst = Math.max(0, ...eigenvalues.map((l) => (learningRate * l) / count));
  if (worst < 2 * (1 - EDGE_TOLERANCE)) return null;
  if (worst <= 2 * (1 + EDGE_TOLERANCE)) return 'ηλ₁/N = 2 (η = η_max): the top mode flips sign and never decays';
  return `ηλ/N = ${worst.toFixed(worst < 2.01 ? 4 : 2)} > 2: dashed prediction grows`;
}

export function drawNote(chart: Chart, text: string | null): void {
  layer(chart.plot, 'unstable').selectAll('text').data(text ? [text] : []).join('text')
    .attr('class', 'unstable-note').attr('x', chart.size().innerWidth - 4).attr('y', 12).attr('text-anchor', 'end')
    .attr('font-size', fontSize.annotation).attr('font-weight', 600).attr('fill', WARN_COLOR).text((d) => d);
}

/** Log domain: from 10^-DECADES below to the power of ten above the largest |r_i(0)|. */
export function residualDomain(initial: readonly (number | null)[]): [number, number] {
  const top = Math.max(1e-6, ...initial.map((v) => Math.abs(v ?? 0)));
  const hi = 10 ** Math.ceil(Math.log10(top) + 1e-9);
  return [hi / 10 ** DECADES, hi];
}

/** |v| for a log axis: null -> NaN (gap); values far outside the axis pulled to just beyond it (clipped there) so paths stay short. */
export function onLogAxis(values: readonly (number | null)[], domain: [number, number]): number[] {
  return values.map((v) => (v === null || !Number.isFinite(v) ? Number.NaN : Math.min(domain[1] * 3, Math.max(Math.abs(v), domain[0] / 3))));
}

export function drawModesPanel(chart: Chart, input: ModesInput): { domain: [number, number]; measured: number[][]; predicted: number[][] } {
  const size = chart.size();
  const x = stepScale(input.totalSteps, size.innerWidth);
  const domain = residualDomain(input.traces.measured.map((row) => row[0]));
  const y = lossScale(domain, size.innerHeight);
  drawAxes(chart.plot, size, {
    x, y, xLabel: 'step t (log scale)', yLabel: 'residual |⟨vᵢ, f_t − y⟩|',
    xTicks: stepTicks(input.totalSteps, Math.max(3, Math.floor(size.innerWidth / 50))),
    yTicks: { values: logTicks(domain, Math.max(3, Math.floor(size.innerHeight / 28))).values, format: formatPowerOfTen },
  });
  const clip = plotClip(chart.svg, input.clipId, size.innerWidth, size.innerHeight);
  const measured = input.traces.measured.map((row) => onLogAxis(row, domain));
  const predicted = input.traces.predicted.map((row) => onLogAxis(row, domain));
  const lines: LineSeries[] = [];
  measured.forEach((row, i) => {
    lines.push({ key: `pred-${i}`, x: input.recordSteps, y: predicted[i], color: modeColor(i), width: 1.6, dash: PREDICTION_DASH, opacity: 0.95, className: `mode-predicted mode-${i}` });
    lines.push({ key: `meas-${i}`, x: input.recordSteps, y: row, color: modeColor(i), width: 2.2, opacity: 0.75, className: `mode-measured mode-${i}` });
  });
  drawLines(layer(chart.plot, 'lines').attr('clip-path', clip), lines, x, y);
  drawTimeMarker(layer(chart.plot, 'marker'), x(input.step), { width: size.innerWidth, height: size.innerHeight }, `t = ${input.step.toLocaleString('en-US')}`);
  drawNote(chart, unstableNote(input.traces.eigenvalues, input.learningRate, input.count));
  return { domain, measured, predicted };
}
