/**
 * ntk-convergence: the empirical NTK of one random network at width n,
 * Θ̂(x, x') = J(x) J(x')ᵀ, next to the analytic NTK Θ of the same
 * architecture and their difference, on a grid of inputs on the unit circle;
 * below, the relative Frobenius error against width for several seeds on
 * log-log axes with the fitted slope and the −1/2 law (Jacot et al. 2018;
 * Yang 2020, Fig. 1). A method toggle computes Θ̂ by structured derivatives or
 * by contracting per-example Jacobians (Novak et al. 2022), with timings.
 * Pure data.
 */
import type { WidgetSchema } from '../contract';
import type { ParamsOf } from '../../ui/params';

export const ntkConvergenceParams = {
  width: {
    kind: 'log', min: 8, max: 4096, default: 64, integer: true, label: 'width n',
    description: 'Units in each hidden layer of the network whose empirical NTK is shown (logarithmic slider).',
  },
  depth: { kind: 'int', min: 1, max: 4, default: 2, label: 'depth L', description: 'Hidden layers.' },
  activation: {
    kind: 'enum', options: ['relu', 'erf', 'tanh'], default: 'relu', label: 'activation φ',
    optionLabels: { relu: 'ReLU', erf: 'erf', tanh: 'tanh' },
  },
  weightVariance: { kind: 'float', min: 0.1, max: 4, step: 0.05, default: 2, label: 'weight variance σ_w²' },
  biasVariance: { kind: 'float', min: 0, max: 1, step: 0.01, default: 0.1, label: 'bias variance σ_b²' },
  method: {
    kind: 'enum', options: ['structured', 'generic'], default: 'structured', label: 'Θ̂ computed by',
    optionLabels: { structured: 'structured', generic: 'generic' },
    description: 'How Θ̂ is computed: per-layer sensitivities (fast) or the per-example Jacobian J and J Jᵀ (generic, memory-bound).',
  },
  seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed', description: 'Seed of the networks\' initialization.' },
} as const;

export type NtkConvergenceWidgetParams = ParamsOf<typeof ntkConvergenceParams>;

export const ntkConvergenceWidgetSchema = {
  name: 'ntk-convergence',
  tag: 'ntk-ntk-convergence',
  title: 'The empirical tangent kernel converges to the analytic one',
  summary: 'Heatmaps of a finite network\'s empirical NTK, the analytic NTK and their difference, and the relative error against width on log-log axes with its −1/2 slope.',
  params: ntkConvergenceParams,
  needsTf: true,
  aspect: 1.4,
} satisfies WidgetSchema<typeof ntkConvergenceParams>;
