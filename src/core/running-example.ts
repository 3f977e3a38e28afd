/**
 * The article's running example (ARTICLE.md): 1-D regression on x in [-pi, pi],
 * inputs embedded in 2-D, targets from a smooth function plus a little noise.
 */
import { createRng } from './random';
import type { Matrix } from './types';

/**
 * Embed scalars as network inputs:
 * - 'circle' (default): (cos x, sin x), on the unit circle, so every input has norm 1 and the
 *   kernels depend only on the angle between inputs;
 * - 'affine': (x, 1) / sqrt(2), which keeps x itself and adds a constant coordinate.
 */
export function embedInputs(xs: number[], embedding: 'circle' | 'affine' = 'circle'): Matrix {
  if (embedding === 'circle') return xs.map((x) => [Math.cos(x), Math.sin(x)]);
  if (embedding === 'affine') return xs.map((x) => [x / Math.SQRT2, 1 / Math.SQRT2]);
  throw new Error(`unknown embedding "${String(embedding)}" (expected 'circle' or 'affine')`);
}

/**
 * The smooth target of the running example, 2 pi-periodic so that it is a function of the
 * circle embedding too: 0.8 sin(x) + 0.35 cos(2x) - 0.2 sin(3x + 0.5).
 */
export function targetFunction(x: number): number {
  return 0.8 * Math.sin(x) + 0.35 * Math.cos(2 * x) - 0.2 * Math.sin(3 * x + 0.5);
}

/**
 * `count` (default 16) training inputs drawn uniformly from [-pi, pi] and sorted, with targets
 * targetFunction(x) + noise * N(0, 1) (`noise` is a standard deviation, default 0.05). Seeded (default 0).
 */
export function runningExample(args: { count?: number; noise?: number; seed?: number } = {}): { x: number[]; y: number[] } {
  const count = args.count ?? 16;
  const noise = args.noise ?? 0.05;
  if (!Number.isInteger(count) || count < 0) throw new Error(`count must be an integer >= 0, got ${count}`);
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new Error(`noise must be finite and >= 0, got ${noise}`);
  const rng = createRng(args.seed ?? 0);
  const x = Array.from({ length: count }, () => -Math.PI + 2 * Math.PI * rng.uniform()).sort((a, b) => a - b);
  const y = x.map((v) => targetFunction(v) + noise * rng.normal());
  return { x, y };
}
