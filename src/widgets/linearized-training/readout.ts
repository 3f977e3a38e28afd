/**
 * The line of numbers under the two panels: the step shown, the learning
 * rate against the maximum stable rate ("η_max = 2N/λ_max = …"), and how far apart
 * the network, its linearization and the closed form are at that step.
 */
import type { LinearizedTrainingData } from '../../nn/experiments/linearized-training';
import { formatReadout } from '../../viz/format';
import { rmsDifference, type ModelName } from './history';

export interface Gaps {
  /** RMS over x of f_t - f_lin_t. */
  networkLinearized: number | null;
  /** RMS over x of f_t - closed form (analytic NTK). */
  networkFlow: number | null;
  /** RMS over x of f_lin_t - closed form (analytic NTK). */
  linearizedFlow: number | null;
}

export function gapsAt(shown: Record<ModelName, number[] | null>): Gaps {
  return {
    networkLinearized: rmsDifference(shown.network, shown.linearized),
    networkFlow: rmsDifference(shown.network, shown.flow),
    linearizedFlow: rmsDifference(shown.linearized, shown.flow),
  };
}

function item(doc: Document, label: string, value: string, className = ''): HTMLSpanElement {
  const span = doc.createElement('span');
  span.className = `lt-readout-item ${className}`.trim();
  const l = doc.createElement('span');
  l.textContent = label;
  const v = doc.createElement('span');
  v.className = 'lt-readout-value';
  v.textContent = value;
  span.append(l, v);
  return span;
}

const gapText = (v: number | null): string => (v === null ? '—' : formatReadout(v, 2));

export function renderReadout(target: HTMLElement, data: LinearizedTrainingData, index: number, gaps: Gaps): void {
  const doc = target.ownerDocument;
  const step = data.recordSteps[index];
  target.replaceChildren(
    item(doc, 'shown: t =', `${step.toLocaleString('en-US')} of ${data.totalSteps.toLocaleString('en-US')}`),
    item(doc, 'η =', `${formatReadout(data.learningRateFraction, 3)} η_max = ${formatReadout(data.learningRate, 3)}`),
    item(doc, 'η_max = 2N/λ_max =', `${formatReadout(data.etaMax, 3)} (this network’s Θ̂₀: ${formatReadout(data.etaMaxEmpirical, 3)})`),
    item(doc, 'RMS gap network − linearization:', gapText(gaps.networkLinearized), 'lt-readout-gap'),
    item(doc, 'network − closed form:', gapText(gaps.networkFlow)),
  );
}
