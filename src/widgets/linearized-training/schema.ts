/**
 * linearized-training: a real network, its linearization
 * f_lin(x; theta) = f_0(x) + J_0(x)(theta - theta_0) and the closed-form
 * gradient flow with the analytic NTK, all trained on the running example
 * from the same f_0, over x at a chosen time t, with their train and test
 * losses against t (Lee et al. 2019). Training runs in a worker; the time
 * slider scrubs recorded history. Pure data.
 */
import type { WidgetSchema } from '../contract';
import type { ParamsOf } from '../../ui/params';

export const linearizedTrainingParams = {
  width: {
    kind: 'log', min: 8, max: 4096, default: 512, integer: true, label: 'width n',
    description: 'Units in each hidden layer (logarithmic slider). Deep and very wide networks are capped so training stays responsive.',
  },
  depth: { kind: 'int', min: 1, max: 4, default: 1, label: 'depth L' },
  activation: {
    kind: 'enum', options: ['relu', 'erf', 'tanh'], default: 'relu', label: 'activation φ',
    optionLabels: { relu: 'ReLU', erf: 'erf', tanh: 'tanh' },
  },
  weightVariance: { kind: 'float', min: 0.1, max: 4, step: 0.05, default: 2, label: 'weight variance σ_w²' },
  biasVariance: { kind: 'float', min: 0, max: 1, step: 0.01, default: 0.1, label: 'bias variance σ_b²' },
  learningRate: {
    kind: 'float', min: 0.05, max: 2.5, step: 0.05, default: 0.5, label: 'learning rate η / η_max',
    description: 'The step size as a fraction of η_max = 2N/λ_max of the analytic NTK (shown below the plots); above 1 gradient descent on the linearized model diverges.',
  },
  steps: { kind: 'log', min: 10, max: 10_000, default: 1000, integer: true, label: 'training steps' },
  time: {
    kind: 'float', min: 0, max: 1, step: 0.005, default: 1, label: 'time t (log axis)',
    description: 'Which recorded step is drawn, as a position along the logarithmic time axis: 0 is the start, 1 the end of training.',
  },
  empirical: {
    kind: 'bool', default: false, label: 'closed form with Θ̂₀ too',
    description: 'Also draw the gradient-flow formula with the network’s own empirical tangent kernel at initialization.',
  },
  seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed', description: 'Seed of the network initialization.' },
} as const;

export type LinearizedTrainingWidgetParams = ParamsOf<typeof linearizedTrainingParams>;

/** Parameters that only change what is drawn (no retraining). */
export const DISPLAY_PARAMS = ['time', 'empirical'] as const;

export const linearizedTrainingWidgetSchema = {
  name: 'linearized-training',
  tag: 'ntk-linearized-training',
  title: 'A network, its linearization and the kernel prediction',
  summary: 'A network trained by gradient descent beside its linearization and the closed-form NTK gradient flow, over x at a chosen time and as loss curves over training time.',
  params: linearizedTrainingParams,
  needsTf: true,
  aspect: 2,
} satisfies WidgetSchema<typeof linearizedTrainingParams>;
