/**
 * The line of numbers under the panels: the learning rate, the eigenvalues of
 * the two target frequencies and the steps each needs (N / (eta lambda)), the
 * largest deviation of the measured modes from their prediction so far, and
 * how much of each frequency is learned at the latest step.
 */
import type { SpectralBiasData } from '../../nn/experiments/spectral-bias-schema';
import { formatReadout } from '../../viz/format';

export interface Readout {
  /** max over tracked modes of max_t |r_i - pred_i| / |r_i(0)| for the chosen kernel (fragile when some r_i(0) is tiny). */
  worstDeviation: number | null;
  /** max over tracked modes of max_t |r_i - pred_i|, relative to the whole initial residual |r_0| = sqrt(2N L_0). */
  worstGap: number | null;
  /** Steps to shrink each frequency's residual by e: N / (eta lambda). */
  lowSteps: number;
  highSteps: number;
  lowLearned: number | null;
  highLearned: number | null;
  /** The network's kernel along sin kx (Rayleigh quotient of Theta_t) at the start and at the latest step. */
  highEigenvalueStart: number | null;
  highEigenvalueNow: number | null;
}

function gapOf(data: SpectralBiasData, kernel: 'analytic' | 'empirical'): number | null {
  const t = data.modes[kernel];
  const loss0 = data.trainLoss[0];
  if (!t.maxDeviation.length || loss0 === null || !(loss0 > 0)) return null;
  const r0 = Math.sqrt(2 * data.trainXs.length * loss0);
  return Math.max(...t.maxDeviation.map((v, i) => v * Math.abs(t.measured[i][0] ?? 0))) / r0;
}

export function readoutOf(data: SpectralBiasData, kernel: 'analytic' | 'empirical'): Readout {
  const dev = data.modes[kernel].maxDeviation;
  const n = data.trainXs.length;
  const eig = (c: SpectralBiasData['low']) => (kernel === 'analytic' ? c.eigenvalue : c.eigenvalueEmpirical);
  const last = Math.max(0, data.recorded - 1);
  const learned = (c: SpectralBiasData['low']) => (c.measured[last] === null ? null : c.measured[last]! / c.target);
  return {
    worstDeviation: dev.length ? Math.max(...dev) : null,
    worstGap: gapOf(data, kernel),
    lowSteps: n / (data.learningRate * eig(data.low)),
    highSteps: n / (data.learningRate * eig(data.high)),
    lowLearned: learned(data.low),
    highLearned: learned(data.high),
    highEigenvalueStart: data.high.eigenvalueOverTraining[0] ?? null,
    highEigenvalueNow: data.high.eigenvalueOverTraining[last] ?? null,
  };
}

function item(doc: Document, label: string, value: string, className = ''): HTMLSpanElement {
  const span = doc.createElement('span');
  span.className = `sb-readout-item ${className}`.trim();
  const l = doc.createElement('span');
  l.textContent = label;
  const v = doc.createElement('span');
  v.className = 'sb-readout-value';
  v.textContent = value;
  span.append(l, v);
  return span;
}

const percent = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)}%`);
const steps = (v: number): string => (v < 10 ? formatReadout(v, 2) : Math.round(v).toLocaleString('en-US'));

export function renderReadout(target: HTMLElement, data: SpectralBiasData, r: Readout, tracked: number): void {
  const doc = target.ownerDocument;
  const k = data.frequency;
  target.replaceChildren(
    item(doc, 'η =', `${formatReadout(data.learningRateFraction, 2)} η_max = ${formatReadout(data.learningRate, 3)}`),
    item(doc, 'steps per e-fold N/(ηλ): sin x', steps(r.lowSteps)),
    item(doc, `sin ${k}x`, steps(r.highSteps)),
    item(doc, `learned at t = ${data.recordSteps[Math.max(0, data.recorded - 1)].toLocaleString('en-US')}: sin x`, percent(r.lowLearned)),
    item(doc, `sin ${k}x`, percent(r.highLearned), 'sb-readout-high'),
    item(doc, `network’s kernel along sin ${k}x, Θ̂ₜ:`, r.highEigenvalueStart === null || r.highEigenvalueNow === null ? '—'
      : `${formatReadout(r.highEigenvalueStart, 3)} → ${formatReadout(r.highEigenvalueNow, 3)} (Θ: ${formatReadout(data.high.eigenvalue, 3)})`),
    item(doc, `top ${tracked} modes, largest |rᵢ − predᵢ| so far:`, r.worstGap === null ? '—' : r.worstGap > 10 ? '> 1000% of |r₀|' : `${formatReadout(100 * r.worstGap, 2)}% of |r₀|`),
  );
}
