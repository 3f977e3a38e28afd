/**
 * Seeded randomness: d3-random's linear congruential generator (32-bit state,
 * multiplier 0x19660D) for uniforms, and the Marsaglia polar method on top of it
 * (d3-random's randomNormal.source) for standard normals. The same seed gives the
 * same sequence in Node and in the browser.
 */
import { randomLcg, randomNormal } from 'd3-random';

/** A seeded stream of random numbers. */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** An independent stream derived from this generator's seed and `stream` (does not advance this one). */
  fork(stream: number): Rng;
}

/** A 32-bit integer hash (Murmur3 finalizer) so that nearby seeds start far apart. */
function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Integer state for d3's lcg from any finite seed (d3 reads seeds in [0, 1) as fractions; we never pass one). */
function seedState(seed: number, stream: number): number {
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
  const lo = Math.floor(Math.abs(seed)) >>> 0;
  const hi = Math.floor(Math.abs(seed) / 2 ** 32) >>> 0;
  const frac = Math.floor((Math.abs(seed) % 1) * 2 ** 32) >>> 0;
  let h = mix32(lo ^ 0x9e3779b9);
  h = mix32(h ^ hi ^ (seed < 0 ? 0x5bd1e995 : 0));
  h = mix32(h ^ frac);
  h = mix32(h ^ Math.imul(stream | 0, 0x27d4eb2d));
  return h + 1; // in [1, 2^32]: an integer >= 1, read by d3 as a state.
}

function makeRng(seed: number, stream: number): Rng {
  const uniform = randomLcg(seedState(seed, stream));
  const normal = randomNormal.source(uniform)(0, 1);
  return {
    uniform,
    normal,
    fork: (child: number) => makeRng(seed, mix32(stream * 0x3c6ef372 + (child | 0) + 1)),
  };
}

/** A generator from a seed (any finite number). */
export function createRng(seed: number): Rng {
  return makeRng(seed, 0);
}
