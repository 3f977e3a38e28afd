/**
 * The hero's numbers under the plot (the step t is in the transport row): the train loss
 * L = (1/2N) sum_i (f(x_i) - y_i)^2 of the network and of the infinite-width
 * prediction, and the largest gap max_x |f_t(x) - f^ntk_t(x)| over the grid.
 */
import type { HeroData } from '../../nn/experiments/hero';
import { formatReadout } from '../../viz/format';

interface Item { key: string; label: string; value: string; title: string }

export function readoutItems(d: HeroData): Item[] {
  return [
    { key: 'loss-network', label: 'train loss, network', value: formatReadout(d.trainLoss ?? NaN), title: 'Training loss (1/2N) Σ (f(xᵢ) − yᵢ)² of the network' },
    { key: 'loss-kernel', label: 'train loss, NTK', value: formatReadout(d.kernelTrainLoss), title: 'The same loss for the infinite-width prediction at the same step' },
    { key: 'gap', label: 'largest gap', value: formatReadout(d.gapMax ?? NaN), title: 'max over x in [−π, π] of |f_t(x) − f^Θ_t(x)|, the largest distance between the two curves' },
  ];
}

/** Fill `root` with one labelled value per item (reusing the elements between frames). */
export function renderReadout(root: HTMLElement, d: HeroData): void {
  const items = readoutItems(d);
  if (root.childElementCount !== items.length) {
    root.replaceChildren(...items.map((item) => {
      const span = root.ownerDocument.createElement('span');
      span.className = `hero-readout-item hero-readout-${item.key}`;
      const label = root.ownerDocument.createElement('span');
      label.className = 'hero-readout-label';
      const value = root.ownerDocument.createElement('span');
      value.className = 'hero-readout-value';
      span.append(label, value);
      return span;
    }));
  }
  items.forEach((item, i) => {
    const span = root.children[i] as HTMLElement;
    if (span.title !== item.title) span.title = item.title;
    const [label, value] = [span.children[0] as HTMLElement, span.children[1] as HTMLElement];
    if (label.textContent !== item.label) label.textContent = item.label;
    if (value.textContent !== item.value) value.textContent = item.value;
  });
}
