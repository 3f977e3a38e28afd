/**
 * spectral-bias: a network trained on sin x + a sin kx, seen along the
 * eigenvectors of the tangent kernel on its training inputs: the eigenvalues,
 * the first eigenfunctions over x, the residual along each top mode against
 * the prediction (1 - eta lambda_i / N)^t, and how much of each frequency the
 * network has learned (Jacot et al. 2018; Rahaman et al. 2019). Training runs
 * in a worker. Pure data.
 */
import type { WidgetSchema } from '../contract';
import type { ParamsOf } from '../../ui/params';

export const spectralBiasParams = {
  width: {
    kind: 'log', min: 8, max: 4096, default: 1024, integer: true, label: 'width n',
    description: 'Units in each hidden layer (logarithmic slider). Deep and very wide networks are capped so training stays responsive.',
  },
  depth: { kind: 'int', min: 1, max: 4, default: 1, label: 'depth L' },
  activation: {
    kind: 'enum', options: ['relu', 'erf', 'tanh'], default: 'relu', label: 'activation φ',
    optionLabels: { relu: 'ReLU', erf: 'erf', tanh: 'tanh' },
  },
  frequency: {
    kind: 'int', min: 2, max: 12, default: 6, label: 'high frequency k',
    description: 'The target is sin x + a sin kx on 32 points evenly spaced around the circle.',
  },
  amplitude: { kind: 'float', min: 0.1, max: 1, step: 0.05, default: 0.5, label: 'amplitude a of sin kx' },
  learningRate: {
    kind: 'float', min: 0.05, max: 1, step: 0.05, default: 0.4, label: 'learning rate η / η_max',
    description: 'The step size as a fraction of η_max = 2N/λ_max of the analytic NTK.',
  },
  steps: { kind: 'log', min: 10, max: 10_000, default: 1000, integer: true, label: 'training steps' },
  kernel: {
    kind: 'enum', options: ['analytic', 'empirical'], default: 'analytic', label: 'prediction from',
    optionLabels: { analytic: 'analytic NTK Θ', empirical: 'this network’s Θ̂₀' },
    description: 'Whose eigenvectors and eigenvalues give the dashed predictions: the infinite-width kernel or the network’s own kernel at initialization.',
  },
  seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed', description: 'Seed of the network initialization.' },
} as const;

export type SpectralBiasWidgetParams = ParamsOf<typeof spectralBiasParams>;

/** Parameters that only change what is drawn (no retraining). */
export const DISPLAY_PARAMS = ['kernel'] as const;

export const spectralBiasWidgetSchema = {
  name: 'spectral-bias',
  tag: 'ntk-spectral-bias',
  title: 'Which functions are learned first',
  summary: 'Eigenvalues and eigenfunctions of the NTK on the training inputs, the residual of a real network along each eigenvector against (1 − ηλᵢ/N)ᵗ, and the low frequency of the target learned before the high one.',
  params: spectralBiasParams,
  needsTf: true,
  aspect: 1.4,
} satisfies WidgetSchema<typeof spectralBiasParams>;
