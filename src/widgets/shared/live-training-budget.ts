/**
 * Keeping the hero live: a training step of an MLP costs about one pass over
 * its hidden-to-hidden weights, (L - 1) n^2 of them. Measured on wasm in
 * Node on a busy 2-core machine: width 1024 / depth 4 (3.1M such weights)
 * about 40 ms a step, width 2048 / depth 2 (4.2M) about 75 ms, but
 * width 4096 / depth 4 (50M) about 770 ms a step plus ~1 GB of tensors (the
 * trainer keeps the parameters, one step back, the gradients and the update).
 * So the widget keeps (L - 1) n^2 <= HIDDEN_WEIGHT_BUDGET (about 2M): deeper networks
 * are capped in width and wider ones in depth. Depth 1 has no hidden-to-hidden
 * weights and trains live up to width 4096.
 */

/**
 * 2^21 hidden-to-hidden weights: depth 2 up to width 1448, depth 3 up to 1024, depth 4 up to 836.
 * (At 2^22, width 1182 / depth 4 took ~100 ms a step in the browser on the busy test machine,
 * so 1000 steps took minutes.)
 */
export const HIDDEN_WEIGHT_BUDGET = 2 ** 21;

/** Largest depth (>= 1, <= maxDepth) that trains live at this width. */
export function maxDepthForWidth(width: number, maxDepth = 4): number {
  const extra = Math.floor(HIDDEN_WEIGHT_BUDGET / (width * width));
  return Math.max(1, Math.min(maxDepth, 1 + extra));
}

/** Largest width (<= maxWidth) that trains live at this depth. */
export function maxWidthForDepth(depth: number, maxWidth = 4096): number {
  if (depth <= 1) return maxWidth;
  return Math.min(maxWidth, Math.floor(Math.sqrt(HIDDEN_WEIGHT_BUDGET / (depth - 1))));
}

export interface Fitted { width: number; depth: number; note: string | null }

/**
 * Bring (width, depth) inside the budget, changing the one the reader did not
 * just move: a new depth lowers the width, anything else lowers the depth.
 */
export function fitBudget(width: number, depth: number, moved: 'width' | 'depth'): Fitted {
  if (depth <= maxDepthForWidth(width)) return { width, depth, note: null };
  if (moved === 'depth') {
    const w = maxWidthForDepth(depth);
    return { width: w, depth, note: `At depth ${depth} the figure trains live up to width ${w}: width lowered from ${width}.` };
  }
  const d = maxDepthForWidth(width);
  return { width, depth: d, note: `At width ${width} the figure trains live up to depth ${d}: depth lowered from ${depth}.` };
}

/**
 * Apply a parameter patch under the budget: the slider the reader moved wins
 * (a patch that sets only the depth keeps it and lowers the width; anything
 * else keeps the width and lowers the depth).
 */
export function fitPatch<P extends { width: number; depth: number }>(current: P, patch: Partial<P>): { params: P; note: string | null } {
  const moved = patch.depth !== undefined && patch.width === undefined ? 'depth' : 'width';
  const next = { ...current, ...patch };
  const fit = fitBudget(next.width, next.depth, moved);
  return { params: { ...next, width: fit.width, depth: fit.depth }, note: fit.note };
}
