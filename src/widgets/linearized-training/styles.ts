/**
 * One visual identity per model, shared by both panels: the network as a wide
 * translucent band-like stroke, the linearization as a thin solid line on top
 * of it, the closed form as a dark dashed line on top of both; when all three
 * agree the reader sees one blue halo with an orange core and dark dashes.
 */
import { colors } from '../../viz/theme';
import type { ModelName } from './history';

export interface ModelStyle {
  color: string;
  width: number;
  opacity: number;
  dash?: string;
  /** Legend label. */
  label: string;
  /** Short name for messages. */
  name: string;
}

export const MODEL_STYLES: Readonly<Record<ModelName, ModelStyle>> = {
  network: { color: colors.blue, width: 5, opacity: 0.5, label: 'network', name: 'network' },
  linearized: { color: colors.orange, width: 2, opacity: 1, label: 'its linearization', name: 'linearization' },
  flow: { color: 'currentColor', width: 1.6, opacity: 0.9, dash: '5 4', label: 'closed form, analytic NTK Θ', name: 'closed form' },
  flowEmpirical: { color: colors.purple, width: 1.8, opacity: 1, dash: '1.5 3.5', label: 'closed form, empirical Θ̂₀', name: 'closed form with Θ̂₀' },
};

export const TARGET_COLOR = colors.grey;
export const WARN_COLOR = colors.red;
