import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/** Backends the engine is tested on in Node (wasm finds its .wasm files itself there). */
export const BACKENDS = ['cpu', 'wasm'] as const;
export type BackendName = (typeof BACKENDS)[number];

export async function useBackend(name: BackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`could not set backend ${name}`);
  await tf.ready();
}

/** Deterministic inputs: row i, column j -> a smooth pseudo-random value in about [-1.5, 1.5]. */
export function testInputs(n: number, d: number, offset = 0): tf.Tensor2D {
  const v = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) v[i * d + j] = 1.5 * Math.sin(1.7 * (i + offset) + 2.3 * j + 0.4 * (i + offset) * j + 0.3);
  }
  return tf.tensor2d(v, [n, d]);
}
