/**
 * hero: the opening figure. A real MLP trains by gradient descent on the
 * running example (in a worker, TensorFlow.js) beside the infinite-width
 * prediction of the NTK at the same step t from the same initial function
 * (Lee et al. 2019). Wide: the two curves coincide; narrow: they part.
 * Pure data.
 */
import type { WidgetSchema } from '../contract';
import type { ParamsOf } from '../../ui/params';

export const heroParams = {
  width: {
    kind: 'log', min: 8, max: 4096, default: 2048, integer: true, label: 'width n',
    description: 'Units in each hidden layer (logarithmic slider).',
  },
  depth: {
    kind: 'int', min: 1, max: 4, default: 1, label: 'depth L',
    description: 'Hidden layers. Deep and very wide networks are capped so that training stays live (see the status line).',
  },
  seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed', description: 'Seed of the network initialization.' },
} as const;

export type HeroParams = ParamsOf<typeof heroParams>;

export const heroWidgetSchema = {
  name: 'hero',
  tag: 'ntk-hero',
  title: 'A network trained live beside its infinite-width prediction',
  summary: 'An MLP trains by gradient descent on the running example next to the closed-form NTK prediction at the same step; widen it and the two curves coincide.',
  params: heroParams,
  needsTf: true,
  aspect: 2,
} satisfies WidgetSchema<typeof heroParams>;
