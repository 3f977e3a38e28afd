/**
 * prior-samples: random networks at initialization over the running example's
 * inputs (x in [-pi, pi] on the unit circle), over the NNGP band 0 ± 2 sqrt(K(x, x)),
 * and the distribution of f(x0) across networks against N(0, K(x0, x0))
 * (Neal 1996; Lee et al. 2018). Networks are drawn in the `prior-samples`
 * experiment's worker. Pure data.
 */
import type { WidgetSchema } from '../contract';
import type { ParamsOf } from '../../ui/params';

export const priorSamplesParams = {
  width: { kind: 'log', min: 1, max: 4096, default: 4, integer: true, label: 'width n' },
  depth: { kind: 'int', min: 1, max: 4, default: 1, label: 'depth L' },
  activation: {
    kind: 'enum', options: ['relu', 'erf', 'tanh'], default: 'relu', label: 'activation φ',
    optionLabels: { relu: 'ReLU', erf: 'erf', tanh: 'tanh' },
  },
  weightVariance: { kind: 'float', min: 0.1, max: 4, step: 0.05, default: 2, label: 'weight variance σ_w²' },
  biasVariance: { kind: 'float', min: 0, max: 2, step: 0.01, default: 0, label: 'bias variance σ_b²' },
  x0: {
    kind: 'float', min: -3.14159, max: 3.14159, step: 0.01, default: 1, label: 'histogram input x⋆',
    description: 'The input at which the histogram of network outputs is taken; click or drag in the left plot to move it.',
  },
  count: { kind: 'int', min: 30, max: 200, default: 50, label: 'networks drawn' },
  seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed' },
} as const;

export type PriorSamplesWidgetParams = ParamsOf<typeof priorSamplesParams>;

export const priorSamplesWidgetSchema = {
  name: 'prior-samples',
  tag: 'ntk-prior-samples',
  title: 'Random networks become a Gaussian process',
  summary: 'Random networks of a chosen width drawn over x, over the NNGP band, with the histogram of f(x⋆) against the Gaussian limit.',
  params: priorSamplesParams,
  needsTf: true,
  aspect: 16 / 9,
} satisfies WidgetSchema<typeof priorSamplesParams>;
