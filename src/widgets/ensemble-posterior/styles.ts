/** Colours and strokes shared by the two panels and their legends. */
import { colors } from '../../viz/theme';

export const STYLE = {
  network: { color: colors.blue, width: 1, opacity: 0.55 },
  ntk: { color: colors.orange, fill: 0.22, width: 2 },
  nngp: { color: colors.purple, fill: 0.1, width: 1.5, dash: '5 3' },
  coverage: { color: colors.orange },
  reference: { color: colors.grey, dash: '4 3' },
} as const;
