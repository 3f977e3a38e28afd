/**
 * Keeping the ensemble's training time bounded. A gradient step costs about one
 * pass over the hidden-to-hidden weights, (L - 1) n^2 of them, and the figure
 * trains M networks of ~500 steps each. Measured on wasm in Node (busy 2-core
 * machine): width 512 depth 1 ~0.3 s a network, width 4096 depth 1 ~1.3 s,
 * width 512 depth 2 ~4.6 s (so 20 networks take 1.5 minutes). The widget keeps
 * (L - 1) n^2 <= ENSEMBLE_WEIGHT_BUDGET = 2^16: depth 2 up to width 256,
 * depth 3 up to 181, depth 4 up to 147, about 1-2 s a network. Depth 1 has no
 * hidden-to-hidden weights and goes up to width 4096.
 */
export const ENSEMBLE_WEIGHT_BUDGET = 2 ** 16;

export interface Fitted { width: number; depth: number; note: string | null }

function maxWidth(depth: number): number {
  return depth <= 1 ? 4096 : Math.floor(Math.sqrt(ENSEMBLE_WEIGHT_BUDGET / (depth - 1)));
}

function maxDepth(width: number): number {
  return Math.max(1, Math.min(4, 1 + Math.floor(ENSEMBLE_WEIGHT_BUDGET / (width * width))));
}

/** Bring (width, depth) inside the budget; the slider the reader moved wins. */
export function fitEnsembleBudget(width: number, depth: number, moved: 'width' | 'depth'): Fitted {
  if (depth <= maxDepth(width)) return { width, depth, note: null };
  if (moved === 'depth') {
    const w = maxWidth(depth);
    return { width: w, depth, note: `At depth ${depth} the ensemble trains up to width ${w}: width lowered from ${width}.` };
  }
  const d = maxDepth(width);
  return { width, depth: d, note: `At width ${width} the ensemble trains up to depth ${d}: depth lowered from ${depth}.` };
}
