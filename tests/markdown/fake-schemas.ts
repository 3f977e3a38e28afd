/**
 * A small fake widget registry for the Markdown tests, so they do not depend
 * on the real schemas (written by another helper and free to change).
 */
import type { WidgetSchema } from '../../src/widgets/contract';
import type { SchemaRegistry } from '../../src/markdown/widgets';

const kernelRecursion: WidgetSchema = {
  name: 'kernel-recursion',
  tag: 'ntk-kernel-recursion',
  title: 'The kernel, layer by layer',
  summary: 'Kernels against the angle between two inputs.',
  params: {
    depth: { kind: 'int', min: 1, max: 50, default: 3, label: 'depth' },
    activation: { kind: 'enum', options: ['relu', 'erf', 'tanh'], default: 'relu', label: 'activation' },
    weightVariance: { kind: 'float', min: 0.1, max: 4, step: 0.05, default: 2, label: 'weight variance' },
    normalize: { kind: 'bool', default: true, label: 'normalize' },
    seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed' },
  },
};

const gpPosterior: WidgetSchema = {
  name: 'gp-posterior',
  tag: 'ntk-gp-posterior',
  title: 'Posterior of an infinitely wide network.',
  summary: 'Mean and a two-sigma band.',
  params: {
    trainX: { kind: 'list', min: -3.14159, max: 3.14159, minLength: 0, maxLength: 40, default: [0], label: 'inputs', control: false },
    noise: { kind: 'float', min: 0, max: 0.5, step: 0.005, default: 0.01, label: 'noise' },
    width: { kind: 'log', min: 8, max: 4096, default: 64, integer: true, label: 'width' },
    seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed' },
  },
};

export const fakeSchemas: SchemaRegistry = {
  [kernelRecursion.name]: kernelRecursion,
  [gpPosterior.name]: gpPosterior,
};
