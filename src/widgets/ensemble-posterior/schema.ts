/**
 * ensemble-posterior: many networks trained by gradient descent from
 * different random initializations, drawn over x at a chosen training step t,
 * against the distribution infinite width predicts for them — the NTK
 * ensemble posterior of Lee et al. 2019 (mean ± 2σ) — and, switchable, the
 * Bayesian NNGP posterior. Networks train one after another in the
 * `ensemble-posterior` experiment's worker; the time slider moves through
 * recorded steps without retraining. Pure data.
 */
import type { WidgetSchema } from '../contract';
import type { ParamsOf } from '../../ui/params';

export const ensemblePosteriorParams = {
  width: {
    kind: 'log', min: 8, max: 4096, default: 512, integer: true, label: 'width n',
    description: 'Units in each hidden layer (logarithmic slider). Deeper networks are capped in width so the ensemble trains in reasonable time.',
  },
  depth: { kind: 'int', min: 1, max: 4, default: 1, label: 'depth L' },
  activation: {
    kind: 'enum', options: ['relu', 'erf', 'tanh'], default: 'relu', label: 'activation φ',
    optionLabels: { relu: 'ReLU', erf: 'erf', tanh: 'tanh' },
  },
  networks: { kind: 'int', min: 4, max: 64, default: 20, label: 'networks M', description: 'How many networks, each from its own random initialization.' },
  learningRate: {
    kind: 'float', min: 0.05, max: 0.95, step: 0.05, default: 0.5, label: 'learning rate η / η_max',
    description: 'The step size as a fraction of η_max = 2N/λ_max of the analytic NTK (at 1 the fastest mode would stop decaying, beyond it training diverges).',
  },
  time: {
    kind: 'float', min: 0, max: 1, step: 0.005, default: 1, label: 'time t (log axis)',
    description: 'Which recorded training step is drawn, as a position along a logarithmic time axis: 0 is initialization, 1 the end of training.',
  },
  nngp: {
    kind: 'bool', default: false, label: 'NNGP posterior too',
    description: 'Also draw the Bayesian posterior of the NNGP prior given the same data, mean ± 2σ.',
  },
  steps: { kind: 'log', min: 10, max: 5000, default: 500, integer: true, label: 'training steps', control: false },
  seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed', description: 'Seed of the initializations (network i uses its own stream).' },
} as const;

export type EnsemblePosteriorWidgetParams = ParamsOf<typeof ensemblePosteriorParams>;

/** Parameters that only change what is drawn (no retraining). */
export const DISPLAY_PARAMS = ['time', 'nngp'] as const;

export const ensemblePosteriorWidgetSchema = {
  name: 'ensemble-posterior',
  tag: 'ntk-ensemble-posterior',
  title: 'What an ensemble of trained networks believes',
  summary: 'Networks trained from many random initializations, drawn over x at a chosen training step, inside the infinite-width ensemble band (NTK) and beside the Bayesian NNGP posterior.',
  params: ensemblePosteriorParams,
  needsTf: true,
  aspect: 16 / 9,
} satisfies WidgetSchema<typeof ensemblePosteriorParams>;
