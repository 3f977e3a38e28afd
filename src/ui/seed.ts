/**
 * "New seed": a deterministic jump to another seed, so a sequence of clicks
 * is reproducible (seed s -> s'), yet consecutive seeds look unrelated.
 * Knuth's multiplicative hash (2654435761 = floor(2^32 / golden ratio)),
 * reduced into [min, max]; never returns the same seed.
 */
export function nextSeed(seed: number, min = 0, max = 99999): number {
  const span = max - min + 1;
  if (span <= 1) return min;
  const h = Math.imul((seed - min + 1) >>> 0, 2654435761) >>> 0;
  let next = min + (h % span);
  if (next === seed) next = min + ((next - min + 1) % span);
  return next;
}
