/**
 * kernel-recursion: how the NNGP and NTK of a deep fully-connected network
 * depend on the angle between two unit-norm inputs, and the correlation map
 * c -> F(c) whose iterates explain why deep kernels forget their inputs
 * (Lee et al. 2018; Schoenholz et al. 2017; Cho & Saul 2009).
 * Pure data: imported at build time and at page start-up.
 */
import type { WidgetSchema } from '../contract';
import type { ParamsOf } from '../../ui/params';

export const kernelRecursionParams = {
  depth: { kind: 'int', min: 1, max: 50, default: 3, label: 'depth L', description: 'Number of hidden layers.' },
  activation: {
    kind: 'enum', options: ['relu', 'erf', 'tanh'], default: 'relu', label: 'activation φ',
    optionLabels: { relu: 'ReLU', erf: 'erf', tanh: 'tanh' },
  },
  weightVariance: { kind: 'float', min: 0.1, max: 4, step: 0.05, default: 2, label: 'weight variance σ_w²' },
  biasVariance: { kind: 'float', min: 0, max: 2, step: 0.01, default: 0.05, label: 'bias variance σ_b²' },
  kernel: {
    kind: 'enum', options: ['nngp', 'ntk', 'both'], default: 'both', label: 'kernel',
    optionLabels: { nngp: 'NNGP', ntk: 'NTK', both: 'both' },
  },
  normalize: { kind: 'bool', default: true, label: 'normalize K(θ)/K(0)', description: 'Divide each kernel by its value at θ = 0.' },
  seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed' },
} as const;

export type KernelRecursionParams = ParamsOf<typeof kernelRecursionParams>;

export const kernelRecursionSchema = {
  name: 'kernel-recursion',
  tag: 'ntk-kernel-recursion',
  deterministic: true,
  title: 'The kernel, layer by layer',
  summary: 'NNGP and NTK of a deep network against the angle between two inputs, and the correlation map whose fixed point deep kernels fall into.',
  params: kernelRecursionParams,
  aspect: 2,
} satisfies WidgetSchema<typeof kernelRecursionParams>;
