/**
 * gp-posterior: exact Bayesian regression with the NNGP of an infinitely wide
 * network (Lee et al. 2018), with the NTK or an RBF kernel for contrast, on the
 * running 1-D example (inputs on the unit circle). The reader adds and removes
 * training points by clicking. Pure data.
 */
import type { WidgetSchema } from '../contract';
import type { ParamsOf } from '../../ui/params';

/** Default training inputs, spread over [-π, π] with a gap in the middle so the band visibly widens there. */
export const DEFAULT_TRAIN_X = [-2.6, -1.9, -1.2, 0.9, 1.6, 2.4] as const;
/**
 * Default targets: noisy observations of the running example, targetFunction(x)
 * + 0.05 z with z from the core's createRng(3).normal(), rounded to 0.01
 * (noise-free values: -0.08, -1.21, -1, 0.56, 0.62, 0.37).
 */
export const DEFAULT_TRAIN_Y = [-0.04, -1.23, -1.02, 0.53, 0.61, 0.41] as const;

export const gpPosteriorParams = {
  trainX: {
    kind: 'list', min: -3.14159, max: 3.14159, minLength: 0, maxLength: 40, default: DEFAULT_TRAIN_X,
    label: 'training inputs', control: false, description: 'Comma-separated x positions of the training points.',
  },
  trainY: {
    kind: 'list', min: -3, max: 3, minLength: 0, maxLength: 40, default: DEFAULT_TRAIN_Y,
    label: 'training targets', control: false, description: 'Comma-separated targets, one per training input.',
  },
  kernel: {
    kind: 'enum', options: ['nngp', 'ntk', 'rbf'], default: 'nngp', label: 'kernel',
    optionLabels: { nngp: 'NNGP', ntk: 'NTK', rbf: 'RBF (contrast)' },
  },
  depth: { kind: 'int', min: 1, max: 20, default: 3, label: 'depth L' },
  activation: {
    kind: 'enum', options: ['relu', 'erf', 'tanh'], default: 'relu', label: 'activation φ',
    optionLabels: { relu: 'ReLU', erf: 'erf', tanh: 'tanh' },
  },
  weightVariance: { kind: 'float', min: 0.1, max: 4, step: 0.05, default: 2, label: 'weight variance σ_w²' },
  biasVariance: { kind: 'float', min: 0, max: 1, step: 0.01, default: 0.1, label: 'bias variance σ_b²' },
  noise: { kind: 'float', min: 0, max: 0.5, step: 0.005, default: 0.01, label: 'noise variance σ_ε²' },
  lengthscale: { kind: 'float', min: 0.05, max: 3, step: 0.05, default: 0.7, label: 'RBF lengthscale ℓ', description: 'Used by the RBF kernel only.' },
  samples: { kind: 'int', min: 0, max: 10, default: 3, label: 'posterior samples' },
  seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed' },
} as const;

export type GpPosteriorParams = ParamsOf<typeof gpPosteriorParams>;

export const gpPosteriorSchema = {
  name: 'gp-posterior',
  tag: 'ntk-gp-posterior',
  title: 'Bayesian inference with an infinitely wide network',
  summary: 'Posterior mean, ±2σ band and samples of a Gaussian process with the NNGP kernel; click to add or remove training points.',
  params: gpPosteriorParams,
  aspect: 16 / 9,
} satisfies WidgetSchema<typeof gpPosteriorParams>;
