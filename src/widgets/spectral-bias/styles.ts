/**
 * Colours shared by the four panels: one per tracked mode (the same in the
 * spectrum, the eigenfunctions and the residual curves), and one for each
 * frequency of the target. Measured lines are solid, predictions dashed.
 */
import { colors } from '../../viz/theme';

export const MODE_COLORS = [colors.blue, colors.orange, colors.green, colors.purple, colors.brown, colors.pink, colors.teal, colors.yellow];
export const modeColor = (i: number): string => MODE_COLORS[i % MODE_COLORS.length];
export const OTHER_MODE_COLOR = colors.grey;
export const LOW_COLOR = colors.teal;
export const HIGH_COLOR = colors.red;
export const PREDICTION_DASH = '5 4';
export const WARN_COLOR = colors.red;

const SUBSCRIPT: Readonly<Record<string, string>> = { 0: '₀', 1: '₁', 2: '₂', 3: '₃', 4: '₄', 5: '₅', 6: '₆', 7: '₇', 8: '₈', 9: '₉' };
/** "ψ₁₂" style subscripts for mode labels. */
export const subscript = (i: number): string => String(i).split('').map((c) => SUBSCRIPT[c] ?? c).join('');
