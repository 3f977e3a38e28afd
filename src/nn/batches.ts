import { createRng } from '../core';

/**
 * Seeded minibatch indices: each epoch visits a fresh permutation of 0..n-1
 * (Fisher-Yates with the core's seeded generator, a stream forked from the seed's) in consecutive batches of `batchSize`; the
 * last, shorter batch of an epoch is dropped so every batch has the same size.
 * batchSize >= n gives the full batch every time.
 */
export function createBatchSampler(n: number, batchSize: number, seed: number): () => Int32Array {
  if (!(batchSize >= 1)) throw new RangeError(`batchSize must be >= 1, got ${batchSize}`);
  if (batchSize >= n) {
    const all = Int32Array.from({ length: n }, (_, i) => i);
    return () => all;
  }
  const rng = createRng(seed).fork(1);
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let position = n;
  return () => {
    if (position + batchSize > n) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      position = 0;
    }
    const batch = order.slice(position, position + batchSize);
    position += batchSize;
    return batch;
  };
}
