/**
 * kernel-drift: networks of several widths trained on the running example at
 * the same learning rate, smallest first, in a worker. Drawn: the relative
 * change of the empirical NTK over the steps, its final value against width
 * on log-log axes with the fitted slope and the n^{-1/2} bound of Lee et al.
 * (2019), the distance to the analytic infinite-width NTK over the steps, the
 * relative change of each layer's weights against width, and Theta_0,
 * Theta_T and the analytic NTK of one width as heatmaps on one colour scale.
 * Pure data.
 */
import type { WidgetSchema } from '../contract';
import type { ParamsOf } from '../../ui/params';

export const kernelDriftParams = {
  widths: {
    kind: 'list', min: 8, max: 4096, minLength: 1, maxLength: 10, default: [16, 64, 256, 1024], label: 'widths n',
    description: 'Hidden widths to train (the chips above the plots add and remove them; each shows its estimated time).',
  },
  depth: { kind: 'int', min: 1, max: 3, default: 2, label: 'depth L', description: 'Hidden layers.' },
  activation: {
    kind: 'enum', options: ['relu', 'erf'], default: 'relu', label: 'activation φ',
    optionLabels: { relu: 'ReLU', erf: 'erf' },
  },
  learningRate: {
    kind: 'float', min: 0.05, max: 1.5, step: 0.05, default: 0.5, label: 'learning rate η / η_max',
    description: 'The step size as a fraction of η_max = 2N/λ_max of the analytic NTK, the same for every width; above 1 the linearized model diverges.',
  },
  steps: { kind: 'log', min: 20, max: 2000, default: 200, integer: true, label: 'training steps T' },
  networks: {
    kind: 'int', min: 1, max: 6, default: 3, label: 'networks per width',
    description: 'Independently initialized networks per width; the plots against width use their mean.',
  },
  heatmapWidth: {
    kind: 'log', min: 8, max: 4096, default: 16, integer: true, label: 'heatmap width',
    description: 'Which width the three heatmaps show (the nearest width trained); changing it retrains nothing.',
  },
  seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed', description: 'Seed of the training data and the initializations.' },
} as const;

export type KernelDriftWidgetParams = ParamsOf<typeof kernelDriftParams>;

/** Parameters that only change what is drawn. */
export const DISPLAY_PARAMS: readonly (keyof KernelDriftWidgetParams)[] = ['heatmapWidth'];

export const kernelDriftWidgetSchema = {
  name: 'kernel-drift',
  tag: 'ntk-kernel-drift',
  title: 'The tangent kernel barely moves',
  summary: 'Networks of several widths trained side by side: how far their empirical NTK and weights move, against width on log-log axes, and their kernels before and after training next to the analytic one.',
  params: kernelDriftParams,
  needsTf: true,
  aspect: 1.1,
} satisfies WidgetSchema<typeof kernelDriftParams>;
