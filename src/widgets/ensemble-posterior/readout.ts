/**
 * The line of numbers under the panels at the shown step: t, how many of the
 * network values lie inside the infinite-width band (against 95.4% for an
 * exactly Gaussian ensemble), and how the ensemble's spread compares with the
 * band's (median over x of s² / σ²).
 */
import { formatReadout } from '../../viz/format';

export interface ReadoutValues {
  step: number;
  totalSteps: number;
  coverage: number | null;
  networks: number;
  points: number;
  varianceRatio: number | null;
  learningRateFraction: number;
  learningRate: number;
}

function item(doc: Document, label: string, value: string, className = ''): HTMLSpanElement {
  const span = doc.createElement('span');
  span.className = `ep-readout-item ${className}`.trim();
  const l = doc.createElement('span');
  l.textContent = label;
  const v = doc.createElement('span');
  v.className = 'ep-readout-value';
  v.textContent = value;
  span.append(l, v);
  return span;
}

/** The readout before the first network: same items, dashes for the numbers (keeps the figure's height). */
export function emptyReadout(totalSteps: number, learningRateFraction: number): ReadoutValues {
  return { step: 0, totalSteps, coverage: null, networks: 0, points: 0, varianceRatio: null, learningRateFraction, learningRate: NaN };
}

export function readoutParts(r: ReadoutValues): [string, string, string][] {
  const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
  return [
    ['t =', `${r.step.toLocaleString('en-US')} of ${r.totalSteps.toLocaleString('en-US')} steps`, ''],
    ['inside the NTK band:', r.coverage === null ? '—' : `${pct(r.coverage)} of ${r.networks} × ${r.points} values (Gaussian: 95.4%)`, 'ep-readout-coverage'],
    ['ensemble variance / band variance:', r.varianceRatio === null ? '—' : `${formatReadout(r.varianceRatio, 3)} (median over x)`, ''],
    ['η =', `${formatReadout(r.learningRateFraction, 2)} η_max${Number.isFinite(r.learningRate) ? ` = ${formatReadout(r.learningRate, 3)}` : ''}`, ''],
  ];
}

export function renderReadout(target: HTMLElement, r: ReadoutValues): void {
  const doc = target.ownerDocument;
  target.replaceChildren(...readoutParts(r).map(([label, value, cls]) => item(doc, label, value, cls)));
}
