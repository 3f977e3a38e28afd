/**
 * phase-diagram: the (σ_w², σ_b²) plane of signal propagation (Poole et al.
 * 2016; Schoenholz et al. 2017), coloured by χ₁ or by the correlation depth
 * scale, with the critical line χ₁ = 1 and the correlation of two inputs over
 * depth at a draggable point. Pure data.
 */
import type { WidgetSchema } from '../contract';
import type { ParamsOf } from '../../ui/params';

export const phaseDiagramParams = {
  activation: {
    kind: 'enum', options: ['tanh', 'erf', 'relu'], default: 'tanh', label: 'activation φ',
    optionLabels: { tanh: 'tanh', erf: 'erf', relu: 'ReLU' },
  },
  weightVariance: { kind: 'float', min: 0.1, max: 4, step: 0.01, default: 1.76, label: 'weight variance σ_w²' },
  biasVariance: { kind: 'float', min: 0, max: 0.5, step: 0.005, default: 0.05, label: 'bias variance σ_b²' },
  color: {
    kind: 'enum', options: ['chi1', 'depthScale'], default: 'depthScale', label: 'colour by',
    optionLabels: { chi1: 'χ₁', depthScale: 'depth scale ξ_c' },
  },
  correlation: {
    kind: 'float', min: -0.99, max: 0.99, step: 0.01, default: 0.5, label: 'input correlation c⁰',
    description: 'Correlation of the two inputs before the first layer.',
  },
  depth: { kind: 'int', min: 1, max: 200, default: 50, label: 'layers shown' },
  seed: { kind: 'int', min: 0, max: 99999, default: 1, label: 'seed' },
} as const;

export type PhaseDiagramParams = ParamsOf<typeof phaseDiagramParams>;

export const phaseDiagramSchema = {
  name: 'phase-diagram',
  tag: 'ntk-phase-diagram',
  deterministic: true,
  title: 'Order, chaos and the critical line',
  summary: 'The plane of weight and bias variances coloured by χ₁ or the correlation depth scale, with the correlation of two inputs over depth at a draggable point.',
  params: phaseDiagramParams,
  aspect: 2,
} satisfies WidgetSchema<typeof phaseDiagramParams>;
