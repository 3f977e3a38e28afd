/**
 * Readout sentences of the kernel-drift widget that depend only on the data.
 *
 * Above eta_max = 2N / lambda_max (of the analytic NTK) gradient descent on
 * the linearized model diverges: the residual along the top eigenvector is
 * multiplied by |1 - eta lambda_max / N| > 1 at every step. A network can
 * still survive by the catapult mechanism (Lewkowycz et al. 2020): its loss
 * spikes and its kernel's top eigenvalue falls until the step is stable, so
 * its kernel moves by a large amount that does not shrink with width.
 */
import type { KernelDriftData } from '../../nn/experiments/kernel-drift-schema';

const percent = (v: number): string => `${(100 * v).toPrecision(2)}%`;

/** What happens above η_max, with the measured kernel change of the widest surviving width ('' at or below η_max). */
export function aboveMaxNote(data: KernelDriftData): string {
  if (!(data.learningRateFraction > 1)) return '';
  const head = 'Above η_max the linearized model diverges;';
  const survived = data.perWidth.filter((s) => s.finished > 0 && s.kernelChange.mean !== null);
  const widest = survived.at(-1);
  const diverged = data.curves.some((c) => c.diverged);
  if (!widest) {
    return diverged ? `${head} so far every finished network has diverged too.` : `${head} a network can survive only by a catapult that moves its kernel.`;
  }
  return `${head} the networks that survive do so by a catapult out of the kernel regime `
    + `(kernel change ${percent(widest.kernelChange.mean!)} at n = ${widest.width}).`;
}
