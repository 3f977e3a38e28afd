/**
 * The numbers under the figure: how far the distribution of f(x0) is from the
 * infinite-width Gaussian, each beside the value it would have for Gaussian
 * outputs (so the reader can tell a real deviation from sampling noise).
 */
import type { PriorReadout } from '../../nn/experiments/prior-samples';
import { formatReadout } from '../../viz/format';

function span(doc: Document, cls: string, text: string): HTMLSpanElement {
  const s = doc.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

export function readoutText(r: PriorReadout, width: number, nngpAtX0: number): string[] {
  const theory = r.theoryKurtosis === null ? '' : `exact value at this width ${formatReadout(r.theoryKurtosis)}; `;
  return [
    `f(x⋆) over ${r.samples} random network${r.samples === 1 ? '' : 's'} of width ${width}: variance ${formatReadout(r.variance)} (infinite width: K(x⋆, x⋆) = ${formatReadout(nngpAtX0)})`,
    `excess kurtosis ${formatReadout(r.excessKurtosis)} (${theory}Gaussian outputs: 0 ± ${formatReadout(2 * r.kurtosisNoise, 2)})`,
    `KS distance to the Gaussian ${formatReadout(r.ks)} (Gaussian outputs: ≈ ${formatReadout(r.ksFloor, 2)}, above ${formatReadout(r.ks95, 2)} one time in 20)`,
  ];
}

/** Fill the readout paragraph: one span per statistic, separated by dots (they wrap as units on a phone). */
export function renderReadout(el: HTMLElement, r: PriorReadout, width: number, nngpAtX0: number): void {
  const doc = el.ownerDocument;
  const parts = readoutText(r, width, nngpAtX0);
  el.replaceChildren();
  parts.forEach((text, i) => {
    if (i > 0) el.append(doc.createTextNode(' · '));
    const s = span(doc, `prior-readout-${i}`, text);
    s.style.display = 'inline';
    el.append(s);
  });
}
